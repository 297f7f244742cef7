"""Connecting uses PKCE and the documented scopes, reads who the token is, and a refresh
returns the rotated pair; a lost answer is found among the latest posts by its text."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portevoix.connectors.base import Credentials, Draft, PublishState
from portevoix.connectors.errors import OutcomeUnknown
from portevoix.connectors.tests.contract import Recorder
from portevoix.connectors.x.connector import XConnector
from portevoix.connectors.x.tests.factories import make_x_account, x_platform


def connector(handler: object = x_platform, **settings: str) -> tuple[XConnector, Recorder]:
    recorder = Recorder(handler)  # type: ignore[arg-type]
    return XConnector(httpx.Client(transport=httpx.MockTransport(recorder)), settings), recorder


def test_it_declares_pkce_and_the_scopes() -> None:
    config = connector(authorize_url="http://127.0.0.1:9/authorize")[0].oauth_config()
    assert config.pkce
    assert config.authorize_url == "http://127.0.0.1:9/authorize"
    assert config.token_url == "https://api.x.com/2/oauth2/token"
    assert " ".join(config.scopes) == "tweet.read tweet.write users.read media.write offline.access"


def test_it_reads_the_account_from_the_token() -> None:
    x, recorder = connector()
    account = x.account_from_token(Credentials(access_token="NEW"))
    assert (account.handle, account.external_id) == ("cafelumiere", "2244994945")
    assert recorder.requests[0].headers["authorization"] == "Bearer NEW"


def test_it_returns_the_rotated_refresh_token() -> None:
    x, recorder = connector(client_id="app-id", client_secret="app-secret")
    credentials = x.refresh_credentials(make_x_account())
    [request] = recorder.requests
    assert dict(httpx.QueryParams(request.content.decode())) == {
        "grant_type": "refresh_token",
        "refresh_token": "REFRESH",
        "client_id": "app-id",
    }
    assert request.headers["authorization"].startswith("Basic ")
    assert credentials.refresh_token.startswith("Q0xMa3hk")
    assert credentials.expires_at is not None
    remaining = credentials.expires_at - dt.datetime.now(dt.UTC)
    assert dt.timedelta(hours=1, minutes=59) < remaining <= dt.timedelta(hours=2)


def test_it_finds_a_post_whose_answer_was_lost_by_its_text() -> None:
    def lose(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/2/tweets":
            raise httpx.ReadTimeout("lost", request=request)
        return x_platform(request)

    x, recorder = connector(lose)
    state = PublishState()
    text = "Nouvelle carte & menu d'automne : https://cafe-lumiere.ca/carte"
    with pytest.raises(OutcomeUnknown):
        x.publish(make_x_account(), Draft(text=text), "t", state)
    found = x.lookup(make_x_account(), "t", state)
    assert found is not None
    assert found.platform_id == "1445880548472328192"
    assert "start_time" in recorder.requests[-1].url.params
    assert x.lookup(make_x_account(), "t2", PublishState({"sent_text": "jamais publié"})) is None


def test_it_reports_a_revoked_token_in_health() -> None:
    x, _recorder = connector(lambda r: httpx.Response(401, json={"title": "Unauthorized"}))
    assert not x.check_health(make_x_account()).valid
