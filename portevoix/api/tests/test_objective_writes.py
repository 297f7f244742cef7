"""Writes through the API go through strategy.actions: each leaves a revision and an audit event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from portevoix.accounts.models import AuditEvent
from portevoix.api.tests.helpers import call
from portevoix.strategy.models import Objective, Revision
from portevoix.strategy.tests.factories import later, make_objective, make_persona


def test_it_creates_an_objective_with_a_revision_and_an_audit_event(
    bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    persona = make_persona(brand)
    body = {
        "title": "Notoriété locale",
        "category": "awareness",
        "kpi_metric": "Abonnés Instagram",
        "baseline": "1200",
        "target": 2000.5,
        "deadline": later(brand, 90).isoformat(),
        "personas": [persona.pk],
        "reason": "Plan du trimestre",
    }
    response = call(
        "POST", f"/brands/{brand.pk}/objectives", token=token_for(bob, brand), body=body
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["baseline"], data["target"], data["current"]) == ("1200.00", "2000.50", None)
    assert data["deadline"] == later(brand, 90).isoformat()
    assert data["personas"] == [persona.pk]
    objective = Objective.objects.get(pk=data["id"])
    revision = Revision.objects.get(object_type="objective", object_id=objective.pk)
    assert (revision.action, revision.author, revision.reason) == (
        "create",
        bob,
        "Plan du trimestre",
    )
    event = AuditEvent.objects.get(action="strategy.objective.create")
    assert (event.via, event.actor, event.brand) == ("api", bob, brand)


def test_it_updates_only_the_fields_sent(
    bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    objective = make_objective(brand, title="Avant")
    response = call(
        "PATCH",
        f"/brands/{brand.pk}/objectives/{objective.pk}",
        token=token_for(bob, brand),
        body={"current": "150", "reason": "Chiffres d'octobre"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["progress"] == 0.5
    objective.refresh_from_db()
    assert (objective.title, str(objective.current)) == ("Avant", "150.00")
    revision = Revision.objects.filter(object_id=objective.pk).first()
    assert revision is not None
    assert (revision.action, revision.reason) == ("update", "Chiffres d'octobre")
    assert revision.after["current"] == "150"
    assert AuditEvent.objects.get(action="strategy.objective.update").via == "api"


def test_it_deletes_an_objective_and_keeps_its_history(
    bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    objective = make_objective(brand)
    response = call(
        "DELETE",
        f"/brands/{brand.pk}/objectives/{objective.pk}?reason=Abandonné",
        token=token_for(bob, brand),
    )

    assert response.status_code == 204
    assert not Objective.objects.filter(pk=objective.pk).exists()
    revision = Revision.objects.filter(object_id=objective.pk).first()
    assert revision is not None
    assert (revision.action, revision.reason, revision.author) == ("delete", "Abandonné", bob)
    assert AuditEvent.objects.get(action="strategy.objective.delete").via == "api"
