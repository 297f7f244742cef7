"""The WordPress REST API (recorded from WordPress 6.1, see fixtures/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from portevoix.connectors.base import Account, Credentials, Media

FIXTURES = Path(__file__).parent / "fixtures"
SITE = "https://blogue.cafe-lumiere.example"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def account() -> Account:
    return Account(
        kind="wordpress",
        handle="admin@blogue.cafe-lumiere.example",
        external_id=f"{SITE}#1",
        base_url=SITE,
        credentials=Credentials(
            extra={"username": "admin", "application_password": "abcd efgh ijkl mnop"}
        ),
    )


def image(name: str = "carte.png", alt: str = "La carte") -> Media:
    return Media(
        filename=name, content_type="image/png", size=4, alt_text=alt, data=lambda: b"PNG!"
    )


def route(request: httpx.Request) -> str:
    return request.url.params.get("rest_route", "")


def documented(request: httpx.Request) -> httpx.Response:
    where, method = route(request), request.method
    if where == "/wp/v2/users/me":
        return httpx.Response(200, json=fixture("users_me.json"))
    if method == "POST" and where == "/wp/v2/media":
        return httpx.Response(201, json=fixture("media.json"))
    if method == "POST" and where.startswith("/wp/v2/media/"):
        return httpx.Response(200, json=fixture("media.json"))
    if method == "POST" and where == "/wp/v2/posts":
        body = json.loads(request.content)
        return httpx.Response(
            201, json=fixture("post_future.json" if body["status"] == "future" else "post.json")
        )
    if method == "GET" and where == "/wp/v2/posts":
        return httpx.Response(200, json=[fixture("post.json")])
    if method == "GET" and where == "/wp/v2/comments":
        return httpx.Response(200, json=fixture("comments.json"))
    return httpx.Response(
        404, json={"code": "rest_no_route", "message": "No route", "data": {"status": 404}}
    )
