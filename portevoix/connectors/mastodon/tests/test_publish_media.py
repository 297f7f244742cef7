"""Media go up first through /api/v2/media, are awaited until processed, and are checkpointed
so that a retry attaches them instead of uploading them again."""

from __future__ import annotations

import json

import httpx
import pytest

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.errors import Unavailable
from portevoix.connectors.mastodon.connector import MastodonConnector
from portevoix.connectors.mastodon.tests import helpers
from portevoix.connectors.tests.contract import Recorder


def connector(handler: Recorder, **settings: float) -> MastodonConnector:
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return MastodonConnector(client, {"media_poll_interval": 0, **settings})


def test_it_uploads_waits_for_processing_and_attaches_the_media() -> None:
    polls = {"n": 0}

    def platform(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path == "/api/v1/media/22348641":
            polls["n"] += 1
            if polls["n"] == 1:  # still processing (methods/media.md: 206 Partial content)
                return httpx.Response(206, json=helpers.fixture("media_processing.json"))
        return helpers.documented(request)

    recorder = Recorder(platform)
    saved: list[dict[str, object]] = []
    state = PublishState(saver=saved.append)
    draft = Draft(text="Nouvelle carte", media=(helpers.image(),))
    connector(recorder).publish(helpers.account(), draft, "target-7", state)

    upload = recorder.requests[0]
    assert (upload.method, upload.url.path) == ("POST", "/api/v2/media")
    assert upload.headers["content-type"].startswith("multipart/form-data")
    assert b'name="file"; filename="carte.png"' in upload.content
    assert b"La carte d'automne" in upload.content
    assert polls["n"] == 2
    create = recorder.requests[-1]
    assert json.loads(create.content)["media_ids"] == ["22348641"]
    assert saved[0] == {"media_ids": ["22348641"]}
    assert state["platform_id"] == "103254962155278888"


def test_it_resumes_with_the_checkpointed_media_instead_of_uploading_again() -> None:
    recorder = Recorder(helpers.documented)
    state = PublishState({"media_ids": ["22348641"]})
    draft = Draft(text="Nouvelle carte", media=(helpers.image(),))
    connector(recorder).publish(helpers.account(), draft, "target-7", state)
    assert [r.url.path for r in recorder.requests if r.method == "POST"] == ["/api/v1/statuses"]


def test_it_gives_up_waiting_as_unavailable_and_keeps_the_upload() -> None:
    def processing(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.startswith("/api/v1/media/"):
            return httpx.Response(206, json=helpers.fixture("media_processing.json"))
        return helpers.documented(request)

    state = PublishState()
    draft = Draft(text="Vidéo", media=(helpers.image("clip.mp4", "video/mp4"),))
    with pytest.raises(Unavailable):
        connector(Recorder(processing), media_poll_timeout=0).publish(
            helpers.account(), draft, "target-8", state
        )
    assert state["media_ids"] == ["22348641"]
    assert "platform_id" not in state


def test_it_does_not_post_again_once_the_id_is_checkpointed() -> None:
    recorder = Recorder(helpers.documented)
    state = PublishState({"platform_id": "99", "url": "https://mastodon.social/@Gargron/99"})
    published = connector(recorder).publish(helpers.account(), Draft(text="x"), "k", state)
    assert published.platform_id == "99"
    assert recorder.requests == []
