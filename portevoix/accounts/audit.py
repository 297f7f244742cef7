"""The audit log: one row per write, recorded by the action that made it."""

from __future__ import annotations

from typing import Any

from django.db import models

from portevoix.accounts.models import AuditEvent, Brand, Organisation


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    brand: Brand | None = None,
    organisation: Organisation | None = None,
    changes: dict[str, Any] | None = None,
    via: str = "web",
) -> AuditEvent:
    if organisation is None and brand is not None:
        organisation = brand.organisation
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation,
        brand=brand,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        via=via,
    )


def model_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field → [old, new] for the fields that differ, as JSON-safe strings."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def snapshot(obj: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
