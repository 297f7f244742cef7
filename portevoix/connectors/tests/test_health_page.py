"""The connections page shows each account's state, its expiry dates in the brand's time zone
and its last error with its date; viewers see it, only managers get the buttons; "check now"
asks the platform."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from portevoix.accounts.models import Role
from portevoix.connectors import actions
from portevoix.connectors.base import Credentials
from portevoix.connectors.models import AccountStatus
from portevoix.connectors.tests.factories import make_account


def page(client: Client, brand: Any) -> str:
    return client.get(reverse("connectors:list", args=[brand.pk])).content.decode()


def test_it_shows_state_expiry_in_the_brands_time_zone_and_the_last_error(
    client: Client, alice: Any, brand: Any
) -> None:
    hard = dt.datetime(2027, 3, 1, 3, 30, tzinfo=dt.UTC)  # 22:30 the day before in Montréal
    connected = make_account(
        brand, credentials=Credentials(access_token="a", refresh_token="r", refresh_expires_at=hard)
    )
    actions.mark_needs_reconnect(connected, "InvalidToken: Token has been revoked")
    client.force_login(alice)
    html = page(client, brand)
    montreal = ZoneInfo("America/Montreal")
    connected.refresh_from_db()
    assert connected.last_error_at is not None
    with translation.override("fr"):  # alice reads French, the default language
        assert str(AccountStatus.NEEDS_RECONNECT.label) in html
        expiry = date_format(hard.astimezone(montreal), "DATETIME_FORMAT")
        assert expiry.startswith("28 février 2027")  # the day before in Montréal
        assert f"expire le {expiry}" in html
        error_at = date_format(connected.last_error_at.astimezone(montreal), "DATETIME_FORMAT")
        assert f"({error_at})" in html
    assert "InvalidToken: Token has been revoked" in html


def test_it_escapes_the_platforms_error_text(client: Client, alice: Any, brand: Any) -> None:
    connected = make_account(brand)
    actions.record_error(connected, "<script>alert(1)</script>")
    client.force_login(alice)
    html = page(client, brand)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_it_shows_the_buttons_to_managers_only(
    client: Client, brand: Any, member_with_role: Any
) -> None:
    connected = make_account(brand)
    check = reverse("connectors:check", args=[brand.pk, connected.pk])
    viewer = member_with_role(Role.COMMUNITY_MANAGER)
    client.force_login(viewer)
    html = page(client, brand)
    assert connected.label in html
    assert check not in html
    assert client.post(check).status_code == 403
    client.force_login(member_with_role(Role.OWNER))
    assert check in page(client, brand)


def test_it_checks_now_and_records_the_answer(client: Client, alice: Any, brand: Any) -> None:
    connected = make_account(brand)
    client.force_login(alice)
    response = client.post(reverse("connectors:check", args=[brand.pk, connected.pk]))
    assert response.status_code == 302
    connected.refresh_from_db()
    assert connected.last_checked_at is not None
    assert connected.status == AccountStatus.ACTIVE
