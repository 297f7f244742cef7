"""The strategy's history, newest first, a page at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from portevoix.accounts.models import Role
from portevoix.api.tests.helpers import call
from portevoix.strategy.actions import update_item
from portevoix.strategy.tests.factories import make_budget_line, make_objective, make_persona


def test_it_lists_revisions_newest_first_by_page(
    alice: Any, bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    persona = make_persona(brand)
    objective = make_objective(brand)
    update_item(bob, objective, reason="Cible revue", target=300)
    token = token_for(bob, brand)

    first = call("GET", f"/brands/{brand.pk}/revisions?limit=2", token=token).json()
    rest = call("GET", f"/brands/{brand.pk}/revisions?limit=2&offset=2", token=token).json()

    assert first["count"] == 3
    assert [(r["object_type"], r["action"]) for r in first["items"] + rest["items"]] == [
        ("objective", "update"),
        ("objective", "create"),
        ("persona", "create"),
    ]
    latest = first["items"][0]
    assert (latest["author"], latest["reason"], latest["object_id"]) == (
        "bob",
        "Cible revue",
        objective.pk,
    )
    assert (latest["before"]["target"], latest["after"]["target"]) == ("200", "300")
    assert rest["items"][0]["object_id"] == persona.pk


def test_it_filters_revisions_by_object(
    bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    make_persona(brand)
    objective = make_objective(brand)
    response = call(
        "GET",
        f"/brands/{brand.pk}/revisions?object_type=objective&object_id={objective.pk}",
        token=token_for(bob, brand),
    )

    assert [r["object_id"] for r in response.json()["items"]] == [objective.pk]


def test_it_hides_budget_revisions_from_roles_without_the_budget(
    brand: Any, member_with_role: Callable[[str], Any], token_for: Callable[..., str]
) -> None:
    make_budget_line(brand)
    make_persona(brand)
    community_manager = member_with_role(Role.COMMUNITY_MANAGER)
    analyst = member_with_role(Role.ANALYST)
    path = f"/brands/{brand.pk}/revisions"

    seen_by_cm = call("GET", path, token=token_for(community_manager, brand)).json()["items"]
    seen_by_analyst = call("GET", path, token=token_for(analyst, brand)).json()["items"]

    assert [r["object_type"] for r in seen_by_cm] == ["persona"]
    assert [r["object_type"] for r in seen_by_analyst] == ["persona", "budget_line"]
