"""A Threads video post: one container with media_type=VIDEO, the video's public URL and the
text, polled until FINISHED, then threads_publish. Threads API, "Posts" and "Troubleshooting"
(fixtures/README.md)."""

from __future__ import annotations

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.meta.tests.platform import THREADS, VIDEO, FakeMeta

CONTAINER = "17889615691921648"


def test_it_publishes_a_video_once_it_is_processed() -> None:
    meta = FakeMeta(THREADS, [CONTAINER], statuses={CONTAINER: ["IN_PROGRESS", "FINISHED"]})
    state = PublishState()
    published = meta.connector().publish(
        THREADS.account,
        Draft(text="L'atelier en 12 secondes", media=(VIDEO,), link="https://cafe.example/"),
        "t",
        state,
    )
    # No link_attachment: it "is only available for text-only posts".
    assert meta.creates() == [
        {
            "media_type": "VIDEO",
            "video_url": "https://porte-voix.example/m/atelier.mp4",
            "text": "L'atelier en 12 secondes",
            "access_token": "TH-TOKEN",
        }
    ]
    poll = next(r for r in meta.requests if r.url.path.endswith(f"/{CONTAINER}"))
    assert str(poll.url).startswith(f"https://graph.threads.net/v1.0/{CONTAINER}?")
    assert poll.url.params["fields"] == "status,error_message"
    assert meta.steps() == ["create", f"poll {CONTAINER}", f"poll {CONTAINER}", "publish"]
    assert meta.publishes() == [{"creation_id": CONTAINER, "access_token": "TH-TOKEN"}]
    assert published.platform_id == "1234567"
    assert published.url == "https://www.threads.net/@cafelumiere/post/abcdefg"


def test_it_publishes_a_text_post_without_waiting() -> None:
    meta = FakeMeta(THREADS, [CONTAINER])
    meta.connector().publish(
        THREADS.account,
        Draft(text="Ouvert dimanche", link="https://cafe.example/"),
        "t",
        PublishState(),
    )
    assert meta.creates()[0]["media_type"] == "TEXT"
    assert meta.creates()[0]["link_attachment"] == "https://cafe.example/"
    assert meta.steps() == ["create", "publish"]
