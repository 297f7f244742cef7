"""A Threads carousel: an item container per image (media_type=IMAGE) or video
(media_type=VIDEO), each with is_carousel_item=true; video items polled until FINISHED; then the
carousel container (media_type=CAROUSEL, children in order, the text) and threads_publish.
Threads API, "Posts" → "Carousel posts" (fixtures/README.md)."""

from __future__ import annotations

import pytest

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.errors import Rejected
from portevoix.connectors.meta.tests.carousel import Carousel
from portevoix.connectors.meta.tests.platform import PHOTO, THREADS, VIDEO

ITEMS = ["17889615691921651", "17889615691921652"]
CAROUSEL = "17889615691921660"
CONTAINERS = Carousel(THREADS, ITEMS, CAROUSEL, video=ITEMS[1])


def test_it_builds_a_carousel_of_an_image_and_a_video() -> None:
    meta = CONTAINERS.platform(["IN_PROGRESS", "FINISHED"])
    state = PublishState()
    meta.connector().publish(
        THREADS.account, Draft(text="Deux façons de voir le café", media=(PHOTO, VIDEO)), "t", state
    )
    token = {"access_token": "TH-TOKEN"}
    assert meta.creates() == [
        {
            "media_type": "IMAGE",
            "image_url": PHOTO.public_url,
            "is_carousel_item": "true",
            **token,
        },
        {
            "media_type": "VIDEO",
            "video_url": VIDEO.public_url,
            "is_carousel_item": "true",
            **token,
        },
        {
            "media_type": "CAROUSEL",
            "children": ",".join(ITEMS),
            "text": "Deux façons de voir le café",
            **token,
        },
    ]
    assert meta.steps() == CONTAINERS.published_steps(video_polls=2)
    assert meta.publishes() == [CONTAINERS.publish_request()]
    assert (state["children"], state["container_id"]) == (ITEMS, CAROUSEL)


def test_it_refuses_the_carousel_when_meta_could_not_download_the_video() -> None:
    meta = CONTAINERS.platform(["ERROR"])
    with pytest.raises(Rejected) as caught:
        meta.connector().publish(
            THREADS.account, Draft(text="a", media=(PHOTO, VIDEO)), "t", PublishState()
        )
    assert "FAILED_DOWNLOADING_VIDEO" in caught.value.message
    assert meta.publishes() == []
