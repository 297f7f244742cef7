"""Every error leaves the API as `{"error": {"code", "message", "fields"?}}`.

`code` is stable and meant for programs; `message` is for people, in the caller's language.
To add an error, raise `ApiError(status, code, message)` or register a handler in
`install_handlers`; never return a bare ninja `{"detail": …}` body.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Response

if TYPE_CHECKING:
    from ninja import NinjaAPI

Fields = dict[str, list[str]]


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: Fields | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields


def error_body(code: str, message: str, fields: Fields | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, body: dict[str, Any]
) -> HttpResponse:
    response = api.create_response(request, body, status=status)
    if status == 401:
        # RFC 9110: a 401 names the scheme the client should use.
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def unauthenticated_message() -> str:
    return _("Send an API token (Authorization: Bearer pv_…) or log in.")


def _status_code(status: int) -> tuple[str, str]:
    """The code and message for an HTTP error that carries nothing more specific."""
    table = {
        400: ("bad_request", _("The request body is not valid JSON.")),
        401: ("unauthenticated", unauthenticated_message()),
        403: ("forbidden", _("You do not have permission to do this.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        429: ("throttled", _("Too many requests; try again later.")),
    }
    return table.get(status, ("error", _("The request failed.")))


# Pydantic's messages are English only: map its error types to messages the catalogues translate
# (most msgids are Django's own, so they are translated already).
def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith(("decimal_", "float_")):
        return _("Enter a number.")
    if kind.startswith(("date_", "datetime_")):
        return _("Enter a valid date.")
    if kind in {"enum", "literal_error"}:
        return _("Select a valid choice. That choice is not one of the available choices.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind == "list_type":
        return _("Enter a list of values.")
    if kind == "greater_than_equal":
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge")
        }
    if kind == "less_than_equal":
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le")
        }
    return _("Enter a valid value.")


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    # ninja prefixes the source and, for a body, the parameter name: ("body", "payload", "title").
    parts = list(loc)[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    names = [part for part in parts if isinstance(part, str)]
    return names[0] if names else NON_FIELD_ERRORS


def schema_fields(exc: NinjaValidationError) -> Fields:
    fields: Fields = {}
    for error in exc.errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(_pydantic_message(error))
    return fields


def model_fields(exc: DjangoValidationError) -> Fields:
    if hasattr(exc, "error_dict"):
        return {name: list(messages) for name, messages in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: list(exc.messages)}


def _validation(api: NinjaAPI, request: HttpRequest, fields: Fields) -> HttpResponse:
    message = _("The data sent is not valid.")
    return _respond(api, request, 422, error_body("validation_error", message, fields))


def _on_api_error(request: HttpRequest, exc: ApiError, api: NinjaAPI) -> HttpResponse:
    return _respond(api, request, exc.status, error_body(exc.code, exc.message, exc.fields))


def _on_schema_error(
    request: HttpRequest, exc: NinjaValidationError, api: NinjaAPI
) -> HttpResponse:
    return _validation(api, request, schema_fields(exc))


def _on_model_error(
    request: HttpRequest, exc: DjangoValidationError, api: NinjaAPI
) -> HttpResponse:
    return _validation(api, request, model_fields(exc))


def _on_not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    return _respond(api, request, 404, error_body("not_found", _("Not found.")))


def _on_denied(request: HttpRequest, exc: PermissionDenied, api: NinjaAPI) -> HttpResponse:
    message = _("Your role on this brand does not allow this.")
    return _respond(api, request, 403, error_body("forbidden", message))


def _on_unauthenticated(
    request: HttpRequest, exc: AuthenticationError, api: NinjaAPI
) -> HttpResponse:
    return _respond(api, request, 401, error_body("unauthenticated", unauthenticated_message()))


def _on_http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    code, message = _status_code(exc.status_code)
    return _respond(api, request, exc.status_code, error_body(code, message))


# ninja picks the handler of the closest class in the exception's MRO, so AuthenticationError
# wins over its base HttpError.
HANDLERS: list[tuple[type[Exception], Any]] = [
    (ApiError, _on_api_error),
    (NinjaValidationError, _on_schema_error),
    (DjangoValidationError, _on_model_error),
    (Http404, _on_not_found),
    (PermissionDenied, _on_denied),
    (AuthenticationError, _on_unauthenticated),
    (HttpError, _on_http_error),
]


def install_handlers(api: NinjaAPI) -> None:
    for exc_class, handler in HANDLERS:
        api.add_exception_handler(exc_class, partial(handler, api=api))


def json_error(status: int) -> HttpResponse:
    """An error answered outside any operation (unknown path, wrong method)."""
    code, message = _status_code(status)
    return Response(error_body(code, message), status=status)
