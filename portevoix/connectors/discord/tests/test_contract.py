"""A Discord webhook passes the shared connector contract."""

from __future__ import annotations

import json
from typing import Any

import httpx

from portevoix.connectors.base import Account, Published
from portevoix.connectors.discord.tests import helpers
from portevoix.connectors.tests.contract import ConnectorContract


class TestDiscordContract(ConnectorContract):
    kind = "discord"

    def account(self) -> Account:
        return helpers.account()

    def platform(self, request: httpx.Request) -> httpx.Response:
        return helpers.documented(request)

    def is_create(self, request: httpx.Request) -> bool:
        return request.method == "POST"

    def error_body(self, status: int) -> dict[str, Any]:
        if status == 429:  # the contract sends Retry-After: 120; Discord's body says the same
            return {**helpers.fixture("error_429.json"), "retry_after": 120.0}
        name = {400: "error_400.json", 404: "error_404.json"}.get(status, "error_401.json")
        return dict(helpers.fixture(name))

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        (create,) = requests
        assert str(create.url) == f"{helpers.BASE}/{helpers.TOKEN}?wait=true"
        assert json.loads(create.content) == {
            "content": self.draft().text,
            "allowed_mentions": {"parse": []},
        }
        assert published.platform_id == "1177653447376728064"
        assert published.url == (
            "https://discord.com/channels/199737254929760256/199737254929760256/1177653447376728064"
        )
