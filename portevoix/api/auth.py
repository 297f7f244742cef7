"""Who is calling: a brand-scoped API token, or the web app's own signed-in session.

Both answer a `Caller`, which `access.py` asks for brands. A token acts as its user with that
user's current role on the token's brand, so removing someone from a brand disables their tokens
at once, and changing their role changes what the tokens may do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from portevoix.accounts.actions import hash_token
from portevoix.accounts.models import ApiToken, Brand, Profile
from portevoix.accounts.permissions import brands_for, role_for
from portevoix.api.errors import ApiError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Scripts poll; one write per request would contend with real work for SQLite's single writer.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Caller:
    user: Any
    token: ApiToken | None = None

    def brands(self) -> QuerySet[Brand]:
        brands = brands_for(self.user)
        if self.token is not None:
            # A token reaches its own brand and no other, whatever else its user may see.
            brands = brands.filter(pk=self.token.brand_id)
        return brands


class TokenAuth(HttpBearer):
    """`Authorization: Bearer pv_…`, a secret made on the brand's API tokens page."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        api_token = (
            ApiToken.objects.select_related("user", "brand__organisation")
            .filter(token_hash=hash_token(token.strip()), revoked_at__isnull=True)
            .first()
        )
        if (
            api_token is None
            or not api_token.user.is_active
            or role_for(api_token.user, api_token.brand) is None
        ):
            message = _("This API token is unknown or revoked, or no longer has access.")
            raise ApiError(401, "unauthenticated", message)
        _use_profile_language(request, api_token.user)
        if api_token.read_only and request.method not in SAFE_METHODS:
            message = _("This API token is read-only: it may only read (GET).")
            raise ApiError(403, "read_only_token", message)
        _touch(api_token)
        return Caller(user=api_token.user, token=api_token)


class SessionAuth(APIKeyCookie):
    """The Django session of the signed-in web app, with Django's CSRF check on writes."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a signed-in user there is nothing to forge; checking CSRF first would answer
        # an anonymous write with 403 instead of the 401 that tells the client to authenticate.
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            message = _("CSRF check failed: send the X-CSRFToken header with the session cookie.")
            raise ApiError(403, "csrf_failed", message)
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        if request.user.is_authenticated:
            return Caller(user=request.user)
        return None


def _touch(api_token: ApiToken) -> None:
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now


def _use_profile_language(request: HttpRequest, user: Any) -> None:
    # The web middleware only knows session users; a token's owner gets their chosen language too.
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
