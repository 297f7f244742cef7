"""The Facebook Page connector passes the shared contract, with Graph's documented errors."""

from __future__ import annotations

from typing import Any

import httpx

from portevoix.connectors.base import Account, Published
from portevoix.connectors.facebook.tests.factories import make_page_account, page_platform
from portevoix.connectors.meta.tests.factories import META_FIXTURES, form, load
from portevoix.connectors.tests.contract import ConnectorContract

ERRORS = {
    401: "error_190_expired.json",
    429: "error_4_app_rate_limit.json",
    503: "error_2_service.json",
    400: "error_368_policy.json",
}


class TestFacebookPageContract(ConnectorContract):
    kind = "facebook_page"

    def account(self) -> Account:
        return make_page_account()

    def platform(self, request: httpx.Request) -> httpx.Response:
        return page_platform(request)

    def is_create(self, request: httpx.Request) -> bool:
        return request.method == "POST" and request.url.path.endswith("/feed")

    def error_body(self, status: int) -> dict[str, Any]:
        return dict(load(META_FIXTURES, ERRORS[status]))

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        [feed] = [r for r in requests if self.is_create(r)]
        assert feed.url == "https://graph.facebook.com/v24.0/1234567890/feed"
        assert form(feed) == {"access_token": "PAGE-TOKEN", "message": self.draft().text}
        assert published.platform_id == "1234567890_9876543210"
        assert published.url == "https://www.facebook.com/1234567890/posts/9876543210"
