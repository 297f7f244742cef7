"""Links are ids of the same brand's objects; another brand's ids are refused like unknown ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from portevoix.accounts.models import Brand
from portevoix.api.tests.helpers import call, error_of
from portevoix.strategy.tests.factories import (
    later,
    make_budget_line,
    make_campaign,
    make_measurement,
    make_objective,
    make_persona,
)


def outsider_brand(charlie: Any) -> Brand:
    return Brand.objects.get(organisation__memberships__user=charlie)


def test_it_links_an_objective_to_this_brands_personas_only(
    bob: Any, brand: Any, charlie: Any, token_for: Callable[..., str]
) -> None:
    own, foreign = make_persona(brand), make_persona(outsider_brand(charlie))
    objective = make_objective(brand)
    path = f"/brands/{brand.pk}/objectives/{objective.pk}"
    token = token_for(bob, brand)

    refused = call("PATCH", path, token=token, body={"personas": [own.pk, foreign.pk]})
    unknown = call("PATCH", path, token=token, body={"personas": [987654]})
    accepted = call("PATCH", path, token=token, body={"personas": [own.pk]})

    assert refused.status_code == unknown.status_code == 422
    assert error_of(refused) == error_of(unknown)
    assert list(error_of(refused)["fields"]) == ["personas"]
    assert accepted.json()["personas"] == [own.pk]


def test_it_links_a_campaign_to_objectives_and_a_budget_line_to_a_campaign(
    bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    objective = make_objective(brand)
    token = token_for(bob, brand)
    campaign = call(
        "POST",
        f"/brands/{brand.pk}/campaigns",
        token=token,
        body={
            "name": "Rentrée",
            "starts_on": later(brand, 1).isoformat(),
            "ends_on": later(brand, 30).isoformat(),
            "budget": 1500,
            "objectives": [objective.pk],
        },
    ).json()
    line = call(
        "POST",
        f"/brands/{brand.pk}/budget-lines",
        token=token,
        body={
            "category": "advertising",
            "label": "Publicités",
            "period_start": "2030-09-01",
            "period_end": "2030-09-30",
            "planned": "750.5",
            "campaign": campaign["id"],
        },
    ).json()

    assert (campaign["objectives"], campaign["budget"]) == ([objective.pk], "1500.00")
    assert (line["campaign"], line["planned"], line["actual"]) == (campaign["id"], "750.50", None)


def test_it_scopes_measurements_through_their_objectives_brand(
    alice: Any, bob: Any, brand: Any, charlie: Any, token_for: Callable[..., str]
) -> None:
    mine = make_measurement(brand)
    theirs = make_measurement(outsider_brand(charlie))
    token = token_for(bob, brand)

    listed = call("GET", f"/brands/{brand.pk}/measurements", token=token).json()
    hidden = call("GET", f"/brands/{brand.pk}/measurements/{theirs.pk}", token=token)
    moved = call(
        "PATCH",
        f"/brands/{brand.pk}/measurements/{mine.pk}",
        token=token,
        body={"objective": theirs.objective_id},
    )

    assert [m["id"] for m in listed["items"]] == [mine.pk]
    assert hidden.status_code == 404
    assert moved.status_code == 422
    assert list(error_of(moved)["fields"]) == ["objective"]


def test_it_unlinks_a_budget_line_from_its_campaign(
    bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    line = make_budget_line(brand, campaign=make_campaign(brand))
    response = call(
        "PATCH",
        f"/brands/{brand.pk}/budget-lines/{line.pk}",
        token=token_for(bob, brand),
        body={"campaign": None},
    )

    assert response.status_code == 200
    assert response.json()["campaign"] is None
