"""The NinjaAPI instance mounted at /api/v1/ (docs at /api/v1/docs, schema at openapi.json).

To add an area: write a router module beside this one, declare each operation's permission with
`openapi_extra=needs(...)` (see access.py), and add one `add_router` line below.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.operation import Operation

from portevoix.api import brands, strategy
from portevoix.api.auth import SessionAuth, TokenAuth
from portevoix.api.errors import install_handlers, json_error


class PorteVoixAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Function names are unique across the routers: `create_objective`, not a module path.
        return str(operation.view_func.__name__)

    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_method_not_allowed(pattern.callback)
        # Last: a path under /api/v1/ that matches nothing still answers JSON, not an HTML page.
        patterns.append(re_path(r"^.*$", _unknown_path, name="not-found"))
        return patterns, app_name, namespace


def _json_method_not_allowed(view: Any) -> Any:
    # ninja answers a method no operation handles with a plain-text 405 and offers no hook.
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = json_error(405)
            response["Allow"] = allowed
        return response  # type: ignore[no-any-return]

    return wrapped


@csrf_exempt
def _unknown_path(request: HttpRequest) -> HttpResponse:
    return json_error(404)


api = PorteVoixAPI(
    title="Porte-voix API",
    version="1",
    description=(
        "Authenticate with a brand's API token (`Authorization: Bearer pv_…`) or the signed-in "
        "session (send `X-CSRFToken` on writes). Errors answer "
        '`{"error": {"code", "message", "fields"}}`. Each operation names the permission it '
        "needs in `x-permission`."
    ),
    urls_namespace="api",
    docs_url="/docs",
    auth=[TokenAuth(), SessionAuth()],
)
install_handlers(api)
api.add_router("/brands", brands.router)
api.add_router("/brands", strategy.router)
