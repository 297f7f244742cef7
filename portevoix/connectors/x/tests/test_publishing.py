"""Images go up through the v2 media endpoint with their alt text, videos in chunks until X
has processed them; media ids are checkpointed; replies and deletes use the documented bodies."""

from __future__ import annotations

import base64
import json

import httpx

from portevoix.connectors.base import Draft, Media, PublishState
from portevoix.connectors.tests.contract import Recorder
from portevoix.connectors.x import connector as x_connector
from portevoix.connectors.x.connector import XConnector
from portevoix.connectors.x.tests.factories import make_x_account, x_platform

PNG = Media("tarte.png", "image/png", 4, alt_text="Une tarte", data=lambda: b"\x89PNG")


def connector(handler: object = x_platform) -> tuple[XConnector, Recorder]:
    recorder = Recorder(handler)  # type: ignore[arg-type]
    client = httpx.Client(transport=httpx.MockTransport(recorder))
    return XConnector(client, {"poll_interval": "0"}), recorder


def test_it_uploads_an_image_with_alt_text_and_attaches_it() -> None:
    x, recorder = connector()
    state = PublishState()
    x.publish(
        make_x_account(), Draft(text="Tarte", media=(PNG,), reply_to="1234567890"), "t", state
    )
    upload, metadata, create = recorder.requests
    assert upload.url.path == "/2/media/upload"
    assert json.loads(upload.content) == {
        "media": base64.b64encode(b"\x89PNG").decode(),
        "media_category": "tweet_image",
        "media_type": "image/png",
    }
    assert json.loads(metadata.content) == {
        "id": "1146654567674912769",
        "metadata": {"alt_text": {"text": "Une tarte"}},
    }
    assert json.loads(create.content) == {
        "text": "Tarte",
        "media": {"media_ids": ["1146654567674912769"]},
        "reply": {"in_reply_to_tweet_id": "1234567890"},
    }
    assert state["media_ids"] == ["1146654567674912769"]


def test_it_uploads_a_video_in_chunks_and_waits_for_processing(monkeypatch: object) -> None:
    monkeypatch.setattr(x_connector, "CHUNK", 3)  # type: ignore[attr-defined]
    x, recorder = connector()
    clip = Media("clip.mp4", "video/mp4", 7, data=lambda: b"abcdefg")
    x.publish(make_x_account(), Draft(text="Vidéo", media=(clip,)), "t", PublishState())
    steps = [(r.method, r.url.path) for r in recorder.requests]
    media_id = "1880028106020515840"
    assert steps == [
        ("POST", "/2/media/upload/initialize"),
        ("POST", f"/2/media/upload/{media_id}/append"),
        ("POST", f"/2/media/upload/{media_id}/append"),
        ("POST", f"/2/media/upload/{media_id}/append"),
        ("POST", f"/2/media/upload/{media_id}/finalize"),
        ("GET", "/2/media/upload"),
        ("POST", "/2/tweets"),
    ]
    assert json.loads(recorder.requests[0].content) == {
        "media_type": "video/mp4",
        "total_bytes": 7,
        "media_category": "tweet_video",
    }
    last_append = recorder.requests[3]
    assert b'name="segment_index"\r\n\r\n2' in last_append.content
    assert b"g\r\n" in last_append.content
    assert recorder.requests[5].url.params["command"] == "STATUS"


def test_it_does_not_upload_a_checkpointed_media_again() -> None:
    x, recorder = connector()
    state = PublishState({"media_ids": ["999"]})
    x.publish(make_x_account(), Draft(text="Tarte", media=(PNG,)), "t", state)
    [create] = recorder.requests
    assert json.loads(create.content)["media"] == {"media_ids": ["999"]}


def test_it_refuses_mixed_media_and_too_many_images() -> None:
    x, _recorder = connector()
    clip = Media("clip.mp4", "video/mp4", 10, data=lambda: b"")
    big = Media("big.png", "image/png", 6 * 1024 * 1024, data=lambda: b"")
    mixed = x.validate(Draft(text="a", media=(PNG, clip)), x.default_limits)
    assert [i.code for i in mixed] == ["x_media_mix"]
    many = x.validate(Draft(text="a", media=(PNG,) * 5), x.default_limits)
    assert [i.code for i in many] == ["x_media_count"]
    assert [i.code for i in x.validate(Draft(text="a", media=(big,)), x.default_limits)] == [
        "x_media_size"
    ]
    assert x.validate(Draft(text="a", media=(PNG,) * 4), x.default_limits) == []


def test_it_deletes_a_post() -> None:
    x, recorder = connector()
    x.delete(make_x_account(), "1445880548472328192")
    assert (recorder.requests[0].method, recorder.requests[0].url.path) == (
        "DELETE",
        "/2/tweets/1445880548472328192",
    )
