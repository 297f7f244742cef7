"""Builders for strategy objects, made through the actions like the app makes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.test import Client

from portevoix.accounts.models import Brand
from portevoix.strategy.actions import brand_today, create_item
from portevoix.strategy.models import BudgetLine, Campaign, Measurement, Objective, Persona


def later(brand: Brand, days: int = 30) -> dt.date:
    return brand_today(brand) + dt.timedelta(days=days)


def make_persona(brand: Brand, **overrides: Any) -> Persona:
    fields: dict[str, Any] = {"name": "Étudiants du Plateau", "platforms": ["instagram"]}
    return create_item(None, brand, "persona", **(fields | overrides))  # type: ignore[return-value]


def make_objective(brand: Brand, **overrides: Any) -> Objective:
    fields: dict[str, Any] = {
        "title": "Notoriété",
        "category": "awareness",
        "kpi_metric": "Abonnés Instagram",
        "baseline": Decimal(100),
        "target": Decimal(200),
        "deadline": later(brand, 60),
    }
    return create_item(None, brand, "objective", **(fields | overrides))  # type: ignore[return-value]


def make_campaign(brand: Brand, **overrides: Any) -> Campaign:
    fields: dict[str, Any] = {
        "name": "Rentrée",
        "starts_on": later(brand, 1),
        "ends_on": later(brand, 20),
        "budget": Decimal(500),
    }
    return create_item(None, brand, "campaign", **(fields | overrides))  # type: ignore[return-value]


def make_budget_line(brand: Brand, **overrides: Any) -> BudgetLine:
    fields: dict[str, Any] = {
        "category": "advertising",
        "label": "Publicités Instagram",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 1, 31),
        "planned": Decimal(1000),
    }
    return create_item(None, brand, "budget_line", **(fields | overrides))  # type: ignore[return-value]


def make_measurement(brand: Brand, **overrides: Any) -> Measurement:
    fields: dict[str, Any] = {"indicator": "Abonnés en fin de mois", "source": "Instagram Insights"}
    if "objective" not in overrides:
        fields["objective"] = make_objective(brand)
    return create_item(None, brand, "measurement", **(fields | overrides))  # type: ignore[return-value]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# URL kind (as in `strategy:<kind>-edit`) → builder, for tests that walk every kind.
MAKERS: dict[str, Callable[..., Any]] = {
    "persona": make_persona,
    "objective": make_objective,
    "campaign": make_campaign,
    "budget-line": make_budget_line,
    "measurement": make_measurement,
}
