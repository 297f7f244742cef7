"""Deleting one strategy object records what the deletion did to the objects linked to it."""

from __future__ import annotations

from typing import Any

from portevoix.strategy.actions import delete_item
from portevoix.strategy.models import Revision
from portevoix.strategy.tests.factories import (
    make_budget_line,
    make_campaign,
    make_measurement,
    make_objective,
    make_persona,
)


def revisions_since(first_id: int) -> list[tuple[str, str]]:
    return list(
        Revision.objects.filter(id__gt=first_id).order_by("id").values_list("object_type", "action")
    )


def test_it_records_measurements_and_campaigns_changed_by_deleting_an_objective(
    bob: Any, brand: Any
) -> None:
    objective = make_objective(brand)
    kept = make_objective(brand, title="Ventes")
    make_measurement(brand, objective=objective)
    campaign = make_campaign(brand, objectives=[objective, kept])
    last = Revision.objects.latest("id").id
    objective_id = objective.pk  # Django clears pk on delete

    delete_item(bob, objective, reason="Objectif abandonné")

    assert revisions_since(last) == [
        ("objective", "delete"),
        ("measurement", "delete"),
        ("campaign", "update"),
    ]
    change = Revision.objects.get(object_type="campaign", action="update")
    assert (change.object_id, change.before["objectives"], change.after["objectives"]) == (
        campaign.pk,
        sorted([objective_id, kept.pk]),
        [kept.pk],
    )
    assert {r.reason for r in Revision.objects.filter(id__gt=last)} == {"Objectif abandonné"}
    assert {r.author for r in Revision.objects.filter(id__gt=last)} == {bob}


def test_it_records_objectives_unlinked_from_a_deleted_persona(bob: Any, brand: Any) -> None:
    persona = make_persona(brand)
    make_objective(brand, personas=[persona])
    last = Revision.objects.latest("id").id
    delete_item(bob, persona)
    assert revisions_since(last) == [("persona", "delete"), ("objective", "update")]


def test_it_records_budget_lines_detached_from_a_deleted_campaign(bob: Any, brand: Any) -> None:
    campaign = make_campaign(brand)
    line = make_budget_line(brand, campaign=campaign)
    last = Revision.objects.latest("id").id
    campaign_id = campaign.pk
    delete_item(bob, campaign)
    assert revisions_since(last) == [("campaign", "delete"), ("budget_line", "update")]
    change = Revision.objects.get(object_type="budget_line", action="update")
    assert (change.object_id, change.before["campaign"], change.after["campaign"]) == (
        line.pk,
        campaign_id,
        None,
    )
