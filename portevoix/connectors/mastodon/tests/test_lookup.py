"""An unknown outcome is looked up: the checkpointed id, else the account's own statuses since
the attempt, matched by text; "not found" only once every status since then has been read."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.errors import OutcomeUnknown
from portevoix.connectors.mastodon.connector import MastodonConnector
from portevoix.connectors.mastodon.tests import helpers
from portevoix.connectors.tests.contract import Recorder

TEXT = "Nouvelle carte d'automne : courge rôtie & cidre https://example.com/carte"


def status(status_id: str, content: str, created_at: dt.datetime) -> dict[str, object]:
    body = helpers.fixture("status.json")
    body.update(id=status_id, content=content, created_at=created_at.isoformat())
    return body


def connector(recorder: Recorder) -> MastodonConnector:
    return MastodonConnector(httpx.Client(transport=httpx.MockTransport(recorder)))


def test_it_finds_the_status_whose_answer_was_lost() -> None:
    sent = dt.datetime.now(dt.UTC)
    html = (
        "<p>Nouvelle carte d&#39;automne : courge rôtie &amp; cidre "
        '<a href="https://example.com/carte"><span class="invisible">https://</span>'
        '<span class="">example.com/carte</span></a></p>'
    )
    timeline = [status("3", "<p>autre chose</p>", sent), status("2", html, sent)]
    recorder = Recorder(lambda request: httpx.Response(200, json=timeline))
    state = PublishState({"sent_at": sent.isoformat(), "text": TEXT})
    found = connector(recorder).lookup(helpers.account(), "target-1", state)
    assert found is not None
    assert found.platform_id == "2"
    assert state["platform_id"] == "2"
    assert recorder.requests[0].url.path == "/api/v1/accounts/1/statuses"


def test_it_says_not_published_after_reading_back_to_the_attempt() -> None:
    sent = dt.datetime.now(dt.UTC)
    older = status("1", f"<p>{TEXT}</p>", sent - dt.timedelta(days=1))  # an older, same text
    recorder = Recorder(lambda request: httpx.Response(200, json=[older]))
    state = PublishState({"sent_at": sent.isoformat(), "text": TEXT})
    assert connector(recorder).lookup(helpers.account(), "target-1", state) is None


def test_it_says_not_published_when_the_status_request_never_left() -> None:
    recorder = Recorder(lambda request: httpx.Response(500))
    assert connector(recorder).lookup(helpers.account(), "k", PublishState()) is None
    assert recorder.requests == []


def test_a_lost_answer_leaves_what_lookup_needs_in_the_state() -> None:
    def lost(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    state = PublishState()
    with pytest.raises(OutcomeUnknown):
        connector(Recorder(lost)).publish(helpers.account(), Draft(text=TEXT), "k", state)
    assert state["text"] == TEXT
    assert dt.datetime.fromisoformat(state["sent_at"]) <= dt.datetime.now(dt.UTC)
