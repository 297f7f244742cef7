"""Brands through the API: created from a session, changed and deleted with the brand-management
permission, each write audited with via="api"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from portevoix.accounts.models import AuditEvent, Brand
from portevoix.api.tests.helpers import call, error_of, session_client


def test_it_creates_a_brand_from_a_session(alice: Any, org: Any) -> None:
    response = call(
        "POST",
        "/brands",
        client=session_client(alice),
        body={"organisation": org.pk, "name": "Boulangerie Aube", "languages": ["fr", "en"]},
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["slug"], data["organisation"], data["languages"]) == (
        "boulangerie-aube",
        org.pk,
        ["fr", "en"],
    )
    assert data["timezone"] == "America/Montreal"
    event = AuditEvent.objects.get(action="accounts.brand.create")
    assert (event.via, event.actor) == ("api", alice)


def test_it_changes_a_brand(alice: Any, brand: Any, token_for: Callable[..., str]) -> None:
    response = call(
        "PATCH",
        f"/brands/{brand.pk}",
        token=token_for(alice, brand),
        body={"description": "Torréfacteur du Plateau", "timezone": "Europe/Paris"},
    )

    assert response.status_code == 200, response.content
    brand.refresh_from_db()
    assert (brand.description, brand.timezone, brand.name) == (
        "Torréfacteur du Plateau",
        "Europe/Paris",
        "Café Lumière",
    )
    assert AuditEvent.objects.get(action="accounts.brand.update").via == "api"


def test_it_refuses_an_unknown_time_zone(
    alice: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    response = call(
        "PATCH",
        f"/brands/{brand.pk}",
        token=token_for(alice, brand),
        body={"timezone": "Mars/Olympus"},
    )

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["timezone"]


def test_it_deletes_a_brand(alice: Any, org: Any, brand: Any) -> None:
    response = call("DELETE", f"/brands/{brand.pk}", client=session_client(alice))

    assert response.status_code == 204
    assert not Brand.objects.filter(pk=brand.pk).exists()
    event = AuditEvent.objects.get(action="accounts.brand.delete")
    assert (event.via, event.organisation) == ("api", org)
