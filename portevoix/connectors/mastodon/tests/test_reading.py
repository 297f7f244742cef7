"""Mentions come from notifications (type mention), listening from hashtag timelines or
full-text search; cursors move forward with min_id."""

from __future__ import annotations

import httpx

from portevoix.connectors.mastodon.connector import MastodonConnector
from portevoix.connectors.mastodon.tests import helpers
from portevoix.connectors.tests.contract import Recorder


def connector(recorder: Recorder) -> MastodonConnector:
    return MastodonConnector(httpx.Client(transport=httpx.MockTransport(recorder)))


def test_it_reads_mentions_from_notifications() -> None:
    recorder = Recorder(helpers.documented)
    page = connector(recorder).fetch_mentions(helpers.account(), cursor="34975000")
    (mention,) = page.items
    assert mention.platform_id == "103186126728896492"
    assert mention.text == "@trwnh sup!"
    assert mention.author_handle == "@zsc"
    assert mention.reply_to == "103186038209478945"
    assert page.cursor == "34975861"
    params = recorder.requests[0].url.params
    assert params["types[]"] == "mention"
    assert params["min_id"] == "34975000"


def test_it_listens_to_a_hashtag_through_its_timeline() -> None:
    recorder = Recorder(lambda request: httpx.Response(200, json=[helpers.fixture("status.json")]))
    page = connector(recorder).search(helpers.account(), "#cafe")
    assert recorder.requests[0].url.path == "/api/v1/timelines/tag/cafe"
    assert page.items[0].text == "test content"
    assert page.items[0].metrics == {"replies": 7, "reposts": 98, "likes": 112}
    assert page.cursor == "103254962155278888"


def test_it_listens_to_words_through_search() -> None:
    body = {"accounts": [], "hashtags": [], "statuses": [helpers.fixture("status.json")]}
    recorder = Recorder(lambda request: httpx.Response(200, json=body))
    page = connector(recorder).search(helpers.account(), "café lumière", cursor="100")
    request = recorder.requests[0]
    assert request.url.path == "/api/v2/search"
    assert request.url.params["q"] == "café lumière"
    assert request.url.params["type"] == "statuses"
    assert request.url.params["min_id"] == "100"
    assert len(page.items) == 1


def test_it_reads_metrics_for_many_statuses() -> None:
    recorder = Recorder(lambda request: httpx.Response(200, json=[helpers.fixture("status.json")]))
    metrics = connector(recorder).fetch_metrics(helpers.account(), ["103254962155278888"])
    assert metrics == {"103254962155278888": {"replies": 7, "reposts": 98, "likes": 112}}
    assert recorder.requests[0].url.params.get_list("id[]") == ["103254962155278888"]
