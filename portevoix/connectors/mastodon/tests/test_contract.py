"""Mastodon passes the shared connector contract, against payloads from its documentation."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import httpx

from portevoix.connectors.base import Account, Published
from portevoix.connectors.mastodon.tests import helpers
from portevoix.connectors.tests.contract import ConnectorContract


class TestMastodonContract(ConnectorContract):
    kind = "mastodon"
    settings: ClassVar[dict[str, Any]] = {"media_poll_interval": 0}
    rejected_status = 422

    def account(self) -> Account:
        return helpers.account()

    def platform(self, request: httpx.Request) -> httpx.Response:
        return helpers.documented(request)

    def is_create(self, request: httpx.Request) -> bool:
        return request.method == "POST" and request.url.path == "/api/v1/statuses"

    def error_body(self, status: int) -> dict[str, Any]:
        if status == 422:
            return dict(helpers.fixture("error_422.json"))
        return dict(helpers.fixture("error_401.json"))

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        (create,) = [r for r in requests if self.is_create(r)]
        assert str(create.url) == "https://mastodon.social/api/v1/statuses"
        assert create.headers["Authorization"] == "Bearer user-token"
        assert create.headers["Idempotency-Key"] == "target-42"
        assert json.loads(create.content) == {"status": self.draft().text, "visibility": "public"}
        assert published.platform_id == "103254962155278888"
        assert published.url == "https://mastodon.social/@Gargron/103254962155278888"
