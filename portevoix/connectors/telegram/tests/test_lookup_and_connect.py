"""Telegram cannot be searched: a lost answer stays unknown (a person checks the channel),
unless the message id was checkpointed or nothing was sent. Connecting checks the bot's
rights in the channel."""

from __future__ import annotations

import httpx
import pytest
from django.utils import translation

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.errors import AuthExpired, OutcomeUnknown
from portevoix.connectors.telegram.connector import TelegramConnector
from portevoix.connectors.telegram.tests import helpers
from portevoix.connectors.tests.contract import Recorder


def connector(recorder: Recorder) -> TelegramConnector:
    return TelegramConnector(httpx.Client(transport=httpx.MockTransport(recorder)))


def test_a_lost_answer_stays_unknown() -> None:
    def lost(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    state = PublishState()
    with pytest.raises(OutcomeUnknown):
        connector(Recorder(lost)).publish(helpers.account(), Draft(text="x"), "k", state)
    with translation.override("en"), pytest.raises(OutcomeUnknown) as caught:
        connector(Recorder(lost)).lookup(helpers.account(), "k", state)
    assert "check the channel" in caught.value.message


def test_lookup_knows_the_checkpointed_id_and_the_request_never_sent() -> None:
    recorder = Recorder(helpers.documented)
    state = PublishState({"platform_id": "101", "message_ids": [101], "sent_at": "x"})
    found = connector(recorder).lookup(helpers.account(), "k", state)
    assert found is not None and found.url == "https://t.me/cafelumiere/101"
    assert connector(recorder).lookup(helpers.account(), "k", PublishState()) is None
    assert recorder.requests == []


def test_a_private_channel_links_through_its_id() -> None:
    recorder = Recorder(helpers.documented)
    account = helpers.account(username="")
    published = connector(recorder).publish(account, Draft(text="x"), "k", PublishState())
    assert published.url == "https://t.me/c/1234567890/101"


def test_it_connects_when_the_bot_may_post() -> None:
    recorder = Recorder(helpers.documented)
    account = connector(recorder).connect({"bot_token": helpers.TOKEN, "chat_id": "cafelumiere"})
    assert account.handle == "@cafelumiere"
    assert account.external_id == "-1001234567890"
    assert account.config["chat_id"] == "-1001234567890"
    assert account.credentials.access_token == helpers.TOKEN
    assert [helpers.method(r) for r in recorder.requests] == ["getMe", "getChat", "getChatMember"]
    assert recorder.requests[1].content == b'{"chat_id":"@cafelumiere"}'


def test_it_refuses_a_bot_that_may_not_post() -> None:
    member = helpers.fixture("get_chat_member.json")
    member["result"].update(status="member")

    def platform(request: httpx.Request) -> httpx.Response:
        if helpers.method(request) == "getChatMember":
            return httpx.Response(200, json=member)
        return helpers.documented(request)

    with pytest.raises(AuthExpired):
        connector(Recorder(platform)).connect({"bot_token": helpers.TOKEN, "chat_id": "@x"})
    assert not connector(Recorder(platform)).check_health(helpers.account()).valid
    assert connector(Recorder(helpers.documented)).check_health(helpers.account()).valid
