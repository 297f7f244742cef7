"""What every strategy page shares: the permissions the templates ask about, the sub-navigation,
and the URL names of each kind."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm, has_perm
from portevoix.strategy.actions import KINDS


def url_kind(kind: str) -> str:
    """`budget_line` → `budget-line`, as it appears in URL names."""
    return kind.replace("_", "-")


LIST_URLS = {kind: f"strategy:{url_kind(kind)}-list" for kind in KINDS}

# The strategy's own navigation: (section, label, URL name, permission needed).
SUBNAV = [
    ("overview", _("Overview"), "strategy:overview", Perm.STRATEGY_VIEW),
    ("persona", _("Audience targets"), "strategy:persona-list", Perm.STRATEGY_VIEW),
    ("objective", _("Objectives"), "strategy:objective-list", Perm.STRATEGY_VIEW),
    ("campaign", _("Campaigns"), "strategy:campaign-list", Perm.STRATEGY_VIEW),
    ("budget", _("Budget"), "strategy:budget-line-list", Perm.BUDGET_VIEW),
    ("measurement", _("Measurement plan"), "strategy:measurement-list", Perm.STRATEGY_VIEW),
    ("history", _("History"), "strategy:history", Perm.STRATEGY_VIEW),
]


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def page_context(request: HttpRequest, brand: Brand, section: str, **extra: Any) -> dict[str, Any]:
    subnav = [
        {"label": label, "url": reverse(url_name, args=[brand.pk]), "current": name == section}
        for name, label, url_name, perm in SUBNAV
        if has_perm(request.user, brand, perm)
    ]
    return {
        "brand": brand,
        "subnav": subnav,
        "section": section,
        "can_edit": has_perm(request.user, brand, Perm.STRATEGY_EDIT),
        "can_see_budget": has_perm(request.user, brand, Perm.BUDGET_VIEW),
        **extra,
    }
