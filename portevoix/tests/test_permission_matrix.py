"""Walk every URL of the web app as every role and as an outsider.

Each view declares its scope and permission (accounts.decorators); the expected answer comes from
accounts.permissions.ROLE_PERMS. A view without a declaration fails the test, so a new page cannot
ship unguarded. The API has its own matrix (portevoix/api/tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from portevoix.accounts import actions
from portevoix.accounts.models import Membership, Role
from portevoix.accounts.permissions import role_has
from portevoix.alerts.models import Alert
from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.tests.factories import editorial_world
from portevoix.listening import actions as listening_actions
from portevoix.listening.models import Mention
from portevoix.listening.pipeline import RawItem, ingest
from portevoix.publishing.tests.factories import make_target
from portevoix.strategy.actions import create_item

SKIPPED_PREFIXES = ("admin/", "i18n/", "api/", "static/")


def walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Any]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), namespace + p.name, p.callback


def all_views() -> list[tuple[str, str, Any]]:
    return [v for v in walk(get_resolver().url_patterns) if not v[0].startswith(SKIPPED_PREFIXES)]


@pytest.fixture
def world(alice: Any, org: Any, brand: Any, bob: Any) -> dict[str, Any]:
    """One object of every kind in alice's brand, to fill every URL parameter."""
    future = timezone.now().date() + dt.timedelta(days=60)
    persona = create_item(alice, brand, "persona", name="Étudiants")
    objective = create_item(
        alice,
        brand,
        "objective",
        title="Notoriété",
        category="awareness",
        kpi_metric="Abonnés",
        baseline=Decimal(1),
        target=Decimal(2),
        deadline=future,
    )
    campaign = create_item(
        alice,
        brand,
        "campaign",
        name="Rentrée",
        starts_on=future,
        ends_on=future,
        budget=Decimal(5),
    )
    budget_line = create_item(
        alice,
        brand,
        "budget_line",
        category="tools",
        label="Outils",
        period_start=future,
        period_end=future,
        planned=Decimal(10),
    )
    measurement = create_item(
        alice, brand, "measurement", objective=objective, indicator="Abonnés", source="Instagram"
    )
    token, _secret = actions.create_api_token(alice, brand, name="script")
    post, target, slot = editorial_world(alice, brand)
    query = listening_actions.save_query(alice, brand, name="Marque", query="lumiere")
    source = listening_actions.save_source(
        alice, brand, kind="feed", name="Flux", url="https://news.example/feed.xml"
    )
    ingest(None, [RawItem(source_kind="rss", url="https://news.example/1", text="Lumière")])
    return {
        "post_id": post.pk,
        "target_id": target.pk,
        "slot_id": slot.pk,
        "query_id": query.pk,
        "source_id": source.pk,
        "mention_id": Mention.objects.get(brand=brand).pk,
        "alert_id": Alert.objects.create(
            brand=brand,
            query=query,
            kind="volume",
            bucket_start=timezone.now(),
            observed=30,
            expected=2,
            zscore=9,
        ).pk,
        "brand_id": brand.pk,
        "org_id": org.pk,
        "token_id": token.pk,
        "membership_id": Membership.objects.get(user=bob).pk,
        "persona": persona.pk,
        "objective": objective.pk,
        "campaign": campaign.pk,
        "budget-line": budget_line.pk,
        "measurement": measurement.pk,
        "account_id": make_account(brand).pk,
        "kind": "fake",
        "target": make_target(brand).pk,
    }


def url_for(name: str, pattern: str, world: dict[str, Any]) -> str:
    kwargs: dict[str, Any] = {}
    for key in (
        "brand_id",
        "org_id",
        "token_id",
        "membership_id",
        "post_id",
        "target_id",
        "slot_id",
        "query_id",
        "source_id",
        "mention_id",
        "alert_id",
        "account_id",
    ):
        if f"<int:{key}>" in pattern:
            kwargs[key] = world[key]
    if "<slug:kind>" in pattern:  # a connector kind
        kwargs["kind"] = world["kind"]
    for key in ("uidb64", "token"):  # the password-reset link's parts: public, any value
        if f"<{key}>" in pattern:
            kwargs[key] = "x"
    if "<int:pk>" in pattern:
        kind = name.split(":")[-1].rsplit("-", 1)[0]
        kwargs["pk"] = world[kind]
    return reverse(name, kwargs=kwargs)


def test_it_declares_a_guard_on_every_view() -> None:
    unguarded = [name for _p, name, view in all_views() if not hasattr(view, "scope")]
    assert unguarded == []


def test_it_knows_every_url_parameter(world: dict[str, Any]) -> None:
    for pattern, name, _view in all_views():
        url_for(name, pattern, world)  # raises NoReverseMatch on an unknown parameter


@pytest.mark.parametrize("role", list(Role))
def test_it_answers_each_role_as_its_permissions_say(
    role: Role, world: dict[str, Any], member_with_role: Any, brand: Any
) -> None:
    user = member_with_role(role)
    client = Client()
    client.force_login(user)
    # Revoking someone else's token is for owners only: give each role a token of its own.
    own_token, _secret = actions.create_api_token(user, brand, name="own")
    world = {**world, "token_id": own_token.pk}
    wrong = []
    for pattern, name, view in all_views():
        if view.scope not in {"brand", "organisation"}:
            continue
        status = client.get(url_for(name, pattern, world)).status_code
        allowed = role_has(role, view.required_perm)
        if (allowed and status in (403, 404)) or (not allowed and status != 403):
            wrong.append((name, view.required_perm, status))
    assert wrong == []


def test_it_gives_an_outsider_404_everywhere(world: dict[str, Any], charlie: Any) -> None:
    client = Client()
    client.force_login(charlie)
    wrong = []
    for pattern, name, view in all_views():
        if view.scope in {"brand", "organisation"}:
            status = client.get(url_for(name, pattern, world)).status_code
            if status != 404:
                wrong.append((name, status))
    assert wrong == []


def test_it_gives_404_to_a_member_narrowed_to_another_brand(
    world: dict[str, Any], alice: Any, org: Any
) -> None:
    other = actions.create_brand(alice, org, name="Autre marque d'Alice")
    member = actions.add_member(alice, org, username="dana", role=Role.STRATEGIST, brands=[other])
    client = Client()
    client.force_login(member.user)
    wrong = []
    for pattern, name, view in all_views():
        if view.scope == "brand":
            status = client.get(url_for(name, pattern, world)).status_code
            if status != 404:
                wrong.append((name, status))
    assert wrong == []


def test_it_sends_anonymous_visitors_to_login(world: dict[str, Any]) -> None:
    client = Client()
    wrong = []
    for pattern, name, view in all_views():
        if view.scope == "public":
            continue
        response = client.get(url_for(name, pattern, world))
        if response.status_code != 302 or not response["Location"].startswith(reverse("login")):
            wrong.append((name, response.status_code))
    assert wrong == []
