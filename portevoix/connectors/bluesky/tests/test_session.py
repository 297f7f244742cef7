"""Connecting opens a session with the app password; refreshing rotates both tokens; the PDS's
token errors and rate limits map to the errors the scheduler acts on."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from portevoix.connectors.base import Account, Credentials
from portevoix.connectors.bluesky.connector import BlueskyConnector
from portevoix.connectors.bluesky.tests.platform import DID, Pds, fixture, xrpc_error
from portevoix.connectors.errors import AuthExpired, RateLimited
from portevoix.connectors.tests.contract import Recorder


def connector(handler: object) -> tuple[BlueskyConnector, Recorder]:
    recorder = Recorder(handler)  # type: ignore[arg-type]
    return BlueskyConnector(httpx.Client(transport=httpx.MockTransport(recorder))), recorder


def test_it_connects_with_an_app_password_and_reads_the_expiry_dates() -> None:
    bsky, recorder = connector(Pds())
    account = bsky.connect(
        {"handle": "@cafe-lumiere.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"}
    )
    request = recorder.requests[0]
    assert str(request.url) == "https://bsky.social/xrpc/com.atproto.server.createSession"
    assert json.loads(request.content) == {
        "identifier": "cafe-lumiere.bsky.social",
        "password": "abcd-efgh-ijkl-mnop",
    }
    assert account.external_id == DID
    assert account.base_url == "https://bsky.social"
    issued = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
    assert account.credentials.expires_at == issued + dt.timedelta(hours=2)
    assert account.credentials.refresh_expires_at == issued + dt.timedelta(days=90)
    assert "abcd-efgh" not in json.dumps(account.credentials.to_dict())


def test_it_refuses_a_wrong_app_password_as_auth_expired() -> None:
    bsky, _ = connector(lambda r: xrpc_error(401, "AuthenticationRequired"))
    with pytest.raises(AuthExpired) as caught:
        bsky.connect(
            {"handle": "x.bsky.social", "app_password": "nope", "pds_url": "https://p.example"}
        )
    assert "Invalid identifier or password" in caught.value.message


def test_it_refreshes_with_the_refresh_token_and_keeps_the_rotated_one() -> None:
    bsky, recorder = connector(Pds())
    old = Credentials(access_token="old-access", refresh_token="old-refresh")
    new = bsky.refresh_credentials(
        Account(kind="bluesky", external_id=DID, base_url="https://pds.example", credentials=old)
    )
    request = recorder.requests[0]
    assert str(request.url) == "https://pds.example/xrpc/com.atproto.server.refreshSession"
    assert request.headers["authorization"] == "Bearer old-refresh"
    assert new.refresh_token == fixture("refreshSession")["refreshJwt"]
    assert new.expires_at == dt.datetime(2026, 12, 1, 15, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("status", "name"), [(400, "ExpiredToken"), (400, "InvalidToken"), (401, "ExpiredToken")]
)
def test_it_maps_token_errors_to_auth_expired(status: int, name: str) -> None:
    bsky, _ = connector(lambda r: xrpc_error(status, name))
    account = Account(kind="bluesky", external_id=DID, credentials=Credentials(refresh_token="r"))
    with pytest.raises(AuthExpired):
        bsky.refresh_credentials(account)
    with pytest.raises(AuthExpired):
        bsky.check_health(account)


def test_it_waits_until_the_ratelimit_reset() -> None:
    reset = int(dt.datetime.now(dt.UTC).timestamp()) + 300
    bsky, _ = connector(
        lambda r: xrpc_error(429, "RateLimitExceeded", **{"ratelimit-reset": str(reset)})
    )
    with pytest.raises(RateLimited) as caught:
        bsky.refresh_credentials(Account(kind="bluesky", credentials=Credentials()))
    assert caught.value.retry_after is not None
    assert 290 <= caught.value.retry_after <= 300
