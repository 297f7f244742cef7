"""Brands: list what the caller may see; create (signed-in session only), change and delete with
the brand-management permission. Writes go through `accounts.actions` with `via="api"`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import PatchDict, Router
from ninja.pagination import paginate
from ninja.responses import Status

from portevoix.accounts import actions
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm, has_perm
from portevoix.api.access import (
    brand_for,
    caller_of,
    needs,
    organisation_for,
    require_session,
)
from portevoix.api.pagination import Pagination
from portevoix.api.schemas import BrandIn, BrandOut, BrandPatch, answers

router = Router(tags=["brands"])
VIEW, MANAGE = Perm.BRAND_VIEW, Perm.BRAND_MANAGE


@router.get("", response=answers(list[BrandOut]), openapi_extra=needs(VIEW, scope="member"))
@paginate(Pagination)
def list_brands(request: HttpRequest) -> list[Brand]:
    caller = caller_of(request)
    return [brand for brand in caller.brands() if has_perm(caller.user, brand, VIEW)]


@router.get("/{int:brand_id}", response=answers(BrandOut), openapi_extra=needs(VIEW))
def get_brand(request: HttpRequest, brand_id: int) -> Brand:
    return brand_for(request, brand_id, VIEW)


@router.post(
    "",
    response=answers(BrandOut, 201),
    openapi_extra=needs(MANAGE, scope="organisation", session_only=True),
)
def create_brand(request: HttpRequest, payload: BrandIn) -> Status[Brand]:
    """Needs a signed-in session: an API token acts on its own brand only."""
    organisation = organisation_for(request, payload.organisation, MANAGE)
    fields: dict[str, Any] = payload.dict(exclude={"organisation"}, exclude_none=True)
    brand = actions.create_brand(caller_of(request).user, organisation, via="api", **fields)
    return Status(201, brand)


@router.patch("/{int:brand_id}", response=answers(BrandOut), openapi_extra=needs(MANAGE))
def update_brand(request: HttpRequest, brand_id: int, payload: PatchDict[BrandPatch]) -> Brand:
    brand = brand_for(request, brand_id, MANAGE)
    return actions.update_brand(caller_of(request).user, brand, via="api", **payload)


@router.delete(
    "/{int:brand_id}", response=answers(None, 204), openapi_extra=needs(MANAGE, session_only=True)
)
def delete_brand(request: HttpRequest, brand_id: int) -> Status[None]:
    """Needs a signed-in session: deleting a brand deletes its whole strategy and history, so a
    script's token may not do it."""
    brand = brand_for(request, brand_id, MANAGE)
    require_session(request)
    actions.delete_brand(caller_of(request).user, brand, via="api")
    return Status(204, None)
