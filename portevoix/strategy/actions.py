"""Every write to a brand's strategy goes through here: validated, saved, revised, audited.

Views, the API and the demo seed call `create_item`, `update_item` and `delete_item` with one of
the kinds in `KINDS`. A `ValidationError` carries field names, so a form shows each message next
to its field; nothing is saved when any rule fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zoneinfo
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portevoix.accounts.audit import model_changes, record
from portevoix.accounts.models import Brand
from portevoix.lib.validation import refuse_nulls
from portevoix.strategy.models import (
    BudgetLine,
    Campaign,
    Measurement,
    Objective,
    Persona,
    Revision,
)

KINDS: dict[str, type[models.Model]] = {
    "persona": Persona,
    "objective": Objective,
    "campaign": Campaign,
    "budget_line": BudgetLine,
    "measurement": Measurement,
}
# Many-to-many fields, set after the row is saved.
M2M = {"objective": ["personas"], "campaign": ["objectives"]}
TEXT_FIELDS = {
    kind: {
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    }
    for kind, model in KINDS.items()
}


def kind_of(obj: models.Model) -> str:
    for kind, model in KINDS.items():
        if isinstance(obj, model):
            return kind
    raise ValueError(f"not a strategy object: {obj!r}")


def brand_of(obj: models.Model) -> Brand:
    if isinstance(obj, Measurement):
        return obj.objective.brand
    return obj.brand  # type: ignore[attr-defined,no-any-return]


def brand_today(brand: Brand) -> dt.date:
    """Today in the brand's time zone: a deadline is "past" by the brand's calendar."""
    return timezone.now().astimezone(zoneinfo.ZoneInfo(brand.timezone)).date()


def serialise(obj: models.Model) -> dict[str, Any]:
    """A JSON snapshot: every field, linked objects as sorted id lists."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in {"id", "brand", "created_at"}:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f") if value == value.to_integral() else str(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        data[field.name] = value
    if obj.pk:
        for name in M2M.get(kind_of(obj), []):
            data[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return data


def check_rules(obj: models.Model, brand: Brand, previous: dict[str, Any] | None) -> None:
    """Rules across fields, beyond each field's own validators."""
    errors: dict[str, list[str]] = {}
    if isinstance(obj, Objective):
        deadline_changed = previous is None or previous.get("deadline") != (
            obj.deadline.isoformat() if obj.deadline else None
        )
        if obj.deadline and deadline_changed and obj.deadline < brand_today(brand):
            errors["deadline"] = [_("The deadline cannot be in the past.")]
        if obj.target is not None and obj.baseline is not None and obj.target == obj.baseline:
            errors["target"] = [_("The target must differ from the baseline.")]
    if isinstance(obj, Campaign) and obj.starts_on and obj.ends_on and obj.ends_on < obj.starts_on:
        errors["ends_on"] = [_("The end date must not be before the start date.")]
    if (
        isinstance(obj, BudgetLine)
        and obj.period_start
        and obj.period_end
        and obj.period_end < obj.period_start
    ):
        errors["period_end"] = [_("The period must not end before it starts.")]
    if (
        isinstance(obj, BudgetLine)
        and obj.campaign is not None
        and obj.campaign.brand_id != brand.pk
    ):
        errors["campaign"] = [_("This campaign belongs to another brand.")]
    if isinstance(obj, Measurement) and obj.objective_id and obj.objective.brand_id != brand.pk:
        errors["objective"] = [_("This objective belongs to another brand.")]
    if errors:
        raise ValidationError(errors)


def _check_linked(brand: Brand, kind: str, links: dict[str, Any]) -> None:
    for name, items in links.items():
        if any(item.brand_id != brand.pk for item in items):
            raise ValidationError({name: [_("Only objects of this brand can be linked.")]})


def _split(kind: str, fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Plain fields (text stripped: "   " is no name) and links (lists of objects)."""
    names = M2M.get(kind, [])
    refuse_nulls(KINDS[kind], fields)
    plain = {
        k: v.strip() if isinstance(v, str) and k in TEXT_FIELDS[kind] else v
        for k, v in fields.items()
        if k not in names
    }
    links = {k: list(v) for k, v in fields.items() if k in names}
    return plain, links


STALE = "stale"


def is_stale(exc: ValidationError) -> bool:
    """The refusal of a change based on a version that is no longer the saved one."""
    return not hasattr(exc, "error_dict") and any(e.code == STALE for e in exc.error_list)


def version_of(obj: models.Model) -> str:
    """A short fingerprint of what is saved: a form remembers the one it was opened on."""
    data = json.dumps(serialise(obj), sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def _revise(
    actor: Any,
    brand: Brand,
    obj: models.Model,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str,
    via: str,
) -> Revision:
    kind = kind_of(obj)
    revision = Revision.objects.create(
        brand=brand,
        object_type=kind,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        action=action,
        before=before,
        after=after,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason.strip()[:500],
    )
    record(
        actor,
        f"strategy.{kind}.{action}",
        obj,
        brand=brand,
        via=via,
        changes=model_changes(before, after),
    )
    return revision


@transaction.atomic
def create_item(
    actor: Any, brand: Brand, kind: str, *, reason: str = "", via: str = "web", **fields: Any
) -> models.Model:
    model = KINDS[kind]
    plain, links = _split(kind, fields)
    obj = model(**plain) if kind == "measurement" else model(brand=brand, **plain)
    obj.full_clean()
    check_rules(obj, brand, previous=None)
    _check_linked(brand, kind, links)
    obj.save()
    for name, items in links.items():
        getattr(obj, name).set(items)
    _revise(actor, brand, obj, Revision.Action.CREATE, {}, serialise(obj), reason, via)
    return obj


@transaction.atomic
def update_item(
    actor: Any,
    obj: models.Model,
    *,
    reason: str = "",
    via: str = "web",
    based_on: str | None = None,
    **fields: Any,
) -> models.Model:
    """Change an object. With `based_on` (the `version_of` the editor started from), a change
    made meanwhile by someone else is refused rather than silently overwritten."""
    kind = kind_of(obj)
    brand = brand_of(obj)
    # Work on a fresh copy so a refused change leaves the caller's object as it was saved.
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if based_on is not None and based_on != version_of(obj):
        raise ValidationError(
            _(
                "Someone else changed this while you were editing it. Your text is still in the "
                "form: check the current version, then save again to replace it."
            ),
            code=STALE,
        )
    before = serialise(obj)
    plain, links = _split(kind, fields)
    for name, value in plain.items():
        setattr(obj, name, value)
    obj.full_clean()
    check_rules(obj, brand, previous=before)
    _check_linked(brand, kind, links)
    obj.save()
    for name, items in links.items():
        getattr(obj, name).set(items)
    after = serialise(obj)
    if after != before:
        _revise(actor, brand, obj, Revision.Action.UPDATE, before, after, reason, via)
    return obj


def _dependants(obj: models.Model) -> list[models.Model]:
    """Objects that a deletion changes too (cascade, unlink, SET_NULL): they get revisions."""
    if isinstance(obj, Objective):
        return [*obj.measurements.all(), *obj.campaigns.all()]
    if isinstance(obj, Persona):
        return list(obj.objectives.all())
    if isinstance(obj, Campaign):
        return list(obj.budget_lines.all())
    return []


@transaction.atomic
def delete_item(actor: Any, obj: models.Model, *, reason: str = "", via: str = "web") -> None:
    brand = brand_of(obj)
    # Lock and re-read: a second click or a second tab finds nothing left to delete, and the
    # history does not tell the deletion twice.
    fresh = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if fresh is None:
        return
    obj = fresh
    dependants = [(item, serialise(item)) for item in _dependants(obj)]
    _revise(actor, brand, obj, Revision.Action.DELETE, serialise(obj), {}, reason, via)
    obj.delete()
    # The history must tell the whole story: a measurement deleted with its objective, a
    # campaign that lost one of its objectives, a budget line whose campaign is gone.
    for item, item_before in dependants:
        fresh = type(item)._default_manager.filter(pk=item.pk).first()
        if fresh is None:
            _revise(actor, brand, item, Revision.Action.DELETE, item_before, {}, reason, via)
        elif (item_after := serialise(fresh)) != item_before:
            _revise(
                actor, brand, fresh, Revision.Action.UPDATE, item_before, item_after, reason, via
            )
