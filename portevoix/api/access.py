"""What a caller may reach.

Every operation declares what it needs with `openapi_extra=needs(perm, scope)`; the declaration
is published in the OpenAPI document (`x-permission`, `x-scope`), and the permission-matrix test
walks it. The endpoint then asks for the same permission when it loads the brand or organisation,
and the test fails if the two ever disagree.

An outsider gets 404, never 403, so nobody learns that another organisation's brand exists; a
member whose role lacks the permission gets 403.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError

from portevoix.accounts.models import Brand, Organisation
from portevoix.accounts.permissions import Perm, has_org_perm, has_perm, organisations_for
from portevoix.api.auth import Caller
from portevoix.api.errors import ApiError

# brand: the path names a brand; organisation: the body names one (session only);
# member: any authenticated caller, the answer filtered to what they may see.
Scope = Literal["brand", "organisation", "member"]


def needs(perm: Perm, scope: Scope = "brand", *, session_only: bool = False) -> dict[str, Any]:
    """`session_only`: a person must be logged in; an API token is refused (`session_required`)."""
    return {"x-permission": str(perm), "x-scope": scope, "x-session-only": session_only}


def require_session(request: HttpRequest) -> None:
    if caller_of(request).token is not None:
        message = _("An API token cannot do this; log in to do it.")
        raise ApiError(403, "session_required", message)


def caller_of(request: HttpRequest) -> Caller:
    caller = getattr(request, "auth", None)
    if not isinstance(caller, Caller):
        raise AuthenticationError
    return caller


def brand_for(request: HttpRequest, brand_id: int, perm: Perm) -> Brand:
    caller = caller_of(request)
    brand = caller.brands().filter(pk=brand_id).first()
    if brand is None:
        raise Http404
    if not has_perm(caller.user, brand, perm):
        raise PermissionDenied
    return brand


def organisation_for(request: HttpRequest, organisation_id: int, perm: Perm) -> Organisation:
    require_session(request)  # an API token acts on its own brand only
    caller = caller_of(request)
    organisation = organisations_for(caller.user).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    if not has_org_perm(caller.user, organisation, perm):
        raise PermissionDenied
    return organisation
