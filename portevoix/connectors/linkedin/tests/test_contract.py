"""The LinkedIn connector passes the shared contract — as a member with text, with an image
through the Images API, and as a Page — and sends the documented Posts API calls."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import pytest

from portevoix.connectors.base import Account, Credentials, Draft, Published, PublishState
from portevoix.connectors.errors import Rejected
from portevoix.connectors.linkedin.connector import LinkedInConnector, escape_commentary
from portevoix.connectors.linkedin.tests.factories import (
    IMAGE,
    MEMBER,
    URN,
    FakeLinkedIn,
    fixture,
    member_account,
    page_account,
    photo,
)
from portevoix.connectors.tests.contract import ConnectorContract

ACCOUNT = member_account()


def platform(request: httpx.Request) -> httpx.Response:
    return FakeLinkedIn()(request)


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
        assert body["author"] == MEMBER
        assert body["lifecycleState"] == "PUBLISHED"
        assert body["distribution"]["feedDistribution"] == "MAIN_FEED"
        assert "content" not in body
        assert published.platform_id == URN


class TestLinkedInImageContract(TestLinkedInContract):
    def draft(self) -> Draft:
        return Draft(text="La terrasse est ouverte", media=(photo(alt="La terrasse au soleil"),))

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        assert [(r.method, r.url.host) for r in requests] == [
            ("POST", "api.linkedin.com"),
            ("PUT", "www.linkedin.com"),
            ("POST", "api.linkedin.com"),
        ]
        body = json.loads(requests[-1].content)
        assert body["content"] == {"media": {"id": IMAGE, "altText": "La terrasse au soleil"}}
        assert published.platform_id == URN


class TestLinkedInPageContract(TestLinkedInContract):
    def account(self) -> Account:
        return page_account()

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        [create] = requests
        assert json.loads(create.content)["author"] == "urn:li:organization:2414183"
        assert published.url == f"https://www.linkedin.com/feed/update/{URN}/"


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
    expiry = dt.datetime.now(dt.UTC) + dt.timedelta(days=60)
    account = (
        FakeLinkedIn()
        .connector()
        .account_from_token(Credentials(access_token="T", expires_at=expiry))
    )
    assert account.external_id == MEMBER
    assert account.config == {}  # a member app: no Pages to choose from
    assert account.credentials.refresh_expires_at == expiry
