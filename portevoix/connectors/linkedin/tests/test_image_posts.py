"""Image posts: each image registered with initializeUpload (owner = the post's author), its
bytes PUT to the upload URL with the OAuth token, its URN checkpointed; then the post names it
in content.media, or several in content.multiImage (Images, Posts and MultiImage APIs)."""

from __future__ import annotations

import httpx
import pytest

from portevoix.connectors.base import Draft, Media, PublishState
from portevoix.connectors.errors import Unavailable
from portevoix.connectors.linkedin.tests.factories import (
    IMAGE,
    MEMBER,
    SECOND_IMAGE,
    FakeLinkedIn,
    member_account,
    page_account,
    photo,
)

UPLOAD_URL = (
    "https://www.linkedin.com/dms-uploads/C4E10AQFoyyAjHPMQuQ/uploaded-image/0"
    "?ca=vector_ads&cn=uploads&sync=0&v=beta&ut=1Q-hv2wbyplqY1"
)


def test_it_uploads_the_image_then_posts_it() -> None:
    linkedin = FakeLinkedIn()
    state = PublishState()
    draft = Draft(text="La terrasse (enfin) ouverte", media=(photo(alt="La terrasse au soleil"),))
    linkedin.connector().publish(member_account(), draft, "t", state)
    init = linkedin.requests[0]
    assert str(init.url) == "https://api.linkedin.com/rest/images?action=initializeUpload"
    assert init.headers["linkedin-version"] == "202511"
    assert init.headers["x-restli-protocol-version"] == "2.0.0"
    assert linkedin.initializations() == [{"initializeUploadRequest": {"owner": MEMBER}}]
    [put] = linkedin.puts()
    assert str(put.url) == UPLOAD_URL
    assert put.headers["authorization"] == "Bearer TOKEN"
    assert put.content == b"\xff\xd8\xff JPEG"
    [post] = linkedin.posts()
    assert post["commentary"] == "La terrasse \\(enfin\\) ouverte"
    assert post["content"] == {"media": {"id": IMAGE, "altText": "La terrasse au soleil"}}
    assert state["images"] == [IMAGE]


def test_it_posts_several_images_as_a_multi_image_post() -> None:
    linkedin = FakeLinkedIn()
    draft = Draft(text="Deux vues", media=(photo(alt="La salle"), photo("bar.jpg")))
    linkedin.connector().publish(member_account(), draft, "t", PublishState())
    assert len(linkedin.puts()) == 2
    [post] = linkedin.posts()
    assert post["content"] == {
        "multiImage": {"images": [{"id": IMAGE, "altText": "La salle"}, {"id": SECOND_IMAGE}]}
    }


def test_it_uploads_a_pages_images_as_the_page() -> None:
    # "Please ensure that all images being used are owned by the author or organization."
    linkedin = FakeLinkedIn()
    draft = Draft(text="a", media=(photo(),))
    linkedin.connector().publish(page_account(), draft, "t", PublishState())
    assert linkedin.initializations()[0]["initializeUploadRequest"]["owner"] == (
        "urn:li:organization:2414183"
    )
    assert linkedin.posts()[0]["author"] == "urn:li:organization:2414183"


def test_it_does_not_upload_again_the_images_of_an_earlier_attempt() -> None:
    linkedin = FakeLinkedIn()
    state = PublishState({"images": [IMAGE]})
    draft = Draft(text="Deux vues", media=(photo(), photo("bar.jpg")))
    linkedin.connector().publish(member_account(), draft, "t", state)
    assert len(linkedin.initializations()) == 1
    assert state["images"] == [IMAGE, IMAGE]  # the fake hands out its first URN again


def test_it_retries_an_image_registration_whose_answer_was_lost() -> None:
    # An image LinkedIn may have registered is no post: safe to try again, no lookup needed.
    def lose(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    connector = FakeLinkedIn().connector()
    connector.http = httpx.Client(transport=httpx.MockTransport(lose))
    state = PublishState()
    with pytest.raises(Unavailable):
        connector.publish(member_account(), Draft(text="a", media=(photo(),)), "t", state)
    assert "sent_text" not in state  # the post itself was never sent


def test_it_refuses_what_linkedin_does_not_take() -> None:
    connector = FakeLinkedIn().connector()
    video = Media("atelier.mp4", "video/mp4", 10, data=lambda: b"")
    huge = photo(width=8000, height=6000)
    empty = Media("vide.png", "image/png", 10)
    draft = Draft(text="a", media=(video, huge, empty) + (photo(),) * 18)
    codes = [i.code for i in connector.validate(draft, connector.default_limits)]
    assert codes == [
        "linkedin_image_count",
        "linkedin_media_type",
        "linkedin_image_pixels",
        "linkedin_media_missing",
    ]
    assert connector.validate(Draft(text="a", media=(photo(),)), connector.default_limits) == []
