"""The signed-in web app calls the API with its session: the user's roles across brands apply,
and writes need Django's CSRF token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from portevoix.accounts import actions
from portevoix.accounts.models import Role
from portevoix.api.tests.helpers import call, error_of, session_client


def test_it_lists_every_brand_the_user_may_see(alice: Any, org: Any, brand: Any) -> None:
    sister = actions.create_brand(alice, org, name="Café Lumière Québec")
    actions.add_member(alice, org, username="dana", role=Role.ANALYST, brands=[sister])

    alices = call("GET", "/brands", client=session_client(alice)).json()
    assert {b["id"] for b in alices["items"]} == {brand.pk, sister.pk}
    assert alices["count"] == 2

    dana = get_user_model().objects.get(username="dana")
    danas = call("GET", "/brands", client=session_client(dana)).json()["items"]
    assert [b["id"] for b in danas] == [sister.pk]
    assert call("GET", f"/brands/{brand.pk}", client=session_client(dana)).status_code == 404


def test_it_refuses_a_session_write_without_csrf_token(bob: Any, brand: Any) -> None:
    client = session_client(bob, enforce_csrf_checks=True)

    response = call("POST", f"/brands/{brand.pk}/personas", client=client, body={"name": "Ados"})

    assert response.status_code == 403
    assert error_of(response)["code"] == "csrf_failed"


def test_it_accepts_a_session_write_with_csrf_token(bob: Any, brand: Any) -> None:
    client = session_client(bob, enforce_csrf_checks=True)
    # A CSRF secret is 32 letters or digits; Django accepts it unmasked in the header.
    token = "a" * 32
    client.cookies["csrftoken"] = token

    response = call(
        "POST",
        f"/brands/{brand.pk}/personas",
        client=client,
        body={"name": "Ados"},
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 201, response.content


def test_it_asks_an_anonymous_writer_to_authenticate_not_for_csrf(brand: Any) -> None:
    response = call(
        "POST",
        f"/brands/{brand.pk}/personas",
        client=Client(enforce_csrf_checks=True),
        body={"name": "Ados"},
    )
    assert response.status_code == 401
