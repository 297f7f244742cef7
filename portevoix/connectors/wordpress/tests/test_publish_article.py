"""An article: featured image first (checkpointed), other images in the body, native
scheduling with status=future, and a slug that finds the post again."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
import time_machine

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.errors import OutcomeUnknown, Rejected
from portevoix.connectors.tests.contract import Recorder
from portevoix.connectors.wordpress.connector import WordPressConnector, slug_for
from portevoix.connectors.wordpress.tests import helpers


def connector(recorder: Recorder) -> WordPressConnector:
    return WordPressConnector(httpx.Client(transport=httpx.MockTransport(recorder)))


def test_it_uploads_the_featured_image_and_sets_its_alt_text() -> None:
    recorder = Recorder(helpers.documented)
    state = PublishState()
    draft = Draft(title="Carte", text="Texte", media=(helpers.image(), helpers.image("b.png", "B")))
    connector(recorder).publish(helpers.account(), draft, "target-1", state)
    upload = recorder.requests[0]
    assert helpers.route(upload) == "/wp/v2/media"
    assert upload.headers["Content-Disposition"] == 'attachment; filename="carte.png"'
    assert upload.headers["Content-Type"] == "image/png"
    assert upload.content == b"PNG!"
    assert json.loads(recorder.requests[1].content) == {"alt_text": "La carte"}
    body = json.loads(recorder.requests[-1].content)
    assert body["featured_media"] == 4
    assert (
        '<img src="http://127.0.0.1:8080/wp-content/uploads/2026/12/carte.png" alt="B" />'
        in (body["content"])
    )
    assert [m["id"] for m in state["media"]] == [4, 4]


def test_it_resumes_without_uploading_again() -> None:
    recorder = Recorder(helpers.documented)
    state = PublishState({"media": [{"id": 4, "url": "u", "alt": ""}]})
    draft = Draft(title="Carte", text="Texte", media=(helpers.image(),))
    connector(recorder).publish(helpers.account(), draft, "target-1", state)
    assert [helpers.route(r) for r in recorder.requests] == ["/wp/v2/posts"]


@time_machine.travel(dt.datetime(2030, 6, 1, 12, 0, tzinfo=dt.UTC), tick=False)
def test_it_schedules_natively_in_utc() -> None:
    recorder = Recorder(helpers.documented)
    montreal = dt.timezone(dt.timedelta(hours=-4))
    when = dt.datetime(2030, 6, 2, 9, 30, tzinfo=montreal)
    draft = Draft(title="Plus tard", text="later", extra={"scheduled_at": when.isoformat()})
    published = connector(recorder).publish(helpers.account(), draft, "t", PublishState())
    body = json.loads(recorder.requests[-1].content)
    assert body["status"] == "future"
    assert body["date_gmt"] == "2030-06-02T13:30:00"
    assert published.published_at == dt.datetime(2031, 1, 1, 14, 0, tzinfo=dt.UTC)


def test_a_time_in_the_past_publishes_now() -> None:
    recorder = Recorder(helpers.documented)
    past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    draft = Draft(title="T", text="x", extra={"scheduled_at": past})
    connector(recorder).publish(helpers.account(), draft, "t", PublishState())
    assert json.loads(recorder.requests[-1].content)["status"] == "publish"


def test_it_finds_the_post_by_its_slug_when_the_answer_was_lost() -> None:
    def lost(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            raise httpx.ReadTimeout("no answer", request=request)
        return helpers.documented(request)

    state = PublishState()
    with pytest.raises(OutcomeUnknown):
        connector(Recorder(lost)).publish(
            helpers.account(), Draft(title="Carte", text="x"), "k", state
        )
    assert state["slug"] == slug_for("Carte", "k")
    recorder = Recorder(helpers.documented)
    found = connector(recorder).lookup(helpers.account(), "k", state)
    assert found is not None and found.platform_id == "5"
    params = recorder.requests[0].url.params
    assert params["slug"] == state["slug"]
    assert params["status"] == "publish,future,draft,pending,private"


def test_lookup_is_certain_when_no_post_has_the_slug() -> None:
    recorder = Recorder(lambda request: httpx.Response(200, json=[]))
    state = PublishState({"slug": "carte-pv0000000000"})
    assert connector(recorder).lookup(helpers.account(), "k", state) is None
    assert connector(recorder).lookup(helpers.account(), "k", PublishState()) is None
    assert len(recorder.requests) == 1  # no slug: the post request never left


def test_it_shows_which_parameter_was_refused() -> None:
    body = helpers.fixture("error_invalid_param.json")
    recorder = Recorder(lambda request: httpx.Response(400, json=body))
    with pytest.raises(Rejected) as caught:
        connector(recorder).publish(
            helpers.account(), Draft(title="T", text="x"), "k", PublishState()
        )
    assert caught.value.message == (
        "status is not one of publish, future, draft, pending, and private."
    )


def test_slugs_differ_per_key_and_stay_readable() -> None:
    assert slug_for("Café Lumière : la carte", "a").startswith("cafe-lumiere-la-carte-pv")
    assert slug_for("Même titre", "a") != slug_for("Même titre", "b")
    assert slug_for("", "a").startswith("post-pv")
