"""The X connector passes the shared contract, with X's documented problem bodies."""

from __future__ import annotations

import json
from typing import Any

import httpx

from portevoix.connectors.base import Account, Published
from portevoix.connectors.tests.contract import ConnectorContract
from portevoix.connectors.x.tests.factories import fixture, make_x_account, x_platform

ERRORS = {
    401: "error_unauthorized.json",
    429: "error_too_many_requests.json",
    503: "error_service_unavailable.json",
    400: "error_invalid_request.json",
}


class TestXContract(ConnectorContract):
    kind = "x"

    def account(self) -> Account:
        return make_x_account()

    def platform(self, request: httpx.Request) -> httpx.Response:
        return x_platform(request)

    def is_create(self, request: httpx.Request) -> bool:
        return request.method == "POST" and request.url.path == "/2/tweets"

    def error_body(self, status: int) -> dict[str, Any]:
        return dict(fixture(ERRORS[status]))

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        [create] = requests
        assert create.url == "https://api.x.com/2/tweets"
        assert create.headers["authorization"] == "Bearer ACCESS"
        assert create.headers["content-type"] == "application/json"
        assert json.loads(create.content) == {"text": self.draft().text}
        assert published.url == "https://x.com/cafelumiere/status/1445880548472328192"
