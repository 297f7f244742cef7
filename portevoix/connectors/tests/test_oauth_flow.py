"""The generic OAuth 2 flow: an authorization URL with an S256 challenge and a state bound to
the person and brand, a callback that checks the state and exchanges the code with its
verifier, the tokens saved encrypted; refusals and failures shown, nothing saved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from portevoix.connectors import actions, registry
from portevoix.connectors.models import ConnectedAccount
from portevoix.connectors.tests.oauth_platform import AuthorizationServer


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[AuthorizationServer]:
    auth = AuthorizationServer()
    monkeypatch.setitem(
        registry.CONNECTORS,
        "oauthdemo",
        "portevoix.connectors.tests.oauth_platform.OAuthDemoConnector",
    )
    settings.PORTEVOIX_CONNECTORS = {
        **settings.PORTEVOIX_CONNECTORS,
        "oauthdemo": {"client_id": "cid", "client_secret": "csecret"},
    }
    monkeypatch.setattr(
        actions, "make_client", lambda: httpx.Client(transport=httpx.MockTransport(auth))
    )
    registry.connector_class.cache_clear()
    yield auth
    registry.connector_class.cache_clear()


def start(client: Client, brand: Any) -> dict[str, str]:
    response = client.get(reverse("connectors:connect", args=[brand.pk, "oauthdemo"]))
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert (url.scheme, url.netloc, url.path) == ("https", "auth.example", "/oauth/authorize")
    return {k: v[0] for k, v in parse_qs(url.query).items()}


def callback(client: Client, **params: str) -> Any:
    return client.get(reverse("connectors_oauth:callback"), params, follow=True)


def test_it_connects_an_account_through_the_whole_flow(
    client: Client, alice: Any, brand: Any, server: AuthorizationServer
) -> None:
    client.force_login(alice)
    params = start(client, brand)
    assert params["scope"] == "posts.write offline.access"
    assert params["redirect_uri"] == "http://127.0.0.1:8000/connections/oauth/callback/"
    assert len(params["code_challenge"]) == 43  # base64url of a SHA-256, no padding
    code = server.authorize(params)
    response = callback(client, code=code, state=params["state"])
    assert response.redirect_chain[-1][0] == reverse("connectors:list", args=[brand.pk])
    connected = ConnectedAccount.objects.get(brand=brand, kind="oauthdemo")
    assert (connected.handle, connected.external_id) == ("cafe_lumiere", "u-42")
    assert connected.credentials.refresh_token == "rt-1"
    assert connected.token_expires_at is not None
    raw = ConnectedAccount.objects.values_list("secrets", flat=True).get(pk=connected.pk)
    assert "at-1" not in raw
    assert "rt-1" not in raw
    token_body = parse_qs(server.token_requests[0].content.decode())
    assert token_body["grant_type"] == ["authorization_code"]
    assert "code_verifier" in token_body


def test_it_accepts_a_state_once(
    client: Client, alice: Any, brand: Any, server: AuthorizationServer
) -> None:
    client.force_login(alice)
    params = start(client, brand)
    code = server.authorize(params)
    callback(client, code=code, state=params["state"])
    replay = callback(client, code=code, state=params["state"])
    assert replay.redirect_chain[-1][0] == reverse("brand-list")
    assert "ne correspond à aucune connexion" in str(list(get_messages(replay.wsgi_request))[-1])
    assert ConnectedAccount.objects.filter(kind="oauthdemo").count() == 1


def test_it_refuses_a_state_started_by_someone_else(
    client: Client, alice: Any, bob: Any, brand: Any, server: AuthorizationServer
) -> None:
    client.force_login(alice)
    params = start(client, brand)
    code = server.authorize(params)
    other = Client()
    other.force_login(bob)
    callback(other, code=code, state=params["state"])
    callback(client, code=code, state="forged-state")
    assert not ConnectedAccount.objects.filter(kind="oauthdemo").exists()
    assert server.token_requests == []


def test_it_says_so_when_the_person_declines(
    client: Client, alice: Any, brand: Any, server: AuthorizationServer
) -> None:
    client.force_login(alice)
    params = start(client, brand)
    response = callback(client, error="access_denied", state=params["state"])
    assert "refusé sur OAuth demo" in str(list(get_messages(response.wsgi_request))[-1])
    assert not ConnectedAccount.objects.filter(kind="oauthdemo").exists()


@pytest.mark.parametrize(("status", "words"), [(503, "injoignable"), (400, "a refusé")])
def test_it_reports_a_failing_token_endpoint(
    client: Client, alice: Any, brand: Any, server: AuthorizationServer, status: int, words: str
) -> None:
    client.force_login(alice)
    params = start(client, brand)
    server.token_status = status
    response = callback(client, code=server.authorize(params), state=params["state"])
    assert words in str(list(get_messages(response.wsgi_request))[-1])
    assert not ConnectedAccount.objects.filter(kind="oauthdemo").exists()


def test_it_rejects_a_wrong_verifier(
    client: Client, alice: Any, brand: Any, server: AuthorizationServer
) -> None:
    client.force_login(alice)
    params = start(client, brand)
    code = server.authorize({**params, "code_challenge": "A" * 43})
    response = callback(client, code=code, state=params["state"])
    assert "PKCE" in str(list(get_messages(response.wsgi_request))[-1])
    assert not ConnectedAccount.objects.filter(kind="oauthdemo").exists()
