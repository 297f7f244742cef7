from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from portevoix.strategy.queries import budget_summary
from portevoix.strategy.tests.factories import client_for, make_budget_line

JANUARY = dt.date(2026, 1, 1)
FEBRUARY = dt.date(2026, 2, 1)


def seed(brand: Any) -> None:
    make_budget_line(brand, label="Pubs A", planned=Decimal(1000), actual=Decimal(1200))
    make_budget_line(brand, label="Pubs B", planned=Decimal("500.50"), actual=Decimal(400))
    make_budget_line(brand, category="tools", label="Outils", planned=Decimal(100))
    make_budget_line(
        brand,
        label="Pubs février",
        period_start=FEBRUARY,
        period_end=dt.date(2026, 2, 28),
        planned=Decimal(300),
        actual=Decimal(250),
    )


def test_it_totals_per_category_per_period_and_overall(brand: Any) -> None:
    seed(brand)
    summary = budget_summary(brand)
    january, february = summary.periods
    assert january.start == JANUARY
    assert [(c.category, c.planned, c.actual, c.variance) for c in january.categories] == [
        ("advertising", Decimal("1500.50"), Decimal(1600), Decimal("99.50")),
        ("tools", Decimal(100), Decimal(0), Decimal(0)),
    ]
    assert (january.totals.planned, january.totals.actual) == (Decimal("1600.50"), Decimal(1600))
    assert february.totals.variance == Decimal(-50)
    assert (summary.totals.planned, summary.totals.actual, summary.totals.variance) == (
        Decimal("1900.50"),
        Decimal(1850),
        Decimal("49.50"),
    )


def test_it_filters_the_budget_page_by_period(bob: Any, brand: Any) -> None:
    seed(brand)
    client = client_for(bob)
    url = reverse("strategy:budget-line-list", args=[brand.pk])
    response = client.get(url, {"period": FEBRUARY.isoformat()}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pubs février" in body
    assert "Pubs A" not in body
    assert response.context["summary"].totals.planned == Decimal(300)
    everything = client.get(url, {"period": "not-a-date"})
    assert everything.context["summary"].totals.planned == Decimal("1900.50")


def test_it_sends_htmx_only_the_budget_table(bob: Any, brand: Any) -> None:
    seed(brand)
    response = client_for(bob).get(
        reverse("strategy:budget-line-list", args=[brand.pk]),
        {"period": JANUARY.isoformat()},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Pubs A" in body
    assert "<html" not in body
