"""What the base layout needs on every page: the brands one can switch to, the current brand,
and the navigation of the capabilities (those not built yet are shown as coming)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portevoix.accounts.models import Notification
from portevoix.accounts.permissions import Perm, brands_for, has_perm

# (label, url name or None while the capability is not built, permission needed)
NAVIGATION: list[tuple[Any, str | None, Perm]] = [
    (_("Strategy"), "strategy:overview", Perm.STRATEGY_VIEW),
    (_("Calendar"), "editorial:calendar", Perm.CALENDAR_VIEW),
    (_("Listening"), "listening:overview", Perm.LISTENING_VIEW),
    (_("Inbox"), None, Perm.BRAND_VIEW),
    (_("Reports"), None, Perm.BRAND_VIEW),
    (_("Links"), None, Perm.BRAND_VIEW),
    (_("Brand handles"), None, Perm.BRAND_VIEW),
    (_("Hiring"), None, Perm.BRAND_VIEW),
    (_("Connections"), "connectors:list", Perm.CONNECTIONS_VIEW),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    brand = getattr(request, "brand", None)
    items = []
    match = getattr(request, "resolver_match", None)
    current_app = match.namespace if match else ""
    if brand is not None:
        for label, url_name, perm in NAVIGATION:
            if has_perm(user, brand, perm):
                # A capability's tab stays highlighted on every page of its app (URL namespace).
                active = bool(url_name and current_app and url_name.split(":")[0] == current_app)
                items.append({"label": label, "url_name": url_name, "active": active})
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {
        "nav_brands": list(brands_for(user)),
        "nav_brand": brand,
        "nav_items": items,
        "nav_unread": unread,
    }
