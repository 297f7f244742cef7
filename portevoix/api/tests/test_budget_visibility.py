"""Amounts hidden on the budget pages stay hidden through the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from portevoix.accounts.models import Role
from portevoix.strategy.actions import update_item
from portevoix.strategy.tests.factories import make_campaign


@pytest.mark.parametrize(
    ("role", "sees_budget"), [(Role.COMMUNITY_MANAGER, False), (Role.ANALYST, True)]
)
def test_it_shows_campaign_budgets_only_to_roles_that_see_the_budget(
    role: str, sees_budget: bool, alice: Any, brand: Any, member_with_role: Any
) -> None:
    campaign = make_campaign(brand, budget=Decimal(3500))
    update_item(alice, campaign, budget=Decimal(4000), reason="Rallonge")
    client = Client()
    client.force_login(member_with_role(role))

    item = client.get(f"/api/v1/brands/{brand.pk}/campaigns/{campaign.pk}").json()
    assert (item["budget"] is not None) == sees_budget

    history = client.get(f"/api/v1/brands/{brand.pk}/revisions?object_type=campaign").json()
    change = history["items"][0]
    assert ("budget" in change["before"] and "budget" in change["after"]) == sees_budget
