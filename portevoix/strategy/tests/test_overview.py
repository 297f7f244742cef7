from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from portevoix.strategy.tests.factories import (
    client_for,
    make_budget_line,
    make_campaign,
    make_measurement,
    make_objective,
    make_persona,
)


def test_it_summarises_the_strategy_for_an_editor(bob: Any, brand: Any) -> None:
    make_persona(brand, name="Amateurs de café")
    make_objective(brand, title="Notoriété", current=Decimal(150))
    make_campaign(brand, name="En cours", starts_on=brand_today_for(brand))
    make_budget_line(brand, planned=Decimal(1000), actual=Decimal(900))
    response = client_for(bob).get(reverse("strategy:overview", args=[brand.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Amateurs de café" in body
    assert 'aria-valuenow="50"' in body
    assert "En cours" in body
    assert reverse("strategy:objective-create", args=[brand.pk]) in body
    assert reverse("strategy:budget-line-list", args=[brand.pk]) in body
    assert reverse("strategy:history", args=[brand.pk]) in body


def test_it_lists_the_measurement_plan_with_add_links(bob: Any, brand: Any) -> None:
    measured = make_measurement(brand, indicator="Abonnés au 31").objective
    bare = make_objective(brand, title="Sans mesure")
    response = client_for(bob).get(reverse("strategy:measurement-list", args=[brand.pk]))
    body = response.content.decode()
    assert "Abonnés au 31" in body
    create = reverse("strategy:measurement-create", args=[brand.pk])
    assert f"{create}?objective={measured.pk}" in body
    assert f"{create}?objective={bare.pk}" in body


def brand_today_for(brand: Any) -> Any:
    from portevoix.strategy.actions import brand_today

    return brand_today(brand)
