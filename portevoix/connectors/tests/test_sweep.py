"""The beat sweep refreshes tokens that are due (rotated refresh tokens saved), warns owners 7
days before a hard expiry (once, by e-mail and in the app, in their language), and records
health checks of the accounts not checked lately."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from portevoix.accounts.models import Notification, Profile
from portevoix.connectors import tasks
from portevoix.connectors.base import Credentials
from portevoix.connectors.models import ConnectedAccount
from portevoix.connectors.tests.factories import make_account

START = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def tasks_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fanned-out tasks run here, their arguments JSON round-tripped as a broker would.
    for task in (tasks.refresh_account_task, tasks.check_account_task):
        monkeypatch.setattr(task, "delay", lambda *args, t=task: t(*json.loads(json.dumps(args))))


def sweep() -> None:
    # Tasks run eagerly here; the sweep's fan-out happens on commit, as in production.
    with TestCase.captureOnCommitCallbacks(execute=True):
        tasks.sweep_connections_task()


def test_it_refreshes_a_token_when_a_quarter_of_its_life_is_left(brand: Any) -> None:
    with time_machine.travel(START, tick=False):
        connected = make_account(brand)  # a 2-hour access token, the fake platform rotates
        sweep()
        assert (
            ConnectedAccount.objects.get(pk=connected.pk).credentials.refresh_token == "refresh-0"
        )
    with time_machine.travel(START + dt.timedelta(minutes=95), tick=False):
        sweep()
    refreshed = ConnectedAccount.objects.get(pk=connected.pk)
    assert refreshed.credentials.refresh_token == "fake-refresh-1"
    assert refreshed.last_refreshed_at == START + dt.timedelta(minutes=95)


def test_it_warns_the_owners_a_week_before_a_hard_expiry_once(
    alice: Any, bob: Any, brand: Any
) -> None:
    alice.email, bob.email = "alice@example.org", "bob@example.org"
    alice.save()
    bob.save()
    Profile.objects.update_or_create(user=bob, defaults={"language": "en"})
    hard = START + dt.timedelta(days=10)
    with time_machine.travel(START, tick=False):
        connected = make_account(
            brand,
            credentials=Credentials(access_token="a", refresh_token="r", refresh_expires_at=hard),
        )
        sweep()
    assert not Notification.objects.exists()
    with time_machine.travel(START + dt.timedelta(days=3, hours=1), tick=False):
        sweep()
        sweep()
    by_user = {n.user.username: n for n in Notification.objects.select_related("user")}
    assert set(by_user) == {"alice", "bob"}
    assert by_user["alice"].subject.startswith("Le compte Canal de démonstration")
    assert "11 décembre 2026" in by_user["alice"].subject  # Montréal's date
    assert "expires on Dec. 11, 2026" in by_user["bob"].subject
    assert by_user["alice"].kind == "connectors.expires_soon"
    assert len(mail.outbox) == 2
    with time_machine.travel(START + dt.timedelta(days=5), tick=False):
        sweep()
    assert Notification.objects.count() == 2
    connected.refresh_from_db()
    assert connected.expiry_warned_at is not None


def test_it_warns_again_when_a_new_expiry_comes_close(alice: Any, brand: Any) -> None:
    with time_machine.travel(START, tick=False):
        connected = make_account(
            brand,
            credentials=Credentials(
                access_token="a", refresh_token="r", refresh_expires_at=START + dt.timedelta(days=6)
            ),
        )
        sweep()
    assert Notification.objects.count() == 1
    # Someone reconnected with a new 90-day login; the warning comes again near its end.
    ConnectedAccount.objects.filter(pk=connected.pk).update(
        hard_expires_at=START + dt.timedelta(days=90)
    )
    with time_machine.travel(START + dt.timedelta(days=84), tick=False):
        sweep()
    assert Notification.objects.count() == 2


def test_it_records_a_health_check_of_accounts_not_checked_lately(brand: Any) -> None:
    with time_machine.travel(START, tick=False):
        healthy = make_account(brand, handle="ok")
        failing = make_account(brand, handle="ko", config={"fail_with": "auth_expired"})
        sweep()
    healthy.refresh_from_db()
    failing.refresh_from_db()
    assert healthy.last_checked_at == START
    assert healthy.last_error == ""
    assert failing.last_checked_at == START
    assert failing.last_error == "invalid"
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        sweep()
    healthy.refresh_from_db()
    assert healthy.last_checked_at == START  # checked at most every 6 hours
