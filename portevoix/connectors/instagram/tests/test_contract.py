"""The Instagram connector passes the shared contract: container, then media_publish, with the
container id checkpointed and the publishing quota read first. Payloads: fixtures/README.md."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from portevoix.connectors.base import Account, Draft, Media, Published, PublishState
from portevoix.connectors.errors import QuotaExceeded
from portevoix.connectors.instagram.connector import InstagramConnector
from portevoix.connectors.meta.tests.factories import META_FIXTURES, form, load
from portevoix.connectors.meta.tests.platform import INSTAGRAM, PHOTO, FakeMeta
from portevoix.connectors.tests.contract import ConnectorContract

ACCOUNT = INSTAGRAM.account
ERRORS = {
    401: "error_190_expired.json",
    429: "error_4_app_rate_limit.json",
    503: "error_2_service.json",
    400: "error_100_invalid_parameter.json",
}


def instagram(request: httpx.Request) -> httpx.Response:
    return FakeMeta(INSTAGRAM)(request)


class TestInstagramContract(ConnectorContract):
    kind = "instagram"
    settings = {"poll_interval": "0"}

    def account(self) -> Account:
        return ACCOUNT

    def draft(self) -> Draft:
        return Draft(text="Tarte d'automne #cafe", media=(PHOTO,))

    def platform(self, request: httpx.Request) -> httpx.Response:
        return instagram(request)

    def is_create(self, request: httpx.Request) -> bool:
        return request.url.path.endswith("/media_publish")

    def error_body(self, status: int) -> dict[str, Any]:
        return dict(load(META_FIXTURES, ERRORS[status]))

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        container = next(r for r in requests if r.url.path.endswith("/media"))
        assert container.url == "https://graph.instagram.com/v24.0/17841405822304914/media"
        assert form(container) == {
            "image_url": PHOTO.public_url,
            "caption": "Tarte d'automne #cafe",
            "access_token": "IG-TOKEN",
        }
        publish = next(r for r in requests if self.is_create(r))
        assert form(publish)["creation_id"] == "17889455560051444"
        assert published.platform_id == "17920238422030506"
        assert published.url == "https://www.instagram.com/p/DAbcde/"


def test_it_publishes_the_checkpointed_container_instead_of_a_new_one() -> None:
    meta = FakeMeta(INSTAGRAM)
    state = PublishState({"container_id": "17889455560051444"})
    meta.connector().publish(ACCOUNT, Draft(text="a", media=(PHOTO,)), "t", state)
    assert meta.creates() == []
    assert [p["creation_id"] for p in meta.publishes()] == ["17889455560051444"]


def test_it_stops_at_the_daily_quota() -> None:
    limit = INSTAGRAM.fixture("content_publishing_limit.json")
    limit["data"][0]["quota_usage"] = limit["data"][0]["config"]["quota_total"]
    meta = FakeMeta(INSTAGRAM)

    def full(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/content_publishing_limit"):
            return httpx.Response(200, json=limit)
        return meta(request)

    connector = InstagramConnector(httpx.Client(transport=httpx.MockTransport(full)))
    with pytest.raises(QuotaExceeded) as caught:
        connector.publish(ACCOUNT, Draft(text="a", media=(PHOTO,)), "t", PublishState())
    assert caught.value.reset_at is not None
    assert "50" in caught.value.message
    assert meta.creates() == []


def test_it_requires_public_media_and_at_most_30_hashtags() -> None:
    ig = FakeMeta(INSTAGRAM).connector()
    local = Media("tarte.jpg", "image/jpeg", 10)
    text = " ".join(f"#tag{i}" for i in range(31))
    codes = [i.code for i in ig.validate(Draft(text=text, media=(local,)), ig.default_limits)]
    assert codes == ["instagram_public_url", "instagram_hashtags"]
    assert [i.code for i in ig.validate(Draft(text="a"), ig.default_limits)] == [
        "instagram_media_required"
    ]
