"""The work shared by the strategy endpoints: brand-scoped querysets, client ids turned into this
brand's objects, and the calls to `strategy.actions`, the only code that writes the strategy."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from portevoix.accounts.models import Brand
from portevoix.api.access import caller_of
from portevoix.strategy import actions
from portevoix.strategy.actions import KINDS, M2M
from portevoix.strategy.models import Campaign, Measurement, Objective, Persona

# Fields that the client sends as ids, per kind, with the model the ids point to.
LINKS: dict[str, dict[str, type[models.Model]]] = {
    "objective": {"personas": Persona},
    "campaign": {"objectives": Objective},
    "budget_line": {"campaign": Campaign},
    "measurement": {"objective": Objective},
}


def queryset(kind: str, brand: Brand) -> QuerySet[Any]:
    if kind == "measurement":
        # A measurement belongs to its objective's brand.
        return Measurement.objects.filter(objective__brand=brand)
    objects = KINDS[kind]._default_manager.filter(brand=brand)
    return objects.prefetch_related(*M2M.get(kind, []))


def get_item(kind: str, brand: Brand, item_id: int) -> Any:
    obj = queryset(kind, brand).filter(pk=item_id).first()
    if obj is None:
        raise Http404
    return obj


def _linked(kind: str, brand: Brand, data: dict[str, Any]) -> dict[str, Any]:
    """Ids → objects of this brand. An id of another brand is refused like an unknown one, so
    the answer does not tell whether it exists."""
    fields = dict(data)
    errors: dict[str, list[str]] = {}
    for name, model in LINKS.get(kind, {}).items():
        if name not in fields or fields[name] is None:
            continue
        same_brand = model._default_manager.filter(brand=brand)
        value = fields[name]
        if isinstance(value, list):
            found = list(same_brand.filter(pk__in=set(value)))
            if len(found) != len(set(value)):
                errors[name] = [_("Only objects of this brand can be linked.")]
            fields[name] = found
        else:
            fields[name] = same_brand.filter(pk=value).first()
            if fields[name] is None:
                errors[name] = [
                    _("Select a valid choice. That choice is not one of the available choices.")
                ]
    if errors:
        raise ValidationError(errors)
    return fields


def create(request: HttpRequest, brand: Brand, kind: str, data: dict[str, Any]) -> Any:
    reason = data.pop("reason", None) or ""
    obj = actions.create_item(
        caller_of(request).user, brand, kind, reason=reason, via="api", **_linked(kind, brand, data)
    )
    # Read back: the answer shows what was stored (decimals rounded to the column's places).
    return get_item(kind, brand, obj.pk)


def update(
    request: HttpRequest, brand: Brand, kind: str, item_id: int, data: dict[str, Any]
) -> Any:
    obj = get_item(kind, brand, item_id)
    reason = data.pop("reason", None) or ""
    actions.update_item(
        caller_of(request).user, obj, reason=reason, via="api", **_linked(kind, brand, data)
    )
    return get_item(kind, brand, item_id)


def delete(request: HttpRequest, brand: Brand, kind: str, item_id: int, reason: str) -> None:
    obj = get_item(kind, brand, item_id)
    actions.delete_item(caller_of(request).user, obj, reason=reason, via="api")
