"""Connecting: the app registers on each instance, OAuth runs against that instance with PKCE,
and the token tells whose account it is."""

from __future__ import annotations

import json

import httpx

from portevoix.connectors.base import Credentials
from portevoix.connectors.mastodon.connector import MastodonConnector
from portevoix.connectors.mastodon.tests import helpers
from portevoix.connectors.tests.contract import Recorder


def test_it_registers_the_app_on_the_instance() -> None:
    recorder = Recorder(helpers.documented)
    mastodon = MastodonConnector(httpx.Client(transport=httpx.MockTransport(recorder)))
    app = mastodon.register_app("mastodon.social/", "https://pv.example/oauth/callback")
    assert app["client_id"] == "TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM"
    request = recorder.requests[0]
    assert str(request.url) == "https://mastodon.social/api/v1/apps"
    body = json.loads(request.content)
    assert body["redirect_uris"] == ["https://pv.example/oauth/callback"]
    assert "write:statuses" in body["scopes"].split()


def test_it_points_the_oauth_flow_at_the_instance() -> None:
    config = MastodonConnector(httpx.Client()).oauth_config("https://piaille.fr")
    assert config.authorize_url == "https://piaille.fr/oauth/authorize"
    assert config.token_url == "https://piaille.fr/oauth/token"
    assert config.pkce
    assert "read:notifications" in config.scopes


def test_it_finds_whose_token_it_is() -> None:
    me = helpers.fixture("status.json")["account"]
    recorder = Recorder(lambda request: httpx.Response(200, json=me))
    mastodon = MastodonConnector(httpx.Client(transport=httpx.MockTransport(recorder)))
    credentials = Credentials(access_token="t", extra={"instance": "https://mastodon.social"})
    account = mastodon.account_from_token(credentials)
    assert account.handle == "@Gargron@mastodon.social"
    assert account.external_id == "1"
    assert account.base_url == "https://mastodon.social"
    assert recorder.requests[0].headers["Authorization"] == "Bearer t"
