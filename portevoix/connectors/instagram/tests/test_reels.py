"""A single video goes out as a reel: one container with media_type=REELS and the video's public
URL, polled until FINISHED (video is processed asynchronously), then media_publish.
Instagram content publishing, "Reels posts" (fixtures/README.md)."""

from __future__ import annotations

from dataclasses import replace

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.meta.tests.platform import INSTAGRAM, VIDEO, FakeMeta

REEL = "17889455560051447"  # the documented video container id


def test_it_publishes_a_video_as_a_reel_once_it_is_processed() -> None:
    meta = FakeMeta(INSTAGRAM, [REEL], statuses={REEL: ["IN_PROGRESS", "IN_PROGRESS", "FINISHED"]})
    state = PublishState()
    published = meta.connector().publish(
        INSTAGRAM.account, Draft(text="L'atelier en 12 secondes #cafe", media=(VIDEO,)), "t", state
    )
    assert meta.creates() == [
        {
            "media_type": "REELS",
            "video_url": "https://porte-voix.example/m/atelier.mp4",
            "caption": "L'atelier en 12 secondes #cafe",
            "access_token": "IG-TOKEN",
        }
    ]
    assert meta.steps() == ["create", f"poll {REEL}", f"poll {REEL}", f"poll {REEL}", "publish"]
    poll = next(r for r in meta.requests if r.url.path.endswith(f"/{REEL}"))
    assert str(poll.url).startswith(f"https://graph.instagram.com/v24.0/{REEL}?")
    assert poll.url.params["fields"] == "status_code,status"
    assert meta.publishes() == [{"creation_id": REEL, "access_token": "IG-TOKEN"}]
    assert published.platform_id == "17920238422030506"
    assert state["container_id"] == REEL
    assert state["platform_id"] == "17920238422030506"


def test_it_sends_no_alt_text_for_a_reel() -> None:
    # alt_text is for images only ("Reels and stories are not supported").
    video = replace(VIDEO, alt_text="Un barista verse un latte")
    meta = FakeMeta(INSTAGRAM, [REEL])
    meta.connector().publish(
        INSTAGRAM.account, Draft(text="a", media=(video,)), "t", PublishState()
    )
    assert "alt_text" not in meta.creates()[0]
