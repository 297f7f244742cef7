from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from portevoix.strategy.models import Revision
from portevoix.strategy.tests.factories import (
    client_for,
    make_budget_line,
    make_campaign,
    make_measurement,
    make_objective,
    make_persona,
)


def test_it_edits_a_persona_and_keeps_the_reason(bob: Any, brand: Any) -> None:
    persona = make_persona(brand)
    response = client_for(bob).post(
        reverse("strategy:persona-edit", args=[brand.pk, persona.pk]),
        {"name": "Étudiants", "platforms": ["tiktok"], "language": "fr", "reason": "Plus court"},
    )
    assert response.status_code == 302
    persona.refresh_from_db()
    assert (persona.name, persona.platforms) == ("Étudiants", ["tiktok"])
    revision = Revision.objects.get(object_id=persona.pk, action="update")
    assert (revision.author, revision.reason) == (bob, "Plus court")
    assert revision.before["name"] == "Étudiants du Plateau"


def test_it_edits_an_objective_and_keeps_its_past_deadline(bob: Any, brand: Any) -> None:
    objective = make_objective(brand)
    page = client_for(bob).get(reverse("strategy:objective-edit", args=[brand.pk, objective.pk]))
    assert f"?type=objective&amp;id={objective.pk}" in page.content.decode()
    response = client_for(bob).post(
        reverse("strategy:objective-edit", args=[brand.pk, objective.pk]),
        {
            "title": objective.title,
            "category": "awareness",
            "kpi_metric": objective.kpi_metric,
            "baseline": "100",
            "target": "200",
            "current": "150",
            "deadline": objective.deadline.isoformat(),
            "reason": "Mesure de novembre",
        },
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.current == Decimal(150)
    revision = Revision.objects.get(object_id=objective.pk, action="update")
    assert (revision.author, revision.reason) == (bob, "Mesure de novembre")


def test_it_edits_a_campaign_a_budget_line_and_a_measurement(bob: Any, brand: Any) -> None:
    client = client_for(bob)
    campaign = make_campaign(brand)
    line = make_budget_line(brand)
    measurement = make_measurement(brand)
    posts: list[tuple[str, Any, dict[str, Any]]] = [
        (
            "campaign",
            campaign,
            {
                "name": "Rentrée torréfiée",
                "starts_on": campaign.starts_on.isoformat(),
                "ends_on": campaign.ends_on.isoformat(),
                "budget": "600",
            },
        ),
        (
            "budget-line",
            line,
            {
                "category": "advertising",
                "label": line.label,
                "period_start": "2026-01-01",
                "period_end": "2026-01-31",
                "planned": "1000",
                "actual": "950",
                "campaign": campaign.pk,
            },
        ),
        (
            "measurement",
            measurement,
            {
                "objective": measurement.objective_id,
                "indicator": measurement.indicator,
                "source": "Meta Business Suite",
            },
        ),
    ]
    for kind, obj, data in posts:
        response = client.post(
            reverse(f"strategy:{kind}-edit", args=[brand.pk, obj.pk]),
            data | {"reason": "Mise à jour"},
        )
        assert response.status_code == 302, (kind, response.content.decode())
        revision = Revision.objects.get(
            object_type=kind.replace("-", "_"), object_id=obj.pk, action="update"
        )
        assert (revision.author, revision.reason) == (bob, "Mise à jour")
    line.refresh_from_db()
    assert (line.actual, line.campaign) == (Decimal(950), campaign)
