"""What the Facebook Page, Instagram and Threads connectors share: Meta's Graph API.

All three answer errors with the same body (developers.facebook.com/docs/graph-api/guides/
error-handling): `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`, and
the HTTP status says little (a revoked token is a 400 with code 190), so the code decides.
All three also publish in two steps (create an object or a container, then publish it) and hand
out 60-day tokens that are exchanged and refreshed with a GET.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx

from portevoix.connectors import http as connector_http
from portevoix.connectors.base import Credentials
from portevoix.connectors.errors import (
    AuthExpired,
    ConnectorError,
    QuotaExceeded,
    RateLimited,
    Rejected,
    Unavailable,
)

# A current Graph API version (October 2025); versions live about two years. Deployments set
# PORTEVOIX_CONNECTOR_<KIND>__GRAPH_VERSION to move on without a release.
GRAPH_VERSION = "v24.0"

# Graph error codes → what the scheduler does (error-handling guide, "Error Codes").
AUTH_CODES = frozenset({102, 190, 10})  # session invalid, token expired/revoked, permission
TRANSIENT_CODES = frozenset({1, 2})  # "API Unknown", "API Service": retry later
RATE_CODES = frozenset({4, 17, 32, 341, 613})  # app, user, page, application, custom limits
# The business-use-case limits (Pages, Instagram) are 80000–80014.
BUC_RATE_CODES = range(80000, 80015)
# Instagram content publishing: code 9 with this subcode is "the account reached the maximum
# number of posts in 24 hours" (Instagram Platform, "Error codes").
QUOTA_SUBCODES = frozenset({2207042})
# Code 9007, "the media is not ready for publishing, please wait for a moment": publishing a
# container before it is FINISHED. Nothing was posted and the container stays good.
NOT_READY_SUBCODES = frozenset({2207027})
# Code -2, "the media you are trying to access has expired … generate a new container ID": the
# container can never be published; nothing was posted with it.
EXPIRED_SUBCODES = frozenset({2207020})


class ContainerExpired(Unavailable):
    """A media container that can no longer be published (Meta's 24-hour limit): nothing was
    posted with it, so a new container may be made. An Unavailable, should it reach the
    scheduler: a later attempt starts over."""


def graph_error_body(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else None


def _minutes_to_regain(response: httpx.Response) -> float | None:
    """Pages and Instagram say when a business-use-case limit ends, in minutes, in a JSON header
    (`X-Business-Use-Case-Usage: {"<id>": [{"estimated_time_to_regain_access": 5, …}]}`)."""
    raw = response.headers.get("x-business-use-case-usage")
    if not raw:
        return None
    try:
        usage = json.loads(raw)
    except ValueError:
        return None
    waits = [
        float(entry.get("estimated_time_to_regain_access", 0))
        for entries in usage.values()
        if isinstance(entries, list)
        for entry in entries
        if isinstance(entry, dict)
    ]
    return max(waits) * 60 if waits and max(waits) > 0 else None


def classify_graph_error(response: httpx.Response) -> QuotaExceeded | None:
    """The `quota=` hook of `connectors.http` for Graph answers.

    It returns a QuotaExceeded for a daily publishing cap, raises the error the Graph code
    means for the codes whose HTTP status would mislead (190 comes as 400), and returns None
    to let the status decide for the rest (100 "Invalid parameter" → Rejected, and so on).
    """
    error = graph_error_body(response)
    if error is None:
        return None
    message = str(error.get("error_user_msg") or error.get("message") or "")
    code = error.get("code")
    subcode = error.get("error_subcode")
    status = response.status_code
    if subcode in QUOTA_SUBCODES:
        return QuotaExceeded(
            message, reset_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1), status=status
        )
    if subcode in NOT_READY_SUBCODES:
        raise Unavailable(message, status=status)
    if subcode in EXPIRED_SUBCODES:
        raise ContainerExpired(message, status=status)
    if code in AUTH_CODES or (isinstance(code, int) and 200 <= code < 300):
        raise AuthExpired(message, status=status)
    if code in RATE_CODES or code in BUC_RATE_CODES:
        wait = connector_http.retry_after_seconds(response) or _minutes_to_regain(response)
        raise RateLimited(message, retry_after=wait, status=status)
    if code in TRANSIENT_CODES or error.get("is_transient") is True:
        raise Unavailable(message, status=status)
    if status < 500:
        # 368 (blocked for policy), 506 (duplicate post), 100 (bad parameter), …: the content.
        raise Rejected(message, status=status)
    return None


GRAPH_ERRORS: dict[str, Any] = {"quota": classify_graph_error}


def graph(client: httpx.Client, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
    """One Graph call; the JSON answer. Error answers raise the mapped connector error."""
    response = connector_http.request(client, method, url, raise_options=GRAPH_ERRORS, **kwargs)
    body = response.json() if response.content else {}
    if not isinstance(body, dict):
        raise Unavailable(f"unexpected Graph answer: {response.text[:200]}")
    return body


def credentials_from_token(
    answer: dict[str, Any], previous: Credentials | None = None
) -> Credentials:
    """Credentials from a long-lived token answer: `{"access_token", "token_type",
    "expires_in"}`. A 60-day token dies unless refreshed, so its expiry is the hard expiry too."""
    expires_in = answer.get("expires_in")
    expires_at = (
        dt.datetime.now(dt.UTC) + dt.timedelta(seconds=int(expires_in)) if expires_in else None
    )
    base = previous or Credentials()
    return Credentials(
        access_token=str(answer["access_token"]),
        refresh_token="",
        expires_at=expires_at,
        refresh_expires_at=expires_at,
        scopes=base.scopes,
        extra=dict(base.extra),
    )


def permalink(client: httpx.Client, url: str, token: str) -> str:
    """A post's web address (`?fields=permalink`). Best effort: the post exists whatever this
    read answers, and its id is already checkpointed."""
    try:
        answer = graph(client, "GET", url, params={"fields": "permalink", "access_token": token})
    except ConnectorError:
        return ""
    return str(answer.get("permalink", ""))
