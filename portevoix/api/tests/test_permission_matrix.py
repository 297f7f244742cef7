"""Every operation in the OpenAPI document, called by every kind of caller.

Each operation declares its permission (`x-permission`) and scope (`x-scope`); this walks them
all, so a new endpoint is checked the day it is added: without credentials → 401, an outsider →
404, a read-only token → 403 on writes, and each role → allowed exactly when `ROLE_PERMS` gives
it the declared permission.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import pytest

from portevoix.accounts.models import Brand, Organisation, Role
from portevoix.accounts.permissions import ROLE_PERMS, Perm
from portevoix.api.api import api
from portevoix.api.tests.helpers import API, call, error_of, session_client
from portevoix.strategy.tests import factories

WRITES = {"POST", "PATCH", "PUT", "DELETE"}


class Op(NamedTuple):
    method: str
    path: str
    perm: str
    scope: str
    session_only: bool

    @property
    def kind(self) -> str:
        """`objectives` in /brands/{brand_id}/objectives/{item_id}; `brands` for the brands."""
        segments = self.path.split("/")
        return segments[3] if len(segments) > 3 else "brands"

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


OPERATIONS = [
    Op(
        method.upper(),
        path.removeprefix(API),
        op["x-permission"],
        op["x-scope"],
        op["x-session-only"],
    )
    for path, methods in api.get_openapi_schema()["paths"].items()
    for method, op in methods.items()
]


@dataclass
class World:
    org: Organisation
    brand: Brand
    items: dict[str, int]

    def path(self, op: Op) -> str:
        return op.path.format(brand_id=self.brand.pk, item_id=self.items.get(op.kind, 0))

    def body(self, op: Op) -> dict[str, Any] | None:
        kind = op.kind
        if op.method == "POST":
            return self.new_bodies()[kind]
        if op.method == "PATCH":
            return {"description": "Mise à jour"} if kind in {"brands", "campaigns"} else {}
        return None

    def new_bodies(self) -> dict[str, dict[str, Any]]:
        soon = factories.later(self.brand, 10).isoformat()
        return {
            "brands": {"organisation": self.org.pk, "name": "Nouvelle marque"},
            "personas": {"name": "Parents pressés"},
            "objectives": {
                "title": "Trafic",
                "category": "traffic",
                "kpi_metric": "Visites",
                "target": 500,
                "deadline": soon,
            },
            "campaigns": {"name": "Hiver", "starts_on": soon, "ends_on": soon},
            "budget-lines": {
                "category": "tools",
                "label": "Outil d'analyse",
                "period_start": soon,
                "period_end": soon,
                "planned": "49.90",
            },
            "measurements": {
                "objective": self.items["objectives"],
                "indicator": "Visites",
                "source": "Matomo",
            },
        }


@pytest.fixture
def world(org: Organisation, brand: Brand) -> World:
    objective = factories.make_objective(brand)
    items = {
        "personas": factories.make_persona(brand).pk,
        "objectives": objective.pk,
        "campaigns": factories.make_campaign(brand).pk,
        "budget-lines": factories.make_budget_line(brand).pk,
        "measurements": factories.make_measurement(brand, objective=objective).pk,
    }
    return World(org=org, brand=brand, items=items)


def send(op: Op, world: World, **auth: Any) -> Any:
    return call(op.method, world.path(op), body=world.body(op), **auth)


def test_it_declares_a_permission_and_a_scope_on_every_operation() -> None:
    assert OPERATIONS
    for op in OPERATIONS:
        assert Perm(op.perm), op
        assert op.scope in {"brand", "organisation", "member"}, op
        assert (op.scope == "brand") == ("{brand_id}" in op.path), op


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_it_refuses_a_call_without_credentials(op: Op, world: World) -> None:
    response = send(op, world)
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_it_hides_the_brand_from_an_outsider(
    op: Op, world: World, charlie: Any, token_for: Callable[..., str]
) -> None:
    own_brand = Brand.objects.get(organisation__memberships__user=charlie)
    if op.scope == "organisation":
        response = send(op, world, client=session_client(charlie))
    else:
        response = send(op, world, token=token_for(charlie, own_brand))

    if op.scope == "member":
        assert response.status_code == 200
        assert [b["id"] for b in response.json()["items"]] == [own_brand.pk]
    else:
        assert response.status_code == 404, response.content
        assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_it_lets_a_read_only_token_only_read(
    op: Op, world: World, alice: Any, token_for: Callable[..., str]
) -> None:
    response = send(op, world, token=token_for(alice, world.brand, read_only=True))
    if op.method in WRITES:
        assert response.status_code == 403
        assert error_of(response)["code"] == "read_only_token"
    else:
        assert response.status_code == 200, response.content


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("op", OPERATIONS, ids=str)
def test_it_allows_exactly_the_roles_holding_the_declared_permission(
    op: Op,
    role: Role,
    world: World,
    member_with_role: Callable[[str], Any],
    token_for: Callable[..., str],
) -> None:
    user = member_with_role(role)
    if op.session_only:
        response = send(op, world, client=session_client(user))
    else:
        response = send(op, world, token=token_for(user, world.brand))

    if Perm(op.perm) in ROLE_PERMS[role]:
        assert response.status_code in {200, 201, 204}, response.content
    else:
        assert response.status_code == 403, response.content
        assert error_of(response)["code"] == "forbidden"


@pytest.mark.parametrize("op", [op for op in OPERATIONS if op.session_only], ids=str)
def test_it_refuses_session_only_operations_to_tokens(
    op: Op, world: World, alice: Any, token_for: Callable[..., str]
) -> None:
    response = send(op, world, token=token_for(alice, world.brand))
    assert response.status_code == 403
    assert error_of(response)["code"] == "session_required"
    assert Brand.objects.filter(pk=world.brand.pk).exists()
