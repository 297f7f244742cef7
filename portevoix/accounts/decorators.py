"""View guards. Every view names the permission it needs; the permission-matrix test reads it.

An outsider (no role on the brand or organisation) gets 404, never 403, so nobody can learn
that another organisation's object exists. A member whose role lacks the permission gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from portevoix.accounts.models import Organisation
from portevoix.accounts.permissions import (
    Perm,
    brands_for,
    has_org_perm,
    has_perm,
    organisations_for,
)

View = Callable[..., HttpResponseBase]


def brand_view(perm: Perm) -> Callable[[View], View]:
    """The view takes `brand_id` from the URL and receives the Brand as its second argument."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(
            request: HttpRequest, brand_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            brand = get_object_or_404(brands_for(request.user), pk=brand_id)
            if not has_perm(request.user, brand, perm):
                raise PermissionDenied
            request.brand = brand  # type: ignore[attr-defined]
            return view(request, brand, *args, **kwargs)

        wrapped.required_perm = perm  # type: ignore[attr-defined]
        wrapped.scope = "brand"  # type: ignore[attr-defined]
        return wrapped

    return decorator


def org_view(perm: Perm) -> Callable[[View], View]:
    """The view takes `org_id` from the URL and receives the Organisation as its second argument."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(
            request: HttpRequest, org_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            organisation: Organisation = get_object_or_404(
                organisations_for(request.user), pk=org_id
            )
            if not has_org_perm(request.user, organisation, perm):
                raise PermissionDenied
            return view(request, organisation, *args, **kwargs)

        wrapped.required_perm = perm  # type: ignore[attr-defined]
        wrapped.scope = "organisation"  # type: ignore[attr-defined]
        return wrapped

    return decorator


def member_view(view: View) -> View:
    """Any signed-in person: pages about oneself (profile, brand list)."""
    wrapped = login_required(view)
    wrapped.scope = "member"  # type: ignore[attr-defined]
    return wrapped


def public_view(view: View) -> View:
    """No sign-in needed (login page, health check)."""
    view.scope = "public"  # type: ignore[attr-defined]
    return view
