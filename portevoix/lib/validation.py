"""Checks that every action applies to what it is given, whatever called it (form, API, seed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _


def refuse_nulls(model: type[models.Model], fields: dict[str, Any]) -> None:
    """Refuse None for fields that cannot hold it. Django's full_clean lets None through for a
    blank text field, and the database then fails with an IntegrityError (a 500 in the API)."""
    errors = {}
    for name, value in fields.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if value is None and not getattr(field, "null", True):
            errors[name] = [_("This field cannot be null.")]
    if errors:
        raise ValidationError(errors)
