"""A token acts on its own brand, as its user with that user's current role, until revoked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import time_machine

from portevoix.accounts import actions
from portevoix.accounts.models import ApiToken, Membership, Role
from portevoix.api.tests.helpers import call, error_of


def test_it_refuses_a_revoked_token(alice: Any, brand: Any, token_for: Callable[..., str]) -> None:
    secret = token_for(alice, brand)
    actions.revoke_api_token(alice, ApiToken.objects.get())

    response = call("GET", f"/brands/{brand.pk}", token=secret)

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_an_unknown_token(brand: Any) -> None:
    response = call("GET", f"/brands/{brand.pk}", token="pv_not-a-real-secret")
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"


def test_it_reaches_only_the_tokens_own_brand(
    alice: Any, org: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    sister = actions.create_brand(alice, org, name="Café Lumière Québec")
    secret = token_for(alice, brand)

    assert call("GET", f"/brands/{sister.pk}", token=secret).status_code == 404
    listed = call("GET", "/brands", token=secret).json()["items"]
    assert [b["id"] for b in listed] == [brand.pk]


def test_it_acts_with_the_users_current_role(
    alice: Any, org: Any, bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    secret = token_for(bob, brand)
    body = {"name": "Parents pressés"}
    assert call("POST", f"/brands/{brand.pk}/personas", token=secret, body=body).status_code == 201

    actions.update_membership(alice, Membership.objects.get(user=bob), role=Role.CLIENT, brands=[])
    response = call("POST", f"/brands/{brand.pk}/personas", token=secret, body=body)

    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_it_stops_working_when_its_user_leaves(
    alice: Any, bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    secret = token_for(bob, brand)
    actions.remove_member(alice, Membership.objects.get(user=bob))

    assert call("GET", f"/brands/{brand.pk}", token=secret).status_code == 401


def test_it_records_use_at_most_once_a_minute(
    alice: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    secret = token_for(alice, brand)
    start = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.UTC)

    with time_machine.travel(start, tick=False):
        call("GET", f"/brands/{brand.pk}", token=secret)
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        call("GET", f"/brands/{brand.pk}", token=secret)
    assert ApiToken.objects.get().last_used_at == start

    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        call("GET", f"/brands/{brand.pk}", token=secret)
    assert ApiToken.objects.get().last_used_at == start + dt.timedelta(seconds=61)


def test_it_answers_in_the_token_owners_language(
    alice: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    actions.set_profile(alice, alice, language="en")
    response = call("POST", f"/brands/{brand.pk}/personas", token=token_for(alice, brand), body={})
    assert error_of(response)["fields"]["name"] == ["This field is required."]
