"""The Facebook Page as its documentation answers, for the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from portevoix.connectors.base import Account, Credentials
from portevoix.connectors.meta.tests.factories import load

FIXTURES = Path(__file__).parent / "fixtures"
PAGE_ID = "1234567890"


def fixture(name: str) -> Any:
    return load(FIXTURES, name)


def make_page_account() -> Account:
    return Account(
        kind="facebook_page",
        handle="Café Lumière",
        external_id=PAGE_ID,
        credentials=Credentials(access_token="PAGE-TOKEN"),
    )


def page_platform(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("/me/accounts"):
        return httpx.Response(200, json=fixture("me_accounts.json"))
    if path.endswith("/oauth/access_token"):
        return httpx.Response(200, json=fixture("long_lived_user_token.json"))
    if path.endswith("/photos"):
        return httpx.Response(200, json=fixture("photo_unpublished.json"))
    if path.endswith("/feed"):
        return httpx.Response(200, json=fixture("feed_post.json"))
    if path.endswith("/published_posts"):
        return httpx.Response(200, json=fixture("published_posts.json"))
    if request.method == "DELETE":
        return httpx.Response(200, json=fixture("delete_success.json"))
    if path.endswith(f"/{PAGE_ID}"):
        return httpx.Response(200, json=fixture("page.json"))
    return httpx.Response(404, json={"error": {"message": f"no fixture for {path}", "code": 803}})
