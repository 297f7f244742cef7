"""Bad input is refused next to its field, the page comes back with what was typed, and
nothing is saved. French catalogues for our own messages come later: French is asserted only
for Django's built-in messages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from portevoix.strategy.models import Objective, Persona, Revision
from portevoix.strategy.tests.factories import (
    client_for,
    later,
    make_budget_line,
    make_campaign,
    make_objective,
    make_persona,
)


def post_fr(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="fr")


def objective_data(brand: Any, **overrides: str) -> dict[str, str]:
    return {
        "title": "Ventes en ligne",
        "category": "revenue",
        "kpi_metric": "Chiffre d'affaires",
        "baseline": "1500",
        "target": "4000",
        "deadline": later(brand).isoformat(),
        "reason": "Essai",
    } | overrides


def test_it_refuses_an_empty_name_in_french(bob: Any, brand: Any) -> None:
    url = reverse("strategy:persona-create", args=[brand.pk])
    response = post_fr(client_for(bob), url, {"name": "", "language": "fr", "region": "Montréal"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.context["form"].errors["name"]
    assert 'value="Montréal"' in response.content.decode()
    assert not Persona.objects.exists()


def test_it_refuses_a_too_long_name_and_keeps_the_object(bob: Any, brand: Any) -> None:
    persona = make_persona(brand)
    url = reverse("strategy:persona-edit", args=[brand.pk, persona.pk])
    response = post_fr(client_for(bob), url, {"name": "x" * 121, "language": "fr"})
    assert response.status_code == 200
    [message] = response.context["form"].errors["name"]
    assert message.startswith("Assurez-vous que cette valeur comporte au plus 120 caractères")
    persona.refresh_from_db()
    assert persona.name == "Étudiants du Plateau"
    assert not Revision.objects.filter(action="update").exists()


def test_it_refuses_a_deadline_in_the_past(bob: Any, brand: Any) -> None:
    url = reverse("strategy:objective-create", args=[brand.pk])
    response = post_fr(client_for(bob), url, objective_data(brand, deadline="2020-01-01"))
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"]
    assert 'value="2020-01-01"' in response.content.decode()
    assert not Objective.objects.exists()


def test_it_refuses_a_kpi_target_that_is_not_a_number(bob: Any, brand: Any) -> None:
    objective = make_objective(brand)
    url = reverse("strategy:objective-edit", args=[brand.pk, objective.pk])
    response = post_fr(client_for(bob), url, objective_data(brand, target="beaucoup"))
    assert response.status_code == 200
    assert "Saisissez un nombre." in response.context["form"].errors["target"]
    objective.refresh_from_db()
    assert (objective.title, objective.target) == ("Notoriété", Decimal(200))


def test_it_refuses_an_end_before_the_start(bob: Any, brand: Any) -> None:
    campaign = make_campaign(brand)
    url = reverse("strategy:campaign-edit", args=[brand.pk, campaign.pk])
    data = {"name": "Rentrée", "starts_on": "2030-09-30", "ends_on": "2030-09-01", "budget": "10"}
    response = post_fr(client_for(bob), url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    campaign.refresh_from_db()
    assert campaign.ends_on > campaign.starts_on
    assert campaign.budget == Decimal(500)


def test_it_refuses_negative_money_in_french(bob: Any, brand: Any) -> None:
    line = make_budget_line(brand)
    client = client_for(bob)
    negative = "Assurez-vous que cette valeur est supérieure ou égale à 0."
    response = post_fr(
        client,
        reverse("strategy:budget-line-edit", args=[brand.pk, line.pk]),
        {
            "category": "advertising",
            "label": "Publicités",
            "period_start": "2026-01-01",
            "period_end": "2026-01-31",
            "planned": "-5",
            "actual": "-1",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert negative in errors["planned"]
    assert negative in errors["actual"]
    line.refresh_from_db()
    assert (line.planned, line.actual) == (Decimal(1000), None)
    response = post_fr(
        client,
        reverse("strategy:campaign-create", args=[brand.pk]),
        {"name": "Soldes", "starts_on": "2030-01-01", "ends_on": "2030-01-31", "budget": "-100"},
    )
    assert negative in response.context["form"].errors["budget"]


def test_it_refuses_a_platform_that_does_not_exist(bob: Any, brand: Any) -> None:
    url = reverse("strategy:persona-create", args=[brand.pk])
    response = post_fr(
        client_for(bob), url, {"name": "Cible", "language": "fr", "platforms": ["myspace"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["platforms"]
    assert not Persona.objects.exists()


def test_it_refuses_to_link_another_brands_objects(
    bob: Any, brand: Any, alice: Any, org: Any
) -> None:
    from portevoix.accounts import actions

    other = actions.create_brand(alice, org, name="Autre marque")
    foreign = make_persona(other)
    url = reverse("strategy:objective-create", args=[brand.pk])
    response = post_fr(client_for(bob), url, objective_data(brand, personas=str(foreign.pk)))
    assert response.status_code == 200
    assert response.context["form"].errors["personas"]
    assert not Objective.objects.filter(brand=brand).exists()


def test_it_shows_every_refusal_in_one_round(bob: Any, brand: Any) -> None:
    url = reverse("strategy:objective-create", args=[brand.pk])
    data = objective_data(brand, title="x", category="", deadline="2020-01-01", target="1500")
    errors = post_fr(client_for(bob), url, data).context["form"].errors
    assert set(errors) == {"title", "category", "deadline", "target"}
    assert "Ce champ est obligatoire." in errors["category"]
