"""End to end against a real AT Protocol PDS on 127.0.0.1 (`make test-e2e` starts it with
../shared/tools/local-servers/atproto-local.sh). Accounts are made on the spot, with an app
password like a person would; every call goes through the SSRF-guarded client.

The full-network tests (search, notifications) need `start-full` (an AppView that indexes the
PDS's firehose asynchronously: they poll) and run when PORTEVOIX_E2E_FULL=1.
"""

from __future__ import annotations

import os
import struct
import time
import uuid
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import pytest

from portevoix.connectors import actions
from portevoix.connectors.base import Account, Draft, Media, PublishState
from portevoix.connectors.bluesky.connector import BlueskyConnector
from portevoix.connectors.errors import OutcomeUnknown
from portevoix.connectors.models import AccountStatus
from portevoix.lib.http import GuardedTransport, make_client

pytestmark = pytest.mark.e2e
PDS = os.environ.get("PORTEVOIX_E2E_PDS", "http://localhost:2583")
FULL = os.environ.get("PORTEVOIX_E2E_FULL") == "1"
T = TypeVar("T")


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def new_person(name: str) -> dict[str, str]:
    """An account on the PDS and an app password for Porte-voix, as a person would make them."""
    handle = f"{name}{uuid.uuid4().hex[:6]}.test"
    with httpx.Client(base_url=f"{PDS}/xrpc", timeout=20) as pds:
        created = pds.post(
            "com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@example.com", "password": "hunter22"},
        )
        created.raise_for_status()
        token = created.json()["accessJwt"]
        app = pds.post(
            "com.atproto.server.createAppPassword",
            json={"name": "Porte-voix"},
            headers={"Authorization": f"Bearer {token}"},
        )
        app.raise_for_status()
    return {"handle": handle, "app_password": app.json()["password"], "pds_url": PDS}


class LoseCreateAnswer(httpx.BaseTransport):
    """Lets the createRecord request reach the PDS, then drops its answer (a timeout)."""

    def __init__(self) -> None:
        self.inner = GuardedTransport(httpx.HTTPTransport())
        self.armed = True

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if self.armed and request.url.path.endswith("com.atproto.repo.createRecord"):
            response.read()
            self.armed = False
            raise httpx.ReadTimeout("answer lost on the way back", request=request)
        return response


def poll(fetch: Callable[[], T], ok: Callable[[T], bool], seconds: float = 30) -> T:
    deadline = time.monotonic() + seconds
    while True:
        value = fetch()
        if ok(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def post_count(account: Account) -> int:
    answer = httpx.get(
        f"{PDS}/xrpc/com.atproto.repo.listRecords",
        params={"repo": account.external_id, "collection": "app.bsky.feed.post", "limit": 100},
    )
    return len(answer.json()["records"])


@pytest.fixture
def bluesky(settings: Any) -> BlueskyConnector:
    settings.PORTEVOIX_CONNECTORS = {
        **settings.PORTEVOIX_CONNECTORS,
        "bluesky": {"app_url": "http://localhost:2584"},
    }
    connector = actions.connector_for("bluesky")
    assert isinstance(connector, BlueskyConnector)
    return connector


def test_it_connects_publishes_survives_a_lost_answer_refreshes_and_deletes(
    bluesky: BlueskyConnector, brand: Any
) -> None:
    connected = actions.connect_account(None, brand, bluesky.connect(new_person("cafe")))
    account = connected.as_account()
    assert account.external_id.startswith("did:plc:")
    assert connected.hard_expires_at is not None

    image = tiny_png()
    media = Media(
        "pixel.png", "image/png", len(image), alt_text="Un pixel rouge", data=lambda: image
    )
    state = PublishState()
    published = bluesky.publish(
        account, Draft(text="Bonjour du café ✨ #automne", media=(media,)), "e2e-1", state
    )
    assert state["blobs"][0]["mimeType"] == "image/png"
    record = httpx.get(
        f"{PDS}/xrpc/com.atproto.repo.getRecord",
        params={
            "repo": account.external_id,
            "collection": "app.bsky.feed.post",
            "rkey": published.platform_id.rsplit("/", 1)[1],
        },
    ).json()["value"]
    assert record["embed"]["images"][0]["alt"] == "Un pixel rouge"
    assert record["facets"][0]["features"][0]["tag"] == "automne"

    # The answer to createRecord is lost: the outcome is unknown, lookup finds the post, and
    # publishing again (a retry) returns it instead of posting twice.
    losing = BlueskyConnector(make_client(transport=LoseCreateAnswer()), bluesky.settings)
    with pytest.raises(OutcomeUnknown):
        losing.publish(account, Draft(text="Deuxième publication"), "e2e-2", PublishState())
    found = bluesky.lookup(account, "e2e-2", PublishState())
    assert found is not None
    before = post_count(account)
    again = bluesky.publish(account, Draft(text="Deuxième publication"), "e2e-2", PublishState())
    assert again.platform_id == found.platform_id
    assert post_count(account) == before == 2

    old_refresh = connected.credentials.refresh_token
    refreshed = actions.refresh_credentials(connected, connector=bluesky, force=True)
    assert refreshed.credentials.refresh_token != old_refresh
    assert refreshed.status == AccountStatus.ACTIVE
    account = refreshed.as_account()
    assert actions.check_account_health(refreshed, connector=bluesky) is not None

    bluesky.delete(account, published.platform_id)
    assert bluesky.lookup(account, "e2e-1", PublishState()) is None
    assert post_count(account) == 1


def test_it_marks_the_account_when_its_session_is_revoked(
    bluesky: BlueskyConnector, brand: Any
) -> None:
    connected = actions.connect_account(None, brand, bluesky.connect(new_person("revoque")))
    # The person revokes the session (as "sign out everywhere" / deleting the app password does).
    httpx.post(
        f"{PDS}/xrpc/com.atproto.server.deleteSession",
        headers={"Authorization": f"Bearer {connected.credentials.refresh_token}"},
    ).raise_for_status()
    refreshed = actions.refresh_credentials(connected, connector=bluesky, force=True)
    assert refreshed.status == AccountStatus.NEEDS_RECONNECT
    assert refreshed.last_error


@pytest.mark.skipif(not FULL, reason="needs the full network: atproto-local.sh start-full")
def test_it_reads_mentions_and_finds_posts_through_the_appview(
    bluesky: BlueskyConnector, brand: Any
) -> None:
    cafe = bluesky.connect(new_person("cafe"))
    fan = bluesky.connect(new_person("fan"))
    word = f"tarte{uuid.uuid4().hex[:8]}"
    bluesky.publish(
        fan, Draft(text=f"@{cafe.handle} votre {word} est la meilleure"), "e2e-m", PublishState()
    )

    mentions = poll(lambda: bluesky.fetch_mentions(cafe), lambda page: bool(page.items))
    assert [(m.author_handle, m.raw["reason"]) for m in mentions.items] == [(fan.handle, "mention")]
    assert word in mentions.items[0].text
    assert mentions.cursor
    assert bluesky.fetch_mentions(cafe, mentions.cursor).items == ()

    hits = poll(lambda: bluesky.search(cafe, word), lambda page: bool(page.items))
    assert [h.author_handle for h in hits.items] == [fan.handle]
    assert hits.items[0].url.startswith(f"http://localhost:2584/profile/{fan.handle}/post/")
