"""The LinkedIn connector passes the shared contract and sends the documented Posts API call."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from portevoix.connectors.base import Account, Credentials, Draft, Published, PublishState
from portevoix.connectors.errors import Rejected
from portevoix.connectors.linkedin.connector import LinkedInConnector, escape_commentary
from portevoix.connectors.tests.contract import ConnectorContract

FIXTURES = Path(__file__).parent / "fixtures"
URN = "urn:li:share:6844785523593134080"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def platform(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/rest/posts":
        return httpx.Response(201, headers={"x-restli-id": URN})
    return httpx.Response(200, json=fixture("userinfo.json"))


ACCOUNT = Account(
    kind="linkedin",
    handle="Marie Tremblay",
    external_id="urn:li:person:782bbtaQ",
    credentials=Credentials(access_token="TOKEN"),
)


class TestLinkedInContract(ConnectorContract):
    kind = "linkedin"

    def account(self) -> Account:
        return ACCOUNT

    def platform(self, request: httpx.Request) -> httpx.Response:
        return platform(request)

    def is_create(self, request: httpx.Request) -> bool:
        return request.url.path == "/rest/posts"

    def error_body(self, status: int) -> dict[str, Any]:
        names = {401: "error_unauthorized.json", 400: "error_bad_request.json"}
        return dict(fixture(names.get(status, "error_bad_request.json")))

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        [create] = requests
        assert create.headers["x-restli-protocol-version"] == "2.0.0"
        assert create.headers["linkedin-version"] == "202511"
        body = json.loads(create.content)
        assert body["author"] == "urn:li:person:782bbtaQ"
        assert body["lifecycleState"] == "PUBLISHED"
        assert body["distribution"]["feedDistribution"] == "MAIN_FEED"
        assert published.platform_id == URN


def test_it_escapes_the_little_text_format() -> None:
    assert escape_commentary("Café (Montréal) #automne @marie [1] <b> *x* _y_ ~z~ {a|b} \\") == (
        "Café \\(Montréal\\) \\#automne \\@marie \\[1\\] \\<b\\> \\*x\\* \\_y\\_ \\~z\\~ "
        "\\{a\\|b\\} \\\\"
    )


def test_it_shows_an_inactive_version_as_rejected() -> None:
    client = httpx.Client(
        transport=httpx.MockTransport(
            lambda r: httpx.Response(426, json=fixture("error_version.json"))
        )
    )
    with pytest.raises(Rejected) as caught:
        LinkedInConnector(client).publish(ACCOUNT, Draft(text="a"), "t", PublishState())
    assert "not active" in caught.value.message


def test_it_marks_the_60_day_token_as_a_hard_expiry() -> None:
    import datetime as dt

    expiry = dt.datetime.now(dt.UTC) + dt.timedelta(days=60)
    client = httpx.Client(transport=httpx.MockTransport(platform))
    account = LinkedInConnector(client).account_from_token(
        Credentials(access_token="T", expires_at=expiry)
    )
    assert account.external_id == "urn:li:person:782bbtaQ"
    assert account.credentials.refresh_expires_at == expiry
