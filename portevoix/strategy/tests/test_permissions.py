from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from portevoix.accounts import actions
from portevoix.accounts.models import Role
from portevoix.strategy.tests.factories import (
    MAKERS,
    client_for,
    make_budget_line,
    make_campaign,
)

LISTS = ["persona", "objective", "campaign", "measurement"]


@pytest.mark.parametrize("kind", list(MAKERS))
def test_it_lets_a_community_manager_read_but_not_edit(
    brand: Any, member_with_role: Any, kind: str
) -> None:
    obj = MAKERS[kind](brand)
    client = client_for(member_with_role(Role.COMMUNITY_MANAGER))
    if kind in LISTS:
        assert client.get(reverse(f"strategy:{kind}-list", args=[brand.pk])).status_code == 200
    assert client.get(reverse(f"strategy:{kind}-create", args=[brand.pk])).status_code == 403
    for action in ("edit", "delete"):
        url = reverse(f"strategy:{kind}-{action}", args=[brand.pk, obj.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "non"}).status_code == 403
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()


def test_it_keeps_the_budget_from_a_community_manager(brand: Any, member_with_role: Any) -> None:
    make_budget_line(brand, label="Ligne secrète")
    make_campaign(brand, name="Rentrée", budget=Decimal("98765"))
    client = client_for(member_with_role(Role.COMMUNITY_MANAGER))
    assert client.get(reverse("strategy:budget-line-list", args=[brand.pk])).status_code == 403
    overview = client.get(reverse("strategy:overview", args=[brand.pk])).content.decode()
    assert reverse("strategy:budget-line-list", args=[brand.pk]) not in overview
    assert reverse("strategy:objective-create", args=[brand.pk]) not in overview
    assert "Ligne secrète" not in overview
    campaigns = client.get(reverse("strategy:campaign-list", args=[brand.pk])).content.decode()
    table = campaigns.split("<tbody>")[1].split("</tbody>")[0]
    assert "Rentrée" in table
    assert "765" not in table


@pytest.mark.parametrize("kind", list(MAKERS))
def test_it_gives_an_outsider_404(brand: Any, charlie: Any, kind: str) -> None:
    obj = MAKERS[kind](brand)
    client = client_for(charlie)
    for name, args in [
        ("list", [brand.pk]),
        ("create", [brand.pk]),
        ("edit", [brand.pk, obj.pk]),
        ("delete", [brand.pk, obj.pk]),
    ]:
        assert client.get(reverse(f"strategy:{kind}-{name}", args=args)).status_code == 404
    assert client.get(reverse("strategy:history", args=[brand.pk])).status_code == 404


@pytest.mark.parametrize("kind", list(MAKERS))
def test_it_gives_404_for_another_brands_object(
    bob: Any, brand: Any, alice: Any, org: Any, kind: str
) -> None:
    other = actions.create_brand(alice, org, name="Autre marque")
    foreign = MAKERS[kind](other)
    client = client_for(bob)
    for name in ("edit", "delete"):
        url = reverse(f"strategy:{kind}-{name}", args=[brand.pk, foreign.pk])
        assert client.post(url, {"reason": "non"}).status_code == 404
    assert type(foreign)._default_manager.filter(pk=foreign.pk).exists()
