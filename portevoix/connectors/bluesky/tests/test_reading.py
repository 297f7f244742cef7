"""Search and mentions come back as RemotePost pages whose cursor marks what was read."""

from __future__ import annotations

import httpx

from portevoix.connectors.base import Account, Credentials
from portevoix.connectors.bluesky.connector import BlueskyConnector
from portevoix.connectors.bluesky.tests.platform import DID, Pds
from portevoix.connectors.tests.contract import Recorder

ACCOUNT = Account(
    kind="bluesky",
    handle="cafe-lumiere.bsky.social",
    external_id=DID,
    base_url="https://pds.example",
    credentials=Credentials(access_token="access"),
)


def connector() -> tuple[BlueskyConnector, Recorder]:
    recorder = Recorder(Pds())
    return BlueskyConnector(httpx.Client(transport=httpx.MockTransport(recorder))), recorder


def test_it_searches_posts_newest_first_with_their_authors_and_counts() -> None:
    bsky, recorder = connector()
    page = bsky.search(ACCOUNT, "café lumière")
    request = recorder.requests[0]
    assert request.url.path == "/xrpc/app.bsky.feed.searchPosts"
    assert request.url.params["q"] == "café lumière"
    assert request.url.params["sort"] == "latest"
    first = page.items[0]
    assert first.author_handle == "marie.bsky.social"
    assert first.author_name == "Marie Tremblay"
    assert first.lang == "fr"
    assert first.metrics == {"likes": 14, "replies": 2, "reposts": 1, "quotes": 0}
    assert first.url == "https://bsky.app/profile/marie.bsky.social/post/3lbqqnbutsc2x"
    assert page.items[1].reply_to.endswith("/3lbqo")
    assert page.cursor == "2026-12-01T14:02:12.104Z"


def test_it_returns_only_what_came_since_the_cursor() -> None:
    bsky, recorder = connector()
    page = bsky.search(ACCOUNT, "café", cursor="2026-12-01T14:00:00.000Z")
    assert recorder.requests[0].url.params["since"] == "2026-12-01T14:00:00.000Z"
    assert [p.author_handle for p in page.items] == ["marie.bsky.social"]
    again = bsky.search(ACCOUNT, "café", cursor=page.cursor)
    assert again.items == ()
    assert again.cursor == page.cursor


def test_it_reads_mentions_replies_and_quotes_but_not_likes() -> None:
    bsky, recorder = connector()
    page = bsky.fetch_mentions(ACCOUNT)
    params = recorder.requests[0].url.params
    assert params.get_list("reasons") == ["mention", "reply", "quote"]
    assert [(p.raw["reason"], p.author_handle) for p in page.items] == [
        ("mention", "marie.bsky.social"),
        ("reply", "jt.bsky.social"),
    ]
    assert page.cursor == "2026-12-01T15:00:01.000Z"
    assert bsky.fetch_mentions(ACCOUNT, cursor=page.cursor).items == ()
