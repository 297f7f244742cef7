"""Connecting a LinkedIn Page: after the OAuth flow the connect page lists the member and the
Pages they administer; the choice becomes the connected account (its URN, its name), the token
waiting in the session meanwhile encrypted, for the person who started the flow only, once.
Connecting the same Page again updates its account (the 60-day token is renewed that way)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from portevoix.connectors import actions, oauth, registry
from portevoix.connectors.linkedin.tests.factories import MEMBER, ORG_SETTINGS, FakeLinkedIn
from portevoix.connectors.models import ConnectedAccount


@pytest.fixture
def linkedin(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[FakeLinkedIn]:
    fake = FakeLinkedIn()
    settings.PORTEVOIX_CONNECTORS = {**settings.PORTEVOIX_CONNECTORS, "linkedin": ORG_SETTINGS}
    monkeypatch.setattr(
        actions, "make_client", lambda: httpx.Client(transport=httpx.MockTransport(fake))
    )
    registry.connector_class.cache_clear()
    yield fake
    registry.connector_class.cache_clear()


def sign_in(client: Client, brand: Any) -> Any:
    """Start the flow, come back with a code; the answer of the callback, followed."""
    started = client.get(reverse("connectors:connect", args=[brand.pk, "linkedin"]))
    state = parse_qs(urlsplit(started["Location"]).query)["state"][0]
    return client.get(reverse("connectors_oauth:callback"), {"code": "c0de", "state": state})


def choose(client: Client, response: Any, identity: str) -> Any:
    return client.post(
        response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"],
        {"identity": identity},
        follow=True,
    )


def test_it_connects_the_page_the_person_chooses(
    client: Client, alice: Any, brand: Any, linkedin: FakeLinkedIn
) -> None:
    client.force_login(alice)
    callback = sign_in(client, brand)
    assert callback.status_code == 302
    page = client.get(callback["Location"])
    html = page.content.decode()
    assert "Marie Tremblay (profil)" in html
    assert "Devtestco (Page)" in html
    assert "Café Lumière (Page)" in html
    assert not ConnectedAccount.objects.filter(kind="linkedin").exists()  # nothing before a choice
    waiting = str(client.session[oauth.PENDING_KEY])
    assert "AQUvlL_DYEzvT2wz1QJiEPeLioeA" not in waiting  # the token waits encrypted
    done = choose(client, page, "urn:li:organization:5515715")
    assert done.redirect_chain[-1][0] == reverse("connectors:list", args=[brand.pk])
    connected = ConnectedAccount.objects.get(brand=brand, kind="linkedin")
    assert (connected.label, connected.external_id) == (
        "Café Lumière",
        "urn:li:organization:5515715",
    )
    assert connected.config["organization_id"] == "5515715"
    assert connected.credentials.access_token == "AQUvlL_DYEzvT2wz1QJiEPeLioeA"
    assert connected.hard_expires_at is not None  # no refresh token: 60 days, then log in again
    assert oauth.PENDING_KEY not in client.session or not client.session[oauth.PENDING_KEY]


def test_it_connects_the_member_themself_too(
    client: Client, alice: Any, brand: Any, linkedin: FakeLinkedIn
) -> None:
    client.force_login(alice)
    page = client.get(sign_in(client, brand)["Location"])
    choose(client, page, MEMBER)
    connected = ConnectedAccount.objects.get(brand=brand, kind="linkedin")
    assert (connected.label, connected.external_id) == ("Marie Tremblay", MEMBER)
    assert "organization_id" not in connected.config


def test_it_renews_a_page_connected_before(
    client: Client, alice: Any, brand: Any, linkedin: FakeLinkedIn
) -> None:
    client.force_login(alice)
    for _ in range(2):
        choose(
            client, client.get(sign_in(client, brand)["Location"]), "urn:li:organization:2414183"
        )
    assert ConnectedAccount.objects.filter(brand=brand, kind="linkedin").count() == 1


def test_it_refuses_a_choice_outside_the_list(
    client: Client, alice: Any, brand: Any, linkedin: FakeLinkedIn
) -> None:
    client.force_login(alice)
    page = client.get(sign_in(client, brand)["Location"])
    refused = choose(client, page, "urn:li:organization:5583111")  # an analyst role
    assert refused.status_code == 200
    assert not ConnectedAccount.objects.filter(kind="linkedin").exists()


def test_it_keeps_the_choice_for_the_person_who_signed_in(
    client: Client, alice: Any, bob: Any, brand: Any, linkedin: FakeLinkedIn
) -> None:
    client.force_login(alice)
    page = client.get(sign_in(client, brand)["Location"])
    other = Client()
    other.force_login(bob)
    answer = other.post(
        page.request["PATH_INFO"] + "?" + page.request["QUERY_STRING"],
        {"identity": MEMBER},
        follow=True,
    )
    assert answer.redirect_chain[-1][0] == reverse("brand-list")
    assert "ne correspond à aucune connexion" in str(list(get_messages(answer.wsgi_request))[-1])
    assert not ConnectedAccount.objects.filter(kind="linkedin").exists()
