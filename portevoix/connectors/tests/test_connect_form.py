"""The connect form of a platform without OAuth: built from its fields, checked against the
platform, saved encrypted; a refusal is shown in the person's language and the secret typed
is never sent back in the page."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from django.test import Client
from django.urls import reverse

from portevoix.connectors import actions
from portevoix.connectors.bluesky.tests.platform import DID, Pds, xrpc_error
from portevoix.connectors.models import AccountStatus, ConnectedAccount

SECRET = "abcd-efgh-ijkl-mnop"


def platform(monkeypatch: pytest.MonkeyPatch, handler: Any) -> None:
    monkeypatch.setattr(
        actions, "make_client", lambda: httpx.Client(transport=httpx.MockTransport(handler))
    )


def post(client: Client, brand: Any, **fields: str) -> Any:
    url = reverse("connectors:connect", args=[brand.pk, "bluesky"])
    return client.post(
        url, {"handle": "cafe-lumiere.bsky.social", "app_password": SECRET, **fields}
    )


def test_it_shows_the_platforms_fields_with_the_secret_as_a_password(
    client: Client, alice: Any, brand: Any
) -> None:
    client.force_login(alice)
    page = client.get(reverse("connectors:connect", args=[brand.pk, "bluesky"])).content.decode()
    assert 'name="handle"' in page
    assert 'type="password" name="app_password"' in page
    assert 'name="pds_url"' in page


def test_it_connects_an_account_the_platform_accepts(
    client: Client, alice: Any, brand: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    platform(monkeypatch, Pds())
    client.force_login(alice)
    response = post(client, brand, label="Café Lumière (Bluesky)")
    assert response.status_code == 302
    connected = ConnectedAccount.objects.get(brand=brand, kind="bluesky")
    assert connected.external_id == DID
    assert connected.label == "Café Lumière (Bluesky)"
    assert connected.hard_expires_at is not None
    assert SECRET not in connected.secrets
    assert SECRET not in str(connected.credentials.to_dict())


def test_it_shows_a_refusal_in_french_without_echoing_the_secret(
    client: Client, alice: Any, brand: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    platform(monkeypatch, lambda r: xrpc_error(401, "AuthenticationRequired"))
    client.force_login(alice)
    response = post(client, brand)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bluesky a refusé ces identifiants" in page  # alice reads French
    assert "Invalid identifier or password" in page
    assert SECRET not in page
    assert "cafe-lumiere.bsky.social" in page  # what is not secret stays as typed
    assert not ConnectedAccount.objects.filter(kind="bluesky").exists()


def test_it_says_when_the_platform_cannot_be_reached(
    client: Client, alice: Any, brand: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    platform(monkeypatch, refuse)
    client.force_login(alice)
    page = post(client, brand).content.decode()
    assert "Bluesky est injoignable" in page


def test_it_reconnects_the_same_account(
    client: Client, alice: Any, brand: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    platform(monkeypatch, Pds())
    client.force_login(alice)
    post(client, brand)
    connected = ConnectedAccount.objects.get(kind="bluesky")
    actions.mark_needs_reconnect(connected, "InvalidToken: revoked")
    form = client.get(
        reverse("connectors:connect", args=[brand.pk, "bluesky"]) + f"?account={connected.pk}"
    ).content.decode()
    assert 'value="cafe-lumiere.bsky.social"' in form
    post(client, brand)
    connected.refresh_from_db()
    assert ConnectedAccount.objects.filter(kind="bluesky").count() == 1
    assert connected.status == AccountStatus.ACTIVE
    assert connected.last_error == ""


def test_it_disconnects_on_post_only_and_erases_the_secrets(
    client: Client, alice: Any, brand: Any
) -> None:
    from portevoix.connectors.tests.factories import make_account

    connected = make_account(brand)
    client.force_login(alice)
    url = reverse("connectors:disconnect", args=[brand.pk, connected.pk])
    assert client.get(url).status_code == 200
    connected.refresh_from_db()
    assert connected.status == AccountStatus.ACTIVE
    assert client.post(url).status_code == 302
    connected.refresh_from_db()
    assert (connected.status, connected.secrets) == (AccountStatus.DISCONNECTED, "")
