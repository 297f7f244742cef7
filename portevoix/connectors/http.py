"""HTTP answers and transport failures → connector errors, in one place for every connector.

`send()` wraps one request. What matters is whether the request may have reached the platform:
a refused connection or a connect timeout sent nothing (`Unavailable`, safe to retry); a read
timeout or a dropped connection after a POST may have created the post (`OutcomeUnknown`, look it
up before anything else). Reads (GET, HEAD) are idempotent, so for them the same failures are
simply `Unavailable`.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Callable
from typing import Any

import httpx

from portevoix.connectors.errors import (
    AuthExpired,
    OutcomeUnknown,
    QuotaExceeded,
    RateLimited,
    Rejected,
    Unavailable,
)
from portevoix.lib.http import BlockedAddress

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Failures that happen before a byte of the request left: nothing can have been created.
NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
)


def retry_after_seconds(response: httpx.Response, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait, from Retry-After (seconds or an HTTP date) or an x-rate-limit-reset /
    ratelimit-reset epoch (X, Mastodon, Bluesky)."""
    now = now or dt.datetime.now(dt.UTC)
    value = response.headers.get("retry-after")
    if value:
        if value.strip().isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            return max(0.0, (when - now).total_seconds())
    for header in ("x-rate-limit-reset", "ratelimit-reset", "x-ratelimit-reset"):
        value = response.headers.get(header)
        if value and value.replace(".", "", 1).isdigit():
            number = float(value)
            # An epoch timestamp, or (IETF draft RateLimit-Reset) seconds from now.
            return max(0.0, number - now.timestamp()) if number > 1e9 else number
    return None


def platform_message(response: httpx.Response) -> str:
    """The platform's own explanation, as is: a JSON error field, else the start of the body."""
    try:
        body: Any = response.json()
    except ValueError:
        return response.text[:500].strip() or response.reason_phrase
    if isinstance(body, dict):
        for key in ("error_description", "message", "detail", "error", "description", "title"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value
            if isinstance(value, dict) and isinstance(value.get("message"), str):
                return str(value["message"])
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            first = errors[0]
            return str(first.get("message") or first.get("detail") or first)
    return response.text[:500].strip() or response.reason_phrase


def raise_for_status(
    response: httpx.Response,
    *,
    message: Callable[[httpx.Response], str] = platform_message,
    quota: Callable[[httpx.Response], QuotaExceeded | None] | None = None,
    auth_statuses: frozenset[int] = frozenset({401}),
) -> httpx.Response:
    """Map an error answer to the connector error the scheduler acts on; return it otherwise.

    `quota` lets a platform recognise its daily-cap answers (which often come as 403 or 429
    with their own code); `auth_statuses` adds 403 where the platform uses it for revoked tokens.
    """
    status = response.status_code
    if status < 400:
        return response
    text = message(response)
    if quota is not None:
        exceeded = quota(response)
        if exceeded is not None:
            raise exceeded
    if status in auth_statuses:
        raise AuthExpired(text, status=status)
    if status == 429:
        raise RateLimited(text, retry_after=retry_after_seconds(response), status=status)
    if status >= 500:
        raise Unavailable(text, status=status)
    raise Rejected(text, status=status)


def send(client: httpx.Client, request: httpx.Request, **raise_options: Any) -> httpx.Response:
    """Send one request and map every failure (see the module docstring)."""
    try:
        response = client.send(request)
    except BlockedAddress as exc:
        # The SSRF guard refused the address before connecting: retrying cannot help.
        raise Rejected(str(exc)) from exc
    except NOT_SENT as exc:
        raise Unavailable(f"{type(exc).__name__}: {exc}") from exc
    except httpx.TransportError as exc:
        if request.method in IDEMPOTENT:
            raise Unavailable(f"{type(exc).__name__}: {exc}") from exc
        raise OutcomeUnknown(f"{type(exc).__name__}: {exc}") from exc
    return raise_for_status(response, **raise_options)


def request(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """`client.request` with the mapping; `raise_options` go to `raise_for_status`."""
    raise_options = kwargs.pop("raise_options", {})
    return send(client, client.build_request(method, url, **kwargs), **raise_options)
