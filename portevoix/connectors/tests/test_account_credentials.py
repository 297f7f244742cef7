"""Connected accounts keep their secrets encrypted, refresh under a lock with the rotated
refresh token saved, and a refused refresh pauses the account and tells its owners."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.core import mail

from portevoix.accounts.models import Notification
from portevoix.connectors import actions
from portevoix.connectors.models import AccountStatus, ConnectedAccount
from portevoix.connectors.tests.factories import make_account


def test_it_stores_credentials_encrypted(brand: Any) -> None:
    account = make_account(brand)
    raw = ConnectedAccount.objects.values_list("secrets", flat=True).get(pk=account.pk)
    assert "refresh-0" not in raw
    assert account.credentials.refresh_token == "refresh-0"


def test_it_refreshes_only_when_a_quarter_of_the_lifetime_is_left(brand: Any) -> None:
    account = make_account(brand)
    assert not actions.refresh_due(account)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=100)):
        assert actions.refresh_due(account)
        refreshed = actions.refresh_credentials(account)
    assert refreshed.credentials.refresh_token == "fake-refresh-1"
    assert ConnectedAccount.objects.get(pk=account.pk).credentials.access_token == "fake-access-1"


def test_it_pauses_the_account_and_tells_its_owner_when_the_refresh_is_refused(
    brand: Any, alice: Any, settings: Any
) -> None:
    alice.email = "alice@example.org"
    alice.save()
    account = make_account(brand, config={"fail_with": "auth_expired"})
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=100)):
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            actions.refresh_credentials(account)
    account.refresh_from_db()
    assert account.status == AccountStatus.NEEDS_RECONNECT
    assert "invalid_grant" in account.last_error
    notification = Notification.objects.get(user=alice)
    assert notification.kind == "connectors.needs_reconnect"
    assert len(mail.outbox) == 1
    # Told once per breakage, however many workers hit it.
    assert not actions.mark_needs_reconnect(account, "again")
    assert Notification.objects.filter(user=alice).count() == 1
