"""Read helpers for the strategy pages: the overview, the budget table, the history diff.

Nothing here writes; every write goes through `strategy.actions`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from portevoix.accounts.models import Brand
from portevoix.strategy.actions import KINDS, M2M, brand_today
from portevoix.strategy.models import (
    BudgetCategory,
    BudgetLine,
    Campaign,
    Measurement,
    Objective,
    Platform,
    Revision,
)

# Snapshot fields that hold the id of another strategy object, and the kind it points to.
REFERENCES = {"campaign": "campaign", "objective": "objective"}
REFERENCE_LISTS = {"personas": "persona", "objectives": "objective"}


def active_campaigns(brand: Brand) -> QuerySet[Campaign]:
    """Campaigns running today by the brand's calendar."""
    today = brand_today(brand)
    return Campaign.objects.filter(brand=brand, starts_on__lte=today, ends_on__gte=today)


def revisions_for(brand: Brand, can_see_budget: bool) -> QuerySet[Revision]:
    """The brand's revisions, newest first; budget lines only for those who may see the budget."""
    revisions = Revision.objects.filter(brand=brand).select_related("author")
    if not can_see_budget:
        revisions = revisions.exclude(object_type="budget_line")
    return revisions


def objectives_with_measurements(brand: Brand) -> QuerySet[Objective]:
    return Objective.objects.filter(brand=brand).prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("indicator"))
    )


# --- Budget ---------------------------------------------------------------------------------


@dataclass
class Totals:
    """Planned against actual. The variance counts only lines whose actual amount is known,
    so a month not yet spent does not show as a saving."""

    planned: Decimal = Decimal(0)
    actual: Decimal = Decimal(0)
    variance: Decimal = Decimal(0)

    def add(self, line: BudgetLine) -> None:
        self.planned += line.planned
        if line.actual is not None:
            self.actual += line.actual
            self.variance += line.actual - line.planned


@dataclass
class CategoryTotals(Totals):
    category: str = ""
    label: str = ""


@dataclass
class BudgetRow:
    line: BudgetLine

    @property
    def variance(self) -> Decimal | None:
        if self.line.actual is None:
            return None
        return self.line.actual - self.line.planned


@dataclass
class Period:
    start: dt.date
    rows: list[BudgetRow] = field(default_factory=list)
    categories: list[CategoryTotals] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class BudgetSummary:
    periods: list[Period]
    totals: Totals


def budget_periods(brand: Brand) -> list[dt.date]:
    return list(
        BudgetLine.objects.filter(brand=brand)
        .order_by("period_start")
        .values_list("period_start", flat=True)
        .distinct()
    )


def budget_summary(brand: Brand, period: dt.date | None = None) -> BudgetSummary:
    """The brand's budget lines grouped by period start, with totals per category, per period
    and overall (for the shown periods)."""
    lines = BudgetLine.objects.filter(brand=brand).select_related("campaign")
    if period is not None:
        lines = lines.filter(period_start=period)
    labels = dict(BudgetCategory.choices)
    periods: dict[dt.date, Period] = {}
    categories: dict[tuple[dt.date, str], CategoryTotals] = {}
    overall = Totals()
    for line in lines.order_by("period_start", "category", "label"):
        current = periods.setdefault(line.period_start, Period(start=line.period_start))
        current.rows.append(BudgetRow(line))
        current.totals.add(line)
        key = (line.period_start, line.category)
        if key not in categories:
            categories[key] = CategoryTotals(
                category=line.category, label=str(labels.get(line.category, line.category))
            )
            current.categories.append(categories[key])
        categories[key].add(line)
        overall.add(line)
    return BudgetSummary(periods=list(periods.values()), totals=overall)


# --- History --------------------------------------------------------------------------------


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str


def _model_field(kind: str, name: str) -> models.Field[Any, Any] | None:
    model = KINDS.get(kind)
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist: a field removed since the revision was written.
        return None
    return found if isinstance(found, models.Field) else None


def _display(kind: str, name: str, value: Any, names: Mapping[tuple[str, int], str] | None) -> str:
    """A snapshot value as a person reads it: labels for choices, names for linked objects,
    localized dates and numbers."""
    if value is None or value == "" or value == []:
        return ""
    names = names or {}
    model_field = _model_field(kind, name)
    if name in REFERENCES and isinstance(value, int):
        return names.get((REFERENCES[name], value), f"#{value}")
    if name in REFERENCE_LISTS and isinstance(value, list):
        target = REFERENCE_LISTS[name]
        return ", ".join(names.get((target, pk), f"#{pk}") for pk in value)
    if name == "platforms" and isinstance(value, list):
        labels = dict(Platform.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(model_field, models.DecimalField) and isinstance(value, str):
        try:
            return formats.number_format(Decimal(value))
        except InvalidOperation:
            return value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def diff_snapshots(
    kind: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    names: Mapping[tuple[str, int], str] | None = None,
    hidden: Iterable[str] = (),
) -> list[FieldChange]:
    """Field by field, what a revision changed. A creation lists every filled field as new, a
    deletion every filled field as old. `names` maps (kind, id) to a readable name for linked
    objects; `hidden` fields are left out (the budget, for people who may not see it)."""
    changes = []
    skip = set(hidden)
    keys = list(after) + [key for key in before if key not in after]
    for key in keys:
        if key in skip or before.get(key) == after.get(key):
            continue
        old = _display(kind, key, before.get(key), names)
        new = _display(kind, key, after.get(key), names)
        if old == new:
            continue
        model_field = _model_field(kind, key)
        label = str(model_field.verbose_name) if model_field is not None else key
        changes.append(FieldChange(name=key, label=label, old=old, new=new))
    return changes


def linked_names(revisions: Iterable[Revision]) -> dict[tuple[str, int], str]:
    """Names of the objects that revisions point to, one query per kind. Objects deleted since
    then fall back to the name their own deletion revision kept."""
    wanted: dict[str, set[int]] = {}
    for revision in revisions:
        many = M2M.get(revision.object_type, [])
        for snapshot in (revision.before, revision.after):
            for name, kind in REFERENCES.items():
                if isinstance(snapshot.get(name), int):
                    wanted.setdefault(kind, set()).add(snapshot[name])
            for name, kind in REFERENCE_LISTS.items():
                if name in many and isinstance(snapshot.get(name), list):
                    wanted.setdefault(kind, set()).update(snapshot[name])
    names: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        for row in Revision.objects.filter(object_type=kind, object_id__in=ids).values(
            "object_id", "object_repr"
        ):
            names.setdefault((kind, row["object_id"]), row["object_repr"])
        for obj in KINDS[kind]._default_manager.filter(pk__in=ids):
            names[(kind, obj.pk)] = str(obj)
    return names
