"""The Mastodon API as its documentation shows it, for httpx.MockTransport."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from portevoix.connectors.base import Account, Credentials, Media

FIXTURES = Path(__file__).parent / "fixtures"
INSTANCE = "https://mastodon.social"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def account(**config: Any) -> Account:
    return Account(
        kind="mastodon",
        handle="@Gargron@mastodon.social",
        external_id="1",
        base_url=INSTANCE,
        config=config,
        credentials=Credentials(access_token="user-token", scopes=("write:statuses",)),
    )


def image(name: str = "carte.png", content_type: str = "image/png") -> Media:
    return Media(
        filename=name,
        content_type=content_type,
        size=4,
        alt_text="La carte d'automne",
        data=lambda: b"\x89PNG",
    )


def documented(request: httpx.Request) -> httpx.Response:
    """The happy path of every endpoint the connector calls."""
    path, method = request.url.path, request.method
    if method == "POST" and path == "/api/v2/media":
        return httpx.Response(202, json=fixture("media_processing.json"))
    if method == "GET" and path.startswith("/api/v1/media/"):
        return httpx.Response(200, json=fixture("media_ready.json"))
    if method == "POST" and path == "/api/v1/statuses":
        return httpx.Response(200, json=fixture("status.json"))
    if method == "GET" and path == "/api/v2/instance":
        return httpx.Response(200, json=fixture("instance.json"))
    if method == "GET" and path == "/api/v1/notifications":
        return httpx.Response(200, json=fixture("notifications.json"))
    if method == "POST" and path == "/api/v1/apps":
        return httpx.Response(200, json=fixture("app.json"))
    return httpx.Response(404, json={"error": "Record not found"})
