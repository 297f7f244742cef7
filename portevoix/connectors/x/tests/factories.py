"""X as its documentation answers, for the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from portevoix.connectors.base import Account, Credentials

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def make_x_account() -> Account:
    return Account(
        kind="x",
        handle="cafelumiere",
        external_id="2244994945",
        credentials=Credentials(access_token="ACCESS", refresh_token="REFRESH"),
    )


def x_platform(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    routes = {
        ("GET", "/2/users/me"): "users_me.json",
        ("POST", "/2/tweets"): "create_tweet.json",
        ("POST", "/2/media/upload"): "media_upload.json",
        ("POST", "/2/media/metadata"): "media_upload.json",
        ("POST", "/2/media/upload/initialize"): "media_initialize.json",
        ("GET", "/2/media/upload"): "media_status_succeeded.json",
        ("GET", "/2/users/2244994945/tweets"): "user_tweets.json",
        ("POST", "/2/oauth2/token"): "token_refresh.json",
    }
    name = routes.get((request.method, path))
    if name is None and path.endswith("/finalize"):
        name = "media_finalize_pending.json"
    if name is None and path.endswith("/append"):
        return httpx.Response(204)
    if name is None and request.method == "DELETE":
        name = "delete_tweet.json"
    if name is None:
        return httpx.Response(404, json={"title": "Not Found", "detail": path})
    return httpx.Response(200, json=fixture(name))
