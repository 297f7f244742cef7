"""The signed webhook passes the shared connector contract."""

from __future__ import annotations

import json
from typing import Any

import httpx

from portevoix.connectors.base import Account, Published
from portevoix.connectors.tests.contract import ConnectorContract
from portevoix.connectors.webhook.tests import helpers


class TestWebhookContract(ConnectorContract):
    kind = "webhook"

    def account(self) -> Account:
        return helpers.account()

    def platform(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(202)

    def is_create(self, request: httpx.Request) -> bool:
        return request.method == "POST"

    def error_body(self, status: int) -> dict[str, Any]:
        return {"message": "Le texte est refusé par le récepteur"}

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        (delivery,) = requests
        assert str(delivery.url) == "https://hooks.example.com/porte-voix"
        assert delivery.headers["webhook-id"] == "target-42"
        assert delivery.headers["webhook-signature"].startswith("v1,")
        assert delivery.headers["content-type"] == "application/json"
        event = json.loads(delivery.content)
        assert event["type"] == "post.published"
        assert event["data"]["text"] == self.draft().text
        assert event["data"]["target_id"] == "target-42"
        assert published.platform_id == "target-42"  # no JSON answer: the webhook id
