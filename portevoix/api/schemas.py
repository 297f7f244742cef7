"""Request and response bodies. Decimals leave as strings ("1250.00"), dates as ISO 8601.

Input schemas forbid unknown fields, so a misspelt field is refused instead of silently ignored.
Links are ids: `personas`, `objectives` (lists), `campaign`, `objective`. Field rules (lengths,
minimums, dates in the past) are the models' and the actions'; the schemas only check types.

ninja's PatchDict rebuilds a schema from its raw annotations inside ninja's own module, so this
module must not use `from __future__ import annotations`: string annotations would not resolve.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict

from portevoix.accounts.models import Brand, Currency, Language
from portevoix.accounts.permissions import Perm, has_perm
from portevoix.strategy.models import BudgetCategory, ObjectiveCategory, Platform

# An id as the database can hold it: a larger integer makes SQLite raise OverflowError.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class InputSchema(Schema):
    # Enum values, not members, reach the actions: they are stored in JSON fields and compared.
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Change(InputSchema):
    reason: str = Field("", description="Why the change was made; kept with the revision.")


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ErrorOut(Schema):
    error: ErrorDetail


def answers(body: Any, status: int = 200) -> dict[int, Any]:
    """The success response of an operation, with the error responses every operation may give."""
    return {status: body, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# Brands


class BrandIn(InputSchema):
    organisation: Id
    name: str
    description: str = ""
    timezone: str | None = Field(None, description="IANA name; the instance default if omitted.")
    languages: list[Language] = Field(default_factory=list)
    currency: Currency = Currency.EUR


class BrandPatch(InputSchema):
    name: str
    description: str
    timezone: str
    languages: list[Language]
    currency: Currency


class BrandOut(Schema):
    id: int
    organisation: int
    name: str
    slug: str
    description: str
    timezone: str
    languages: list[str]
    currency: str
    created_at: dt.datetime

    @staticmethod
    def resolve_organisation(obj: Any) -> int:
        return int(obj.organisation_id)


# Strategy


class PersonaIn(Change):
    name: str
    description: str = ""
    needs: str = ""
    platforms: list[Platform] = Field(default_factory=list)
    language: Language = Language.FRENCH
    region: str = ""


class PersonaOut(Schema):
    id: int
    name: str
    description: str
    needs: str
    platforms: list[str]
    language: str
    region: str
    created_at: dt.datetime


class ObjectiveIn(Change):
    title: str
    category: ObjectiveCategory
    description: str = ""
    kpi_metric: str
    kpi_unit: str = ""
    baseline: Decimal = Decimal(0)
    target: Decimal
    current: Decimal | None = None
    deadline: dt.date
    personas: list[Id] = Field(default_factory=list, description="Ids of this brand's personas.")


class ObjectiveOut(Schema):
    id: int
    title: str
    category: str
    description: str
    kpi_metric: str
    kpi_unit: str
    baseline: Decimal
    target: Decimal
    current: Decimal | None
    deadline: dt.date
    personas: list[int]
    progress: float | None = Field(None, description="0–1 from baseline to target.")
    created_at: dt.datetime

    @staticmethod
    def resolve_personas(obj: Any) -> list[int]:
        return sorted(persona.pk for persona in obj.personas.all())


class CampaignIn(Change):
    name: str
    description: str = ""
    starts_on: dt.date
    ends_on: dt.date
    budget: Decimal = Decimal(0)
    objectives: list[Id] = Field(
        default_factory=list, description="Ids of this brand's objectives."
    )


def may_see_budget(context: Any, brand: Brand) -> bool:
    """The API hides amounts from the roles the budget pages hide them from."""
    caller = getattr(context["request"], "auth", None)
    return caller is not None and has_perm(caller.user, brand, Perm.BUDGET_VIEW)


class CampaignOut(Schema):
    id: int
    name: str
    description: str
    starts_on: dt.date
    ends_on: dt.date
    budget: Decimal | None = Field(description="Null for roles that may not see the budget.")
    objectives: list[int]
    created_at: dt.datetime

    @staticmethod
    def resolve_budget(obj: Any, context: Any) -> Decimal | None:
        return obj.budget if may_see_budget(context, obj.brand) else None

    @staticmethod
    def resolve_objectives(obj: Any) -> list[int]:
        return sorted(objective.pk for objective in obj.objectives.all())


class BudgetLineIn(Change):
    category: BudgetCategory
    label: str
    period_start: dt.date
    period_end: dt.date
    planned: Decimal
    actual: Decimal | None = None
    campaign: Id | None = Field(None, description="Id of one of this brand's campaigns.")


class BudgetLineOut(Schema):
    id: int
    category: str
    label: str
    period_start: dt.date
    period_end: dt.date
    planned: Decimal
    actual: Decimal | None
    campaign: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_campaign(obj: Any) -> int | None:
        return obj.campaign_id  # type: ignore[no-any-return]


class MeasurementIn(Change):
    objective: Id = Field(description="Id of one of this brand's objectives.")
    indicator: str
    source: str
    frequency: str = ""
    method: str = ""


class MeasurementOut(Schema):
    id: int
    objective: int
    indicator: str
    source: str
    frequency: str
    method: str
    created_at: dt.datetime

    @staticmethod
    def resolve_objective(obj: Any) -> int:
        return int(obj.objective_id)


class RevisionOut(Schema):
    id: int
    object_type: str
    object_id: int
    object_repr: str
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    author: str | None
    reason: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj: Any) -> str | None:
        return obj.author.get_username() if obj.author_id else None

    @staticmethod
    def resolve_before(obj: Any, context: Any) -> dict[str, Any]:
        return _without_hidden_amounts(obj, obj.before, context)

    @staticmethod
    def resolve_after(obj: Any, context: Any) -> dict[str, Any]:
        return _without_hidden_amounts(obj, obj.after, context)


def _without_hidden_amounts(
    revision: Any, snapshot: dict[str, Any], context: Any
) -> dict[str, Any]:
    if revision.object_type == "campaign" and not may_see_budget(context, revision.brand):
        return {k: v for k, v in snapshot.items() if k != "budget"}
    return dict(snapshot)
