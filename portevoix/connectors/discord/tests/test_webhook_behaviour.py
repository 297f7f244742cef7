"""Files as multipart files[n] + payload_json, Discord's own wait and error codes, lookup of a
checkpointed message, a lost answer left to a person, connect and delete."""

from __future__ import annotations

import json

import httpx
import pytest

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.discord.connector import DiscordConnector
from portevoix.connectors.discord.tests import helpers
from portevoix.connectors.errors import AuthExpired, OutcomeUnknown, RateLimited, Rejected
from portevoix.connectors.tests.contract import Recorder


def connector(recorder: Recorder) -> DiscordConnector:
    return DiscordConnector(httpx.Client(transport=httpx.MockTransport(recorder)))


def answering(status: int, name: str) -> Recorder:
    return Recorder(lambda request: httpx.Response(status, json=helpers.fixture(name)))


def test_it_sends_files_with_a_payload_json() -> None:
    recorder = Recorder(helpers.documented)
    draft = Draft(text="Nouvelle carte", media=(helpers.image(), helpers.image("b.png", "")))
    connector(recorder).publish(helpers.account(), draft, "k", PublishState())
    (create,) = recorder.requests
    assert create.headers["content-type"].startswith("multipart/form-data")
    assert b'name="files[0]"; filename="carte.png"' in create.content
    assert b'name="files[1]"; filename="b.png"' in create.content
    part = create.content.split(b'name="payload_json"\r\n\r\n')[1].split(b"\r\n--")[0]
    assert json.loads(part) == {
        "content": "Nouvelle carte",
        "allowed_mentions": {"parse": []},
        "attachments": [
            {"id": 0, "filename": "carte.png", "description": "La carte"},
            {"id": 1, "filename": "b.png"},
        ],
    }


def test_it_maps_discords_own_errors() -> None:
    with pytest.raises(RateLimited) as limited:
        connector(answering(429, "error_429.json")).publish(
            helpers.account(), Draft(text="x"), "k", PublishState()
        )
    assert limited.value.retry_after == 64.57
    with pytest.raises(AuthExpired):  # the webhook was deleted
        connector(answering(404, "error_404.json")).publish(
            helpers.account(), Draft(text="x"), "k", PublishState()
        )
    with pytest.raises(Rejected) as refused:
        connector(answering(400, "error_400.json")).publish(
            helpers.account(), Draft(text="x"), "k", PublishState()
        )
    assert refused.value.message == "Must be 2000 or fewer in length."


def test_lookup_confirms_a_checkpointed_message() -> None:
    recorder = Recorder(helpers.documented)
    state = PublishState({"platform_id": "1177653447376728064", "sent_at": "x"})
    found = connector(recorder).lookup(helpers.account(), "k", state)
    assert found is not None and found.platform_id == "1177653447376728064"
    assert recorder.requests[0].url.path.endswith("/messages/1177653447376728064")
    deleted = answering(404, "error_404_message.json")
    assert connector(deleted).lookup(helpers.account(), "k", state) is not None


def test_a_lost_answer_stays_unknown_and_nothing_sent_is_not_published() -> None:
    def lost(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    state = PublishState()
    with pytest.raises(OutcomeUnknown):
        connector(Recorder(lost)).publish(helpers.account(), Draft(text="x"), "k", state)
    with pytest.raises(OutcomeUnknown):
        connector(Recorder(lost)).lookup(helpers.account(), "k", state)
    assert connector(Recorder(lost)).lookup(helpers.account(), "k", PublishState()) is None


def test_it_connects_with_a_webhook_url() -> None:
    recorder = Recorder(helpers.documented)
    url = f"https://discord.com/api/webhooks/{helpers.WEBHOOK_ID}/{helpers.TOKEN}"
    account = connector(recorder).connect({"webhook_url": url})
    assert account.handle == "test webhook"
    assert account.external_id == helpers.WEBHOOK_ID
    assert account.base_url == helpers.BASE
    assert account.credentials.access_token == helpers.TOKEN
    assert helpers.TOKEN not in account.base_url  # the secret stays in the credentials
    with pytest.raises(Rejected):
        connector(recorder).connect({"webhook_url": "https://evil.example/api/webhooks/1/x"})


def test_it_deletes_and_tolerates_a_message_already_gone() -> None:
    recorder = Recorder(helpers.documented)
    connector(recorder).delete(helpers.account(), "1177653447376728064")
    assert recorder.requests[0].method == "DELETE"
    connector(answering(404, "error_404_message.json")).delete(helpers.account(), "1")
    with pytest.raises(AuthExpired):
        connector(answering(404, "error_404.json")).delete(helpers.account(), "1")
