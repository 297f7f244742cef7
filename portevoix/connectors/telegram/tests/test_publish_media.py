"""Photos and videos travel with the send request: one is sendPhoto/sendVideo with a caption,
several a sendMediaGroup whose items point at the multipart parts (attach://)."""

from __future__ import annotations

import json

import httpx
import pytest

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.errors import AuthExpired, RateLimited, Rejected
from portevoix.connectors.telegram.connector import TelegramConnector
from portevoix.connectors.telegram.tests import helpers
from portevoix.connectors.tests.contract import Recorder


def connector(recorder: Recorder) -> TelegramConnector:
    return TelegramConnector(httpx.Client(transport=httpx.MockTransport(recorder)))


def form_fields(request: httpx.Request) -> dict[str, str]:
    """The plain (non-file) parts of a multipart body."""
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    fields = {}
    for part in request.content.split(b"--" + boundary):
        head, _sep, value = part.partition(b"\r\n\r\n")
        if b"filename=" in head or b'name="' not in head:
            continue
        name = head.split(b'name="')[1].split(b'"')[0].decode()
        fields[name] = value.rstrip(b"\r\n").decode()
    return fields


def test_it_sends_one_photo_with_its_caption() -> None:
    recorder = Recorder(helpers.documented)
    draft = Draft(text="Nouvelle carte", media=(helpers.photo(),))
    published = connector(recorder).publish(helpers.account(), draft, "k", PublishState())
    (send,) = recorder.requests
    assert helpers.method(send) == "sendPhoto"
    assert form_fields(send) == {"chat_id": "-1001234567890", "caption": "Nouvelle carte"}
    assert b'name="photo"; filename="carte.jpg"' in send.content
    assert published.platform_id == "102"


def test_it_sends_an_album_as_a_media_group() -> None:
    recorder = Recorder(helpers.documented)
    draft = Draft(
        text="Nouvelle carte", media=(helpers.photo(), helpers.photo("clip.mp4", "video/mp4"))
    )
    state = PublishState()
    published = connector(recorder).publish(helpers.account(), draft, "k", state)
    (send,) = recorder.requests
    assert helpers.method(send) == "sendMediaGroup"
    assert json.loads(form_fields(send)["media"]) == [
        {"type": "photo", "media": "attach://file0", "caption": "Nouvelle carte"},
        {"type": "video", "media": "attach://file1"},
    ]
    assert b'name="file1"; filename="clip.mp4"' in send.content
    assert published.platform_id == "103,104"
    assert state["message_ids"] == [103, 104]


def test_it_flags_a_caption_over_1024_utf16_units() -> None:
    telegram = TelegramConnector(httpx.Client())
    limits = telegram.default_limits
    # 512 emoji are 1,024 UTF-16 code units (each is a surrogate pair): the limit exactly.
    assert telegram.validate(Draft(text="😀" * 512, media=(helpers.photo(),)), limits) == []
    (issue,) = telegram.validate(Draft(text="😀" * 513, media=(helpers.photo(),)), limits)
    assert issue.code == "caption_too_long"
    assert telegram.validate(Draft(text="😀" * 513), limits) == []  # no media: 4,096 applies
    eleven = Draft(text="x", media=tuple(helpers.photo() for _ in range(11)))
    assert [i.code for i in telegram.validate(eleven, limits)] == ["too_many_media"]


def test_it_reads_the_wait_from_the_body_and_the_bot_api_errors() -> None:
    def answer(status: str):  # type: ignore[no-untyped-def]
        body = helpers.fixture(status)
        return Recorder(lambda request: httpx.Response(body["error_code"], json=body))

    with pytest.raises(RateLimited) as limited:
        connector(answer("error_429.json")).publish(
            helpers.account(), Draft(text="x"), "k", PublishState()
        )
    assert limited.value.retry_after == 120
    with pytest.raises(AuthExpired) as removed:
        connector(answer("error_403.json")).publish(
            helpers.account(), Draft(text="x"), "k", PublishState()
        )
    assert removed.value.message == "Forbidden: bot is not a member of the channel chat"
    with pytest.raises(Rejected) as refused:
        connector(answer("error_400.json")).publish(
            helpers.account(), Draft(text="x"), "k", PublishState()
        )
    assert refused.value.message == "Bad Request: message is too long"


def test_it_deletes_every_message_of_the_post() -> None:
    recorder = Recorder(lambda request: httpx.Response(200, json={"ok": True, "result": True}))
    connector(recorder).delete(helpers.account(), "103,104")
    (request,) = recorder.requests
    assert helpers.method(request) == "deleteMessages"
    assert json.loads(request.content) == {
        "chat_id": "-1001234567890",
        "message_ids": "[103, 104]",
    }
