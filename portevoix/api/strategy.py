"""The strategy of a brand: personas, objectives, campaigns, budget lines, measurements, and the
history of their revisions. Five operations per kind, each in the same shape; writes go through
`items`, which calls `strategy.actions` with `via="api"`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import PatchDict, Router
from ninja.pagination import paginate
from ninja.responses import Status

from portevoix.accounts.permissions import Perm, has_perm
from portevoix.api import items
from portevoix.api.access import brand_for, caller_of, needs
from portevoix.api.pagination import Pagination
from portevoix.api.schemas import (
    BudgetLineIn,
    BudgetLineOut,
    CampaignIn,
    CampaignOut,
    MeasurementIn,
    MeasurementOut,
    ObjectiveIn,
    ObjectiveOut,
    PersonaIn,
    PersonaOut,
    RevisionOut,
    answers,
)
from portevoix.strategy.models import Revision

router = Router(tags=["strategy"])
VIEW, BUDGET, EDIT = Perm.STRATEGY_VIEW, Perm.BUDGET_VIEW, Perm.STRATEGY_EDIT


def _list(kinds: str) -> str:
    return f"/{{int:brand_id}}/{kinds}"


def _item(kinds: str) -> str:
    return f"/{{int:brand_id}}/{kinds}/{{int:item_id}}"


# Personas (audience targets)


@router.get(_list("personas"), response=answers(list[PersonaOut]), openapi_extra=needs(VIEW))
@paginate(Pagination)
def list_personas(request: HttpRequest, brand_id: int) -> QuerySet[Any]:
    return items.queryset("persona", brand_for(request, brand_id, VIEW))


@router.get(_item("personas"), response=answers(PersonaOut), openapi_extra=needs(VIEW))
def get_persona(request: HttpRequest, brand_id: int, item_id: int) -> Any:
    return items.get_item("persona", brand_for(request, brand_id, VIEW), item_id)


@router.post(_list("personas"), response=answers(PersonaOut, 201), openapi_extra=needs(EDIT))
def create_persona(request: HttpRequest, brand_id: int, payload: PersonaIn) -> Status[Any]:
    brand = brand_for(request, brand_id, EDIT)
    return Status(201, items.create(request, brand, "persona", payload.dict()))


@router.patch(_item("personas"), response=answers(PersonaOut), openapi_extra=needs(EDIT))
def update_persona(
    request: HttpRequest, brand_id: int, item_id: int, payload: PatchDict[PersonaIn]
) -> Any:
    brand = brand_for(request, brand_id, EDIT)
    return items.update(request, brand, "persona", item_id, payload)


@router.delete(_item("personas"), response=answers(None, 204), openapi_extra=needs(EDIT))
def delete_persona(
    request: HttpRequest, brand_id: int, item_id: int, reason: str = ""
) -> Status[None]:
    items.delete(request, brand_for(request, brand_id, EDIT), "persona", item_id, reason)
    return Status(204, None)


# Objectives


@router.get(_list("objectives"), response=answers(list[ObjectiveOut]), openapi_extra=needs(VIEW))
@paginate(Pagination)
def list_objectives(request: HttpRequest, brand_id: int) -> QuerySet[Any]:
    return items.queryset("objective", brand_for(request, brand_id, VIEW))


@router.get(_item("objectives"), response=answers(ObjectiveOut), openapi_extra=needs(VIEW))
def get_objective(request: HttpRequest, brand_id: int, item_id: int) -> Any:
    return items.get_item("objective", brand_for(request, brand_id, VIEW), item_id)


@router.post(_list("objectives"), response=answers(ObjectiveOut, 201), openapi_extra=needs(EDIT))
def create_objective(request: HttpRequest, brand_id: int, payload: ObjectiveIn) -> Status[Any]:
    brand = brand_for(request, brand_id, EDIT)
    return Status(201, items.create(request, brand, "objective", payload.dict()))


@router.patch(_item("objectives"), response=answers(ObjectiveOut), openapi_extra=needs(EDIT))
def update_objective(
    request: HttpRequest, brand_id: int, item_id: int, payload: PatchDict[ObjectiveIn]
) -> Any:
    brand = brand_for(request, brand_id, EDIT)
    return items.update(request, brand, "objective", item_id, payload)


@router.delete(_item("objectives"), response=answers(None, 204), openapi_extra=needs(EDIT))
def delete_objective(
    request: HttpRequest, brand_id: int, item_id: int, reason: str = ""
) -> Status[None]:
    items.delete(request, brand_for(request, brand_id, EDIT), "objective", item_id, reason)
    return Status(204, None)


# Campaigns


@router.get(_list("campaigns"), response=answers(list[CampaignOut]), openapi_extra=needs(VIEW))
@paginate(Pagination)
def list_campaigns(request: HttpRequest, brand_id: int) -> QuerySet[Any]:
    return items.queryset("campaign", brand_for(request, brand_id, VIEW))


@router.get(_item("campaigns"), response=answers(CampaignOut), openapi_extra=needs(VIEW))
def get_campaign(request: HttpRequest, brand_id: int, item_id: int) -> Any:
    return items.get_item("campaign", brand_for(request, brand_id, VIEW), item_id)


@router.post(_list("campaigns"), response=answers(CampaignOut, 201), openapi_extra=needs(EDIT))
def create_campaign(request: HttpRequest, brand_id: int, payload: CampaignIn) -> Status[Any]:
    brand = brand_for(request, brand_id, EDIT)
    return Status(201, items.create(request, brand, "campaign", payload.dict()))


@router.patch(_item("campaigns"), response=answers(CampaignOut), openapi_extra=needs(EDIT))
def update_campaign(
    request: HttpRequest, brand_id: int, item_id: int, payload: PatchDict[CampaignIn]
) -> Any:
    brand = brand_for(request, brand_id, EDIT)
    return items.update(request, brand, "campaign", item_id, payload)


@router.delete(_item("campaigns"), response=answers(None, 204), openapi_extra=needs(EDIT))
def delete_campaign(
    request: HttpRequest, brand_id: int, item_id: int, reason: str = ""
) -> Status[None]:
    items.delete(request, brand_for(request, brand_id, EDIT), "campaign", item_id, reason)
    return Status(204, None)


# Budget lines: reading them needs the budget permission, not only the strategy one.


@router.get(
    _list("budget-lines"), response=answers(list[BudgetLineOut]), openapi_extra=needs(BUDGET)
)
@paginate(Pagination)
def list_budget_lines(request: HttpRequest, brand_id: int) -> QuerySet[Any]:
    return items.queryset("budget_line", brand_for(request, brand_id, BUDGET))


@router.get(_item("budget-lines"), response=answers(BudgetLineOut), openapi_extra=needs(BUDGET))
def get_budget_line(request: HttpRequest, brand_id: int, item_id: int) -> Any:
    return items.get_item("budget_line", brand_for(request, brand_id, BUDGET), item_id)


@router.post(_list("budget-lines"), response=answers(BudgetLineOut, 201), openapi_extra=needs(EDIT))
def create_budget_line(request: HttpRequest, brand_id: int, payload: BudgetLineIn) -> Status[Any]:
    brand = brand_for(request, brand_id, EDIT)
    return Status(201, items.create(request, brand, "budget_line", payload.dict()))


@router.patch(_item("budget-lines"), response=answers(BudgetLineOut), openapi_extra=needs(EDIT))
def update_budget_line(
    request: HttpRequest, brand_id: int, item_id: int, payload: PatchDict[BudgetLineIn]
) -> Any:
    brand = brand_for(request, brand_id, EDIT)
    return items.update(request, brand, "budget_line", item_id, payload)


@router.delete(_item("budget-lines"), response=answers(None, 204), openapi_extra=needs(EDIT))
def delete_budget_line(
    request: HttpRequest, brand_id: int, item_id: int, reason: str = ""
) -> Status[None]:
    items.delete(request, brand_for(request, brand_id, EDIT), "budget_line", item_id, reason)
    return Status(204, None)


# Measurement plan


@router.get(
    _list("measurements"), response=answers(list[MeasurementOut]), openapi_extra=needs(VIEW)
)
@paginate(Pagination)
def list_measurements(request: HttpRequest, brand_id: int) -> QuerySet[Any]:
    return items.queryset("measurement", brand_for(request, brand_id, VIEW))


@router.get(_item("measurements"), response=answers(MeasurementOut), openapi_extra=needs(VIEW))
def get_measurement(request: HttpRequest, brand_id: int, item_id: int) -> Any:
    return items.get_item("measurement", brand_for(request, brand_id, VIEW), item_id)


@router.post(
    _list("measurements"), response=answers(MeasurementOut, 201), openapi_extra=needs(EDIT)
)
def create_measurement(request: HttpRequest, brand_id: int, payload: MeasurementIn) -> Status[Any]:
    brand = brand_for(request, brand_id, EDIT)
    return Status(201, items.create(request, brand, "measurement", payload.dict()))


@router.patch(_item("measurements"), response=answers(MeasurementOut), openapi_extra=needs(EDIT))
def update_measurement(
    request: HttpRequest, brand_id: int, item_id: int, payload: PatchDict[MeasurementIn]
) -> Any:
    brand = brand_for(request, brand_id, EDIT)
    return items.update(request, brand, "measurement", item_id, payload)


@router.delete(_item("measurements"), response=answers(None, 204), openapi_extra=needs(EDIT))
def delete_measurement(
    request: HttpRequest, brand_id: int, item_id: int, reason: str = ""
) -> Status[None]:
    items.delete(request, brand_for(request, brand_id, EDIT), "measurement", item_id, reason)
    return Status(204, None)


# History


@router.get(_list("revisions"), response=answers(list[RevisionOut]), openapi_extra=needs(VIEW))
@paginate(Pagination)
def list_revisions(
    request: HttpRequest,
    brand_id: int,
    object_type: str | None = None,
    object_id: int | None = None,
) -> QuerySet[Revision]:
    """Newest first. Filter with `object_type` (e.g. `objective`) and `object_id`."""
    brand = brand_for(request, brand_id, VIEW)
    revisions = Revision.objects.filter(brand=brand).select_related("author", "brand")
    if not has_perm(caller_of(request).user, brand, BUDGET):
        # The history would otherwise show amounts the budget pages hide from this role.
        revisions = revisions.exclude(object_type="budget_line")
    if object_type:
        revisions = revisions.filter(object_type=object_type)
    if object_id is not None:
        revisions = revisions.filter(object_id=object_id)
    return revisions.order_by("-created_at", "-id")
