from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from portevoix.strategy.models import (
    BudgetLine,
    Campaign,
    Measurement,
    Objective,
    Persona,
    Revision,
)
from portevoix.strategy.tests.factories import client_for, later, make_objective, make_persona


def test_it_creates_a_persona_with_its_platforms(bob: Any, brand: Any) -> None:
    response = client_for(bob).post(
        reverse("strategy:persona-create", args=[brand.pk]),
        {
            "name": "Amateurs de café",
            "platforms": ["instagram", "newsletter"],
            "language": "fr",
            "reason": "Nouvelle cible",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("strategy:persona-list", args=[brand.pk])
    persona = Persona.objects.get(brand=brand)
    assert persona.platforms == ["instagram", "newsletter"]
    revision = Revision.objects.get(object_type="persona", object_id=persona.pk)
    assert (revision.action, revision.author, revision.reason) == ("create", bob, "Nouvelle cible")


def test_it_creates_an_objective_linked_to_a_persona(bob: Any, brand: Any) -> None:
    persona = make_persona(brand)
    response = client_for(bob).post(
        reverse("strategy:objective-create", args=[brand.pk]),
        {
            "title": "Ventes en ligne",
            "category": "revenue",
            "kpi_metric": "Chiffre d'affaires",
            "baseline": "1500",
            "target": "4000.50",
            "deadline": later(brand).isoformat(),
            "personas": [persona.pk],
            "reason": "Objectif du trimestre",
        },
    )
    assert response.status_code == 302
    objective = Objective.objects.get(brand=brand)
    assert list(objective.personas.all()) == [persona]
    revision = Revision.objects.get(object_type="objective")
    assert revision.author == bob
    assert revision.reason == "Objectif du trimestre"
    assert revision.after["target"] == "4000.50"


@pytest.mark.parametrize(
    ("kind", "model", "data"),
    [
        (
            "campaign",
            Campaign,
            {
                "name": "Rentrée",
                "starts_on": "2030-09-01",
                "ends_on": "2030-09-30",
                "budget": "3500",
            },
        ),
        (
            "budget-line",
            BudgetLine,
            {
                "category": "advertising",
                "label": "Publicités",
                "period_start": "2030-09-01",
                "period_end": "2030-09-30",
                "planned": "1800",
            },
        ),
    ],
)
def test_it_creates_campaigns_and_budget_lines(
    bob: Any, brand: Any, kind: str, model: Any, data: dict[str, str]
) -> None:
    response = client_for(bob).post(
        reverse(f"strategy:{kind}-create", args=[brand.pk]), data | {"reason": "Plan de rentrée"}
    )
    assert response.status_code == 302
    obj = model.objects.get(brand=brand)
    revision = Revision.objects.get(object_id=obj.pk, object_type=kind.replace("-", "_"))
    assert (revision.author, revision.reason) == (bob, "Plan de rentrée")


def test_it_creates_a_measurement_for_an_objective(bob: Any, brand: Any) -> None:
    objective = make_objective(brand)
    client = client_for(bob)
    url = reverse("strategy:measurement-create", args=[brand.pk])
    page = client.get(f"{url}?objective={objective.pk}")
    assert f'<option value="{objective.pk}" selected>' in page.content.decode()
    response = client.post(
        url,
        {
            "objective": objective.pk,
            "indicator": "Abonnés en fin de mois",
            "source": "Instagram Insights",
            "reason": "Mesure mensuelle",
        },
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get(objective=objective)
    revision = Revision.objects.get(object_type="measurement", object_id=measurement.pk)
    assert (revision.author, revision.reason) == (bob, "Mesure mensuelle")
