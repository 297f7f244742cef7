"""The Instagram connector passes the shared contract: container, then media_publish, with the
container id checkpointed and the publishing quota read first."""

from __future__ import annotations

from typing import Any

import httpx

from portevoix.connectors.base import Account, Credentials, Draft, Media, Published, PublishState
from portevoix.connectors.errors import QuotaExceeded
from portevoix.connectors.instagram.connector import InstagramConnector
from portevoix.connectors.meta.tests.factories import META_FIXTURES, form, load
from portevoix.connectors.tests.contract import ConnectorContract, Recorder

PHOTO = Media("tarte.jpg", "image/jpeg", 10, public_url="https://porte-voix.example/m/tarte.jpg")
ACCOUNT = Account(
    kind="instagram",
    handle="cafelumiere",
    external_id="17841405822304914",
    credentials=Credentials(access_token="IG-TOKEN"),
)
ERRORS = {
    401: "error_190_expired.json",
    429: "error_4_app_rate_limit.json",
    503: "error_2_service.json",
    400: "error_100_invalid_parameter.json",
}


def instagram(request: httpx.Request, usage: int = 2) -> httpx.Response:
    # Shapes from developers.facebook.com/docs/instagram-platform/content-publishing and
    # …/reference/ig-user/content_publishing_limit.
    path = request.url.path
    if path.endswith("/content_publishing_limit"):
        return httpx.Response(
            200,
            json={
                "data": [
                    {"quota_usage": usage, "config": {"quota_total": 50, "quota_duration": 86400}}
                ]
            },
        )
    if path.endswith("/media"):
        return httpx.Response(200, json={"id": "17889455560051444"})
    if path.endswith("/media_publish"):
        return httpx.Response(200, json={"id": "17920238422030506"})
    if path.endswith("/17889455560051444"):
        return httpx.Response(200, json={"status_code": "FINISHED", "id": "17889455560051444"})
    return httpx.Response(
        200, json={"permalink": "https://www.instagram.com/p/DAbcde/", "id": "17920238422030506"}
    )


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
        assert published.url == "https://www.instagram.com/p/DAbcde/"


def connector(handler: object) -> tuple[InstagramConnector, Recorder]:
    recorder = Recorder(handler)  # type: ignore[arg-type]
    client = httpx.Client(transport=httpx.MockTransport(recorder))
    return InstagramConnector(client, {"poll_interval": "0"}), recorder


def test_it_publishes_the_checkpointed_container_instead_of_a_new_one() -> None:
    ig, recorder = connector(instagram)
    state = PublishState({"container_id": "17889455560051444"})
    ig.publish(ACCOUNT, Draft(text="a", media=(PHOTO,)), "t", state)
    assert not [r for r in recorder.requests if r.url.path.endswith("/media")]


def test_it_builds_a_carousel_from_children() -> None:
    ig, recorder = connector(instagram)
    state = PublishState()
    ig.publish(ACCOUNT, Draft(text="a", media=(PHOTO, PHOTO)), "t", state)
    creates = [form(r) for r in recorder.requests if r.url.path.endswith("/media")]
    assert creates[0]["is_carousel_item"] == "true"
    assert creates[2]["media_type"] == "CAROUSEL"
    assert creates[2]["children"] == "17889455560051444,17889455560051444"
    assert state["children"] == ["17889455560051444"] * 2


def test_it_stops_at_the_daily_quota() -> None:
    ig, _recorder = connector(lambda r: instagram(r, usage=50))
    try:
        ig.publish(ACCOUNT, Draft(text="a", media=(PHOTO,)), "t", PublishState())
    except QuotaExceeded as exc:
        assert exc.reset_at is not None
    else:
        raise AssertionError("the quota was not enforced")


def test_it_requires_public_media_and_at_most_30_hashtags() -> None:
    ig, _recorder = connector(instagram)
    local = Media("tarte.jpg", "image/jpeg", 10)
    text = " ".join(f"#tag{i}" for i in range(31))
    codes = [i.code for i in ig.validate(Draft(text=text, media=(local,)), ig.default_limits)]
    assert codes == ["instagram_public_url", "instagram_hashtags"]
    assert [i.code for i in ig.validate(Draft(text="a"), ig.default_limits)] == [
        "instagram_media_required"
    ]
