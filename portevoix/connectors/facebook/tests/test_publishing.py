"""Photos go up unpublished and are attached to one feed post; the Graph version is
configurable; a lost answer is found among the Page's posts; connecting picks the Page."""

from __future__ import annotations

import json

import httpx
import pytest

from portevoix.connectors.base import Credentials, Draft, Media, PublishState
from portevoix.connectors.errors import OutcomeUnknown
from portevoix.connectors.facebook.connector import FacebookPageConnector
from portevoix.connectors.facebook.tests.factories import make_page_account, page_platform
from portevoix.connectors.meta.tests.factories import form
from portevoix.connectors.tests.contract import Recorder

PHOTO = Media(
    "tarte.jpg",
    "image/jpeg",
    1000,
    alt_text="Une tarte",
    public_url="https://porte-voix.example/m/tarte.jpg",
)


def connector(
    handler: object = page_platform, **settings: str
) -> tuple[FacebookPageConnector, Recorder]:
    recorder = Recorder(handler)  # type: ignore[arg-type]
    return FacebookPageConnector(
        httpx.Client(transport=httpx.MockTransport(recorder)), settings
    ), recorder


def test_it_attaches_unpublished_photos_to_one_post() -> None:
    facebook, recorder = connector()
    state = PublishState()
    draft = Draft(text="Deux tartes", media=(PHOTO, PHOTO), link="https://cafe.example/carte")
    facebook.publish(make_page_account(), draft, "t-1", state)
    photos = [r for r in recorder.requests if r.url.path.endswith("/photos")]
    assert [form(r) for r in photos] == [
        {
            "published": "false",
            "access_token": "PAGE-TOKEN",
            "alt_text_custom": "Une tarte",
            "url": "https://porte-voix.example/m/tarte.jpg",
        }
    ] * 2
    feed = form(recorder.requests[-1])
    assert feed["message"] == "Deux tartes"
    assert feed["link"] == "https://cafe.example/carte"
    assert json.loads(feed["attached_media[1]"]) == {"media_fbid": "1002088839996"}
    assert state["photo_ids"] == ["1002088839996", "1002088839996"]


def test_it_uploads_bytes_when_the_photo_has_no_public_url() -> None:
    facebook, recorder = connector()
    local = Media("tarte.jpg", "image/jpeg", 4, data=lambda: b"\xff\xd8\xff\xe0")
    facebook.publish(make_page_account(), Draft(text="a", media=(local,)), "t-2", PublishState())
    upload = recorder.requests[0]
    assert upload.headers["content-type"].startswith("multipart/form-data")
    assert b'name="source"; filename="tarte.jpg"' in upload.content
    assert b"\xff\xd8\xff\xe0" in upload.content


def test_it_does_not_upload_a_checkpointed_photo_again() -> None:
    facebook, recorder = connector()
    state = PublishState({"photo_ids": ["555"]})
    facebook.publish(make_page_account(), Draft(text="a", media=(PHOTO,)), "t-3", state)
    assert [r.url.path.rsplit("/", 1)[1] for r in recorder.requests] == ["feed"]
    assert json.loads(form(recorder.requests[0])["attached_media[0]"]) == {"media_fbid": "555"}


def test_it_uses_the_configured_graph_version() -> None:
    facebook, recorder = connector(graph_version="v25.0")
    facebook.publish(make_page_account(), Draft(text="a"), "t-4", PublishState())
    assert recorder.requests[0].url.path == "/v25.0/1234567890/feed"
    assert "v25.0" in facebook.oauth_config().authorize_url


def test_it_finds_the_post_whose_answer_was_lost() -> None:
    def lose(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/feed"):
            raise httpx.ReadTimeout("lost", request=request)
        return page_platform(request)

    facebook, recorder = connector(lose)
    state = PublishState()
    draft = Draft(text="Bonjour de Porte-voix ! Nouvelle carte d'automne au café.")
    with pytest.raises(OutcomeUnknown):
        facebook.publish(make_page_account(), draft, "t-5", state)
    found = facebook.lookup(make_page_account(), "t-5", state)
    assert found is not None
    assert found.platform_id == "1234567890_9876543210"
    assert recorder.requests[-1].url.params["fields"] == "id,message,created_time"
    assert facebook.lookup(make_page_account(), "t-6", PublishState()) is None


def test_it_connects_the_configured_page_with_its_own_token() -> None:
    facebook, recorder = connector(client_id="app", client_secret="secret", page_id="2345678901")
    account = facebook.account_from_token(Credentials(access_token="short-user-token"))
    exchange, accounts = recorder.requests
    assert exchange.url.params["grant_type"] == "fb_exchange_token"
    assert exchange.url.params["fb_exchange_token"] == "short-user-token"
    assert accounts.url.params["access_token"] == "EAAJjmJ...LONG-LIVED-USER-TOKEN"
    assert (account.external_id, account.handle) == ("2345678901", "Boulangerie du Coin")
    assert account.credentials.access_token == "EAAJjmJ...PAGE-TOKEN-BOULANGERIE"
    assert account.credentials.expires_at is None
    assert [p["id"] for p in account.config["pages"]] == ["1234567890", "2345678901"]


def test_it_deletes_and_checks_health() -> None:
    facebook, recorder = connector()
    facebook.delete(make_page_account(), "1234567890_9876543210")
    assert recorder.requests[-1].method == "DELETE"
    assert recorder.requests[-1].url.path == "/v24.0/1234567890_9876543210"
    assert facebook.check_health(make_page_account()).valid


def test_it_refuses_video() -> None:
    facebook, _recorder = connector()
    clip = Media("clip.mp4", "video/mp4", 10, public_url="https://x.example/c.mp4")
    issues = facebook.validate(Draft(text="a", media=(clip,)), facebook.default_limits)
    assert [i.code for i in issues] == ["facebook_media_type"]
