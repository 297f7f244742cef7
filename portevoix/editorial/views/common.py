"""What every editorial page shares: the sub-navigation and the brand's time zone."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm, has_perm

SUBNAV = [
    ("calendar", _("Month"), "editorial:calendar", Perm.CALENDAR_VIEW),
    ("week", _("Week"), "editorial:week", Perm.CALENDAR_VIEW),
    ("list", _("List"), "editorial:list", Perm.CALENDAR_VIEW),
    ("share", _("Share of content"), "editorial:share", Perm.CALENDAR_VIEW),
    ("new", _("New post"), "editorial:post-create", Perm.POSTS_EDIT),
    ("import", _("Import a CSV"), "editorial:import", Perm.POSTS_EDIT),
    ("settings", _("Slots, cadence and approval"), "editorial:settings", Perm.POSTS_APPROVE),
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
        "brand_tz": brand.timezone,
        "subnav": subnav,
        "section": section,
        "can_edit": has_perm(request.user, brand, Perm.POSTS_EDIT),
        **extra,
    }
