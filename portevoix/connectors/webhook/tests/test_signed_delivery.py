"""A receiver that verifies with the standardwebhooks library accepts the delivery and refuses
a tampered one; retries resend the same id and bytes; the receiver's answers map to the error
table; a private address is refused before anything is sent."""

from __future__ import annotations

import json

import httpx
import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from portevoix.connectors.base import Draft, Media, PublishState
from portevoix.connectors.errors import AuthExpired, Rejected, Unavailable
from portevoix.connectors.tests.contract import Recorder
from portevoix.connectors.webhook.connector import WebhookConnector, event_body
from portevoix.connectors.webhook.tests import helpers
from portevoix.lib.http import make_client

DRAFT = Draft(
    text="Nouvelle carte d'automne",
    title="Carte",
    media=(
        Media(
            "carte.jpg",
            "image/jpeg",
            10,
            alt_text="La carte",
            public_url="https://media.example.com/carte.jpg",
        ),
    ),
    extra={"brand": "Café Lumière"},
)


def test_a_verifying_receiver_accepts_it_and_refuses_a_tampered_body() -> None:
    with helpers.receiver() as (url, got):
        webhook = WebhookConnector(make_client())  # the SSRF-guarded client (loopback allowed)
        state = PublishState()
        published = webhook.publish(helpers.account(url), DRAFT, "target-7", state)
    ((headers, body),) = got.deliveries
    event = Webhook(helpers.SECRET).verify(body, headers)
    assert event["type"] == "post.published"
    assert event["data"]["brand"] == "Café Lumière"
    assert event["data"]["media"] == [
        {
            "url": "https://media.example.com/carte.jpg",
            "content_type": "image/jpeg",
            "filename": "carte.jpg",
            "alt_text": "La carte",
        }
    ]
    assert headers["webhook-id"] == "target-7"
    assert published.platform_id == "evt_42"
    assert published.url == "https://crm.example.com/posts/42"
    tampered = body.replace(b"automne", b"hiver")
    with pytest.raises(WebhookVerificationError):
        Webhook(helpers.SECRET).verify(tampered, headers)
    other = "whsec_" + "A" * 44
    with pytest.raises(WebhookVerificationError):
        Webhook(other).verify(body, headers)


def test_a_retry_sends_the_same_id_and_bytes() -> None:
    recorder = Recorder(lambda request: httpx.Response(503))
    webhook = WebhookConnector(httpx.Client(transport=httpx.MockTransport(recorder)))
    state = PublishState()
    for _attempt in range(2):
        with pytest.raises(Unavailable):
            webhook.publish(helpers.account(), DRAFT, "target-8", state)
    first, second = recorder.requests
    assert first.content == second.content
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == "target-8"
    assert Webhook(helpers.SECRET).verify(second.content, dict(second.headers))


@pytest.mark.parametrize(
    ("status", "error"), [(410, AuthExpired), (403, AuthExpired), (422, Rejected)]
)
def test_it_maps_the_receivers_answers(status: int, error: type[Exception]) -> None:
    recorder = Recorder(lambda request: httpx.Response(status, json={"message": "non"}))
    webhook = WebhookConnector(httpx.Client(transport=httpx.MockTransport(recorder)))
    with pytest.raises(error):
        webhook.publish(helpers.account(), DRAFT, "k", PublishState())


def test_a_redirect_does_not_count_as_delivered() -> None:
    def platform(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/porte-voix":
            return httpx.Response(302, headers={"Location": "https://hooks.example.com/login"})
        return httpx.Response(200, text="<html>login</html>")

    client = httpx.Client(transport=httpx.MockTransport(platform), follow_redirects=True)
    with pytest.raises(Rejected):
        WebhookConnector(client).publish(helpers.account(), DRAFT, "k", PublishState())


@pytest.mark.parametrize("url", ["http://10.0.0.5/hook", "http://169.254.169.254/latest"])
def test_a_private_address_is_refused(url: str) -> None:
    webhook = WebhookConnector(make_client())
    with pytest.raises(Rejected) as caught:
        webhook.publish(helpers.account(url), DRAFT, "k", PublishState())
    assert "private or reserved" in caught.value.message


def test_lookup_lets_the_receiver_deduplicate() -> None:
    webhook = WebhookConnector(httpx.Client())
    assert webhook.lookup(helpers.account(), "k", PublishState()) is None
    found = webhook.lookup(helpers.account(), "k", PublishState({"platform_id": "evt_1"}))
    assert found is not None and found.platform_id == "evt_1"


def test_the_event_has_the_specifications_shape() -> None:
    spec = helpers.fixture("spec_event.json")
    event = json.loads(event_body(helpers.account(), DRAFT, "k"))
    assert set(event) == set(spec)
    assert event["timestamp"].endswith("Z")


def test_it_connects_with_an_https_url_and_a_whsec_secret() -> None:
    webhook = WebhookConnector(httpx.Client())
    url = "https://hooks.example.com/porte-voix?token=abc"
    account = webhook.connect({"url": url, "secret": helpers.SECRET})
    assert account.handle == "hooks.example.com/porte-voix"
    assert account.base_url == url
    assert account.credentials.access_token == helpers.SECRET
    with pytest.raises(Rejected):
        webhook.connect({"url": "http://hooks.example.com/x", "secret": helpers.SECRET})
    with pytest.raises(Rejected):
        webhook.connect({"url": url, "secret": "whsec_c2hvcnQ="})  # 5 bytes
