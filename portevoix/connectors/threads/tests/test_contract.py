"""The Threads connector passes the shared contract: a TEXT container, then threads_publish.
Payloads: fixtures/README.md."""

from __future__ import annotations

from typing import Any

import httpx

from portevoix.connectors.base import Account, CountUnit, Published
from portevoix.connectors.meta.tests.factories import META_FIXTURES, form, load
from portevoix.connectors.meta.tests.platform import THREADS, FakeMeta
from portevoix.connectors.tests.contract import ConnectorContract
from portevoix.connectors.threads.connector import ThreadsConnector

ERRORS = {
    401: "error_190_expired.json",
    429: "error_4_app_rate_limit.json",
    503: "error_2_service.json",
    400: "error_100_invalid_parameter.json",
}


class TestThreadsContract(ConnectorContract):
    kind = "threads"

    def account(self) -> Account:
        return THREADS.account

    def platform(self, request: httpx.Request) -> httpx.Response:
        return FakeMeta(THREADS)(request)

    def is_create(self, request: httpx.Request) -> bool:
        return request.url.path.endswith("/threads_publish")

    def error_body(self, status: int) -> dict[str, Any]:
        return dict(load(META_FIXTURES, ERRORS[status]))

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        container = next(r for r in requests if r.url.path.endswith("/threads"))
        assert container.url == "https://graph.threads.net/v1.0/178414000000/threads"
        assert form(container) == {
            "media_type": "TEXT",
            "text": self.draft().text,
            "access_token": "TH-TOKEN",
        }
        publish = next(r for r in requests if self.is_create(r))
        assert form(publish)["creation_id"] == "17889615691921648"
        assert published.platform_id == "1234567"
        assert published.url == "https://www.threads.net/@cafelumiere/post/abcdefg"


def test_it_counts_utf8_bytes() -> None:
    assert ThreadsConnector.default_limits.unit == CountUnit.UTF8_BYTES
    assert ThreadsConnector.default_limits.max_length == 500
