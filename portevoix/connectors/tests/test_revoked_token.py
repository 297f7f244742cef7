"""A revoked token: the platform refuses the access token, one refresh is tried, and when that
fails too the account needs reconnecting and its owners are told, once, in their language."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from django.core import mail
from django.test import TestCase

from portevoix.accounts.models import Notification
from portevoix.connectors import actions
from portevoix.connectors.base import Credentials
from portevoix.connectors.bluesky.connector import BlueskyConnector
from portevoix.connectors.bluesky.tests.platform import DID, Pds, xrpc_error
from portevoix.connectors.errors import AuthExpired
from portevoix.connectors.models import AccountStatus
from portevoix.connectors.tests.factories import make_account


def bluesky(brand: Any) -> Any:
    return make_account(
        brand,
        kind="bluesky",
        handle="cafe-lumiere.bsky.social",
        credentials=Credentials(access_token="old-access", refresh_token="old-refresh"),
    )


def connector(handler: Any) -> BlueskyConnector:
    return BlueskyConnector(httpx.Client(transport=httpx.MockTransport(handler)))


def test_it_pauses_the_account_and_tells_the_owner_when_the_refresh_is_refused(
    alice: Any, brand: Any
) -> None:
    alice.email = "alice@example.org"
    alice.save()
    connected = bluesky(brand)
    connected.external_id = DID
    connected.save()

    def revoked(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("refreshSession"):
            return xrpc_error(400, "ExpiredToken")
        return xrpc_error(401, "InvalidToken")

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert actions.check_account_health(connected, connector=connector(revoked)) is None
    connected.refresh_from_db()
    assert connected.status == AccountStatus.NEEDS_RECONNECT
    assert "ExpiredToken" in connected.last_error
    assert Notification.objects.get(user=alice).kind == "connectors.needs_reconnect"
    assert len(mail.outbox) == 1
    assert "Reconnectez le compte Bluesky" in mail.outbox[0].subject  # alice's language


def test_it_gives_up_after_one_refresh_that_does_not_help(alice: Any, brand: Any) -> None:
    connected = bluesky(brand)
    pds = Pds()
    calls: list[str] = []

    def refused_after_refresh(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path.rsplit(".", 1)[-1])
        if request.url.path.endswith("getSession"):
            return xrpc_error(401, "InvalidToken")
        return pds(request)

    with pytest.raises(AuthExpired):
        actions.call_with_refresh(
            connected, lambda c, a: c.check_health(a), connector=connector(refused_after_refresh)
        )
    assert calls == ["getSession", "refreshSession", "getSession"]
    connected.refresh_from_db()
    assert connected.status == AccountStatus.NEEDS_RECONNECT
    # The rotated refresh token was kept even though the account then failed.
    assert connected.credentials.refresh_token != "old-refresh"
    assert Notification.objects.filter(user=alice).count() == 1


def test_it_carries_on_with_the_refreshed_token(alice: Any, brand: Any) -> None:
    connected = bluesky(brand)
    pds = Pds()

    def expired_once(request: httpx.Request) -> httpx.Response:
        if request.headers.get("authorization") == "Bearer old-access":
            return xrpc_error(400, "ExpiredToken")
        return pds(request)

    health = actions.check_account_health(connected, connector=connector(expired_once))
    assert health is not None
    assert health.valid
    connected.refresh_from_db()
    assert connected.status == AccountStatus.ACTIVE
    assert connected.last_checked_at is not None
    assert not Notification.objects.exists()
