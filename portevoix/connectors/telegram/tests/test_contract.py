"""A Telegram channel passes the shared connector contract."""

from __future__ import annotations

import json
from typing import Any

import httpx

from portevoix.connectors.base import Account, Published
from portevoix.connectors.telegram.tests import helpers
from portevoix.connectors.tests.contract import ConnectorContract


class TestTelegramContract(ConnectorContract):
    kind = "telegram"

    def account(self) -> Account:
        return helpers.account()

    def platform(self, request: httpx.Request) -> httpx.Response:
        return helpers.documented(request)

    def is_create(self, request: httpx.Request) -> bool:
        return helpers.method(request).startswith("send")

    def error_body(self, status: int) -> dict[str, Any]:
        name = {400: "error_400.json", 403: "error_403.json", 429: "error_429.json"}
        return dict(helpers.fixture(name.get(status, "error_401.json")))

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        (send,) = requests
        assert str(send.url) == f"https://api.telegram.org/bot{helpers.TOKEN}/sendMessage"
        assert send.method == "POST"
        assert json.loads(send.content) == {"chat_id": "-1001234567890", "text": self.draft().text}
        assert published.platform_id == "101"
        assert published.url == "https://t.me/cafelumiere/101"
