"""Request helpers for the API tests."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

API = "/api/v1"


def call(
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: Any = None,
    client: Client | None = None,
    **headers: Any,
) -> Any:
    """One request to the API (`path` below /api/v1); `body` goes as JSON."""
    client = client or Client()
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if body is not None:
        headers["data"] = json.dumps(body)
        headers["content_type"] = "application/json"
    return getattr(client, method.lower())(API + path, **headers)


def session_client(user: Any, *, enforce_csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.force_login(user)
    return client


def error_of(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body
