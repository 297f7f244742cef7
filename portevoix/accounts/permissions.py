"""Who may do what. One table from role to permissions; every view and endpoint asks it.

To add a permission: add it to `Perm`, then to the roles that hold it in `ROLE_PERMS`. The
permission-matrix test walks every URL as every role from this table, so nothing else changes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet

from portevoix.accounts.models import Brand, Membership, Organisation, Role

# A signed-in user or AnonymousUser: both answer `is_authenticated`.
AnyUser = Any


class Perm(StrEnum):
    BRAND_VIEW = "brand.view"
    BRAND_MANAGE = "brand.manage"
    MEMBERS_MANAGE = "members.manage"
    STRATEGY_VIEW = "strategy.view"
    STRATEGY_EDIT = "strategy.edit"
    BUDGET_VIEW = "budget.view"
    AUDIT_VIEW = "audit.view"
    API_TOKENS_MANAGE = "api_tokens.manage"
    # Editorial calendar and publishing.
    CALENDAR_VIEW = "calendar.view"
    POSTS_EDIT = "posts.edit"
    POSTS_APPROVE = "posts.approve"  # the internal (strategist) approval step
    POSTS_CLIENT_APPROVE = "posts.client_approve"  # the client's step, when signed in
    CONNECTIONS_VIEW = "connections.view"
    CONNECTIONS_MANAGE = "connections.manage"
    # Listening and e-reputation.
    LISTENING_VIEW = "listening.view"
    LISTENING_EDIT = "listening.edit"  # standing queries and sources
    MENTIONS_TRIAGE = "mentions.triage"  # correct a sentiment, mark as handled
    ALERTS_MANAGE = "alerts.manage"


ROLE_PERMS: dict[str, frozenset[Perm]] = {
    Role.OWNER: frozenset(Perm),
    Role.STRATEGIST: frozenset(
        {
            Perm.BRAND_VIEW,
            Perm.STRATEGY_VIEW,
            Perm.STRATEGY_EDIT,
            Perm.BUDGET_VIEW,
            Perm.AUDIT_VIEW,
            Perm.API_TOKENS_MANAGE,
            Perm.CALENDAR_VIEW,
            Perm.POSTS_EDIT,
            Perm.POSTS_APPROVE,
            Perm.CONNECTIONS_VIEW,
            Perm.CONNECTIONS_MANAGE,
            Perm.LISTENING_VIEW,
            Perm.LISTENING_EDIT,
            Perm.MENTIONS_TRIAGE,
            Perm.ALERTS_MANAGE,
        }
    ),
    # The community manager carries the strategy out: reads it, does not set it; writes and
    # schedules posts (approval is the strategist's), runs the listening day to day.
    Role.COMMUNITY_MANAGER: frozenset(
        {
            Perm.BRAND_VIEW,
            Perm.STRATEGY_VIEW,
            Perm.CALENDAR_VIEW,
            Perm.POSTS_EDIT,
            Perm.CONNECTIONS_VIEW,
            Perm.LISTENING_VIEW,
            Perm.LISTENING_EDIT,
            Perm.MENTIONS_TRIAGE,
        }
    ),
    Role.ANALYST: frozenset(
        {
            Perm.BRAND_VIEW,
            Perm.STRATEGY_VIEW,
            Perm.BUDGET_VIEW,
            Perm.CALENDAR_VIEW,
            Perm.CONNECTIONS_VIEW,
            Perm.LISTENING_VIEW,
            Perm.MENTIONS_TRIAGE,
        }
    ),
    # The client pays for the plan: sees it and its budget, approves the posts meant for it
    # (also possible without an account, by signed link), changes nothing else.
    Role.CLIENT: frozenset(
        {
            Perm.BRAND_VIEW,
            Perm.STRATEGY_VIEW,
            Perm.BUDGET_VIEW,
            Perm.CALENDAR_VIEW,
            Perm.POSTS_CLIENT_APPROVE,
            Perm.LISTENING_VIEW,
        }
    ),
}


def role_has(role: str | None, perm: Perm) -> bool:
    return role is not None and perm in ROLE_PERMS.get(role, frozenset())


def _membership(user: AnyUser, organisation_id: int) -> Membership | None:
    if not user.is_authenticated:
        return None
    cache: dict[int, Membership | None] = user.__dict__.setdefault("_pv_memberships", {})
    if organisation_id not in cache:
        cache[organisation_id] = (
            Membership.objects.filter(user=user, organisation_id=organisation_id)
            .prefetch_related("brands")
            .first()
        )
    return cache[organisation_id]


def brands_for(user: AnyUser) -> QuerySet[Brand]:
    """Every brand the user can see: all of an organisation's, or the ones a membership names."""
    if not user.is_authenticated:
        return Brand.objects.none()
    whole_org = Q(
        organisation__memberships__user=user, organisation__memberships__brands__isnull=True
    )
    named = Q(
        pk__in=Membership.brands.through.objects.filter(membership__user=user).values("brand_id")
    )
    return Brand.objects.filter(whole_org | named).select_related("organisation").distinct()


def organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()


def role_for(user: AnyUser, brand: Brand) -> str | None:
    membership = _membership(user, brand.organisation_id)
    if membership is None:
        return None
    narrowed = [b.pk for b in membership.brands.all()]
    if narrowed and brand.pk not in narrowed:
        return None
    return membership.role


def org_role_for(user: AnyUser, organisation: Organisation) -> str | None:
    """The role over the whole organisation (members, brands, audit log). A membership narrowed
    to some brands has none: those pages show every brand of the organisation."""
    membership = _membership(user, organisation.pk)
    if membership is None or membership.brands.all():
        return None
    return membership.role


def has_perm(user: AnyUser, brand: Brand, perm: Perm) -> bool:
    return role_has(role_for(user, brand), perm)


def has_org_perm(user: AnyUser, organisation: Organisation, perm: Perm) -> bool:
    return role_has(org_role_for(user, organisation), perm)
