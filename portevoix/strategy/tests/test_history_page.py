from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.urls import reverse

from portevoix.accounts.models import Role
from portevoix.strategy.actions import update_item
from portevoix.strategy.tests.factories import (
    client_for,
    make_budget_line,
    make_objective,
    make_persona,
)


def test_it_shows_who_why_and_the_diff_newest_first(bob: Any, brand: Any) -> None:
    objective = make_objective(brand)
    update_item(bob, objective, reason="Cible <révisée>", target=300, current=120)
    response = client_for(bob).get(
        reverse("strategy:history", args=[brand.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Cible &lt;révisée&gt;") < body.index("created")
    assert '<del class="diff-old">200</del>' in body
    assert '<ins class="diff-new">300</ins>' in body
    assert "bob" in body


def test_it_filters_by_object_type_and_id(bob: Any, brand: Any) -> None:
    first = make_persona(brand, name="Première cible")
    make_persona(brand, name="Deuxième cible")
    make_objective(brand, title="Un objectif")
    client = client_for(bob)
    url = reverse("strategy:history", args=[brand.pk])
    body = client.get(url, {"type": "persona"}).content.decode()
    assert "Première cible" in body
    assert "Un objectif" not in body
    body = client.get(url, {"type": "persona", "id": str(first.pk)}).content.decode()
    assert "Première cible" in body
    assert "Deuxième cible" not in body


def test_it_sends_htmx_only_the_results(bob: Any, brand: Any) -> None:
    make_persona(brand)
    response = client_for(bob).get(
        reverse("strategy:history", args=[brand.pk]), {"type": "persona"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Étudiants du Plateau" in body
    assert "<html" not in body


def test_it_hides_the_budget_from_those_who_may_not_see_it(
    brand: Any, member_with_role: Any
) -> None:
    make_budget_line(brand, label="Ligne secrète")
    response = client_for(member_with_role(Role.COMMUNITY_MANAGER)).get(
        reverse("strategy:history", args=[brand.pk])
    )
    assert response.status_code == 200
    assert "Ligne secrète" not in response.content.decode()


def test_it_shows_times_in_the_brands_time_zone(bob: Any, brand: Any) -> None:
    # 03:30 UTC on 15 January is still the evening of the 14th in Montréal.
    with time_machine.travel(dt.datetime(2026, 1, 15, 3, 30, tzinfo=dt.UTC), tick=False):
        make_persona(brand)
    body = (
        client_for(bob)
        .get(reverse("strategy:history", args=[brand.pk]), HTTP_ACCEPT_LANGUAGE="fr")
        .content.decode()
    )
    assert "14/01/2026 22:30" in body


def test_it_pages_fifty_changes_at_a_time(bob: Any, brand: Any) -> None:
    for number in range(51):
        make_persona(brand, name=f"Cible {number:02}")
    client = client_for(bob)
    url = reverse("strategy:history", args=[brand.pk])
    first = client.get(url, {"type": "persona"})
    assert len(first.context["entries"]) == 50
    assert "Cible 50" in first.content.decode()
    assert "page=2" in first.content.decode()
    second = client.get(url, {"type": "persona", "page": "2"})
    assert [e["revision"].object_repr for e in second.context["entries"]] == ["Cible 00"]
