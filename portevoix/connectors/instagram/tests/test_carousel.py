"""A carousel: one item container per photo or video (is_carousel_item=true; a video item is
media_type=VIDEO), video items polled until FINISHED before the carousel container
(media_type=CAROUSEL, children in order) is made, then media_publish of the carousel.
Instagram content publishing, "Carousel posts", with its documented ids (fixtures/README.md)."""

from __future__ import annotations

import pytest

from portevoix.connectors.base import Draft, Media, PublishState
from portevoix.connectors.errors import Rejected, Unavailable
from portevoix.connectors.meta.tests.carousel import Carousel
from portevoix.connectors.meta.tests.platform import INSTAGRAM, PHOTO, VIDEO, FakeMeta

ITEMS = ["17899506308402767", "18193870522147812", "17853844403701904"]
CAROUSEL = "18000748627392977"
CONTAINERS = Carousel(INSTAGRAM, ITEMS, CAROUSEL, video=ITEMS[1])
TERRASSE = Media(
    "terrasse.jpg",
    "image/jpeg",
    20,
    alt_text="La terrasse au soleil",
    public_url="https://porte-voix.example/m/terrasse.jpg",
)


def carousel() -> Draft:
    return Draft(text="Fruit candies", media=(PHOTO, VIDEO, TERRASSE))


def test_it_builds_a_carousel_of_photos_and_a_video() -> None:
    meta = CONTAINERS.platform(["IN_PROGRESS", "FINISHED"])
    state = PublishState()
    meta.connector().publish(INSTAGRAM.account, carousel(), "t", state)
    token = {"access_token": "IG-TOKEN"}
    assert meta.creates() == [
        {"image_url": PHOTO.public_url, "is_carousel_item": "true", **token},
        {
            "media_type": "VIDEO",
            "video_url": VIDEO.public_url,
            "is_carousel_item": "true",
            **token,
        },
        {
            "image_url": TERRASSE.public_url,
            "alt_text": "La terrasse au soleil",
            "is_carousel_item": "true",
            **token,
        },
        {
            "media_type": "CAROUSEL",
            "children": ",".join(ITEMS),
            "caption": "Fruit candies",
            **token,
        },
    ]
    # The video item is processed before the carousel is made; the carousel before publishing.
    assert meta.steps() == CONTAINERS.published_steps(video_polls=2)
    assert meta.publishes() == [CONTAINERS.publish_request()]
    assert state["children"] == ITEMS


def test_it_resumes_a_carousel_from_the_items_already_made() -> None:
    meta = FakeMeta(INSTAGRAM, [ITEMS[2], CAROUSEL])  # the first two items are made already
    state = PublishState({"children": ITEMS[:2]})
    meta.connector().publish(INSTAGRAM.account, carousel(), "t", state)
    assert [c.get("image_url") or c.get("media_type") for c in meta.creates()] == [
        TERRASSE.public_url,
        "CAROUSEL",
    ]
    assert meta.creates()[1]["children"] == ",".join(ITEMS)


def test_it_waits_for_a_video_item_before_making_the_carousel() -> None:
    meta = CONTAINERS.platform(["IN_PROGRESS"])
    state = PublishState()
    with pytest.raises(Unavailable):
        meta.connector(poll_attempts="2").publish(INSTAGRAM.account, carousel(), "t", state)
    assert len(meta.creates()) == 3  # the items, not the carousel
    assert state["children"] == ITEMS  # the next attempt polls them again, makes no new ones
    assert not state.get("container_id")


def test_it_refuses_the_carousel_when_a_video_item_fails() -> None:
    meta = CONTAINERS.platform(["ERROR"])
    with pytest.raises(Rejected) as caught:
        meta.connector().publish(INSTAGRAM.account, carousel(), "t", PublishState())
    assert "2207026" in caught.value.message
    assert len(meta.creates()) == 3
    assert meta.publishes() == []
