"""The contract every connector passes (django-allauth's OAuth2TestsMixin, for platforms).

A connector's test module subclasses `ConnectorContract` and fills in:
- `kind`;
- `account()`: a connected `Account` with credentials;
- `platform(request)`: the platform's happy-path answers, built from payloads copied from its
  official documentation (JSON fixtures next to the tests) — an `httpx.MockTransport` handler;
- `is_create(request)`: True for the request that creates the post (the one whose failure
  after sending leaves the outcome unknown);
- optionally `error_body(status)` (the platform's documented error payload) and
  `assert_published(published, requests)` to check the outgoing calls (URL, method, headers,
  body) on top of what the contract checks.

The shared tests below then prove the error table of connectors.md for that connector: 401 →
AuthExpired, 429 → RateLimited with its wait, 5xx → Unavailable, a 4xx content error → Rejected
with the platform's message, a refused connection → Unavailable, a timeout after sending →
OutcomeUnknown, and the platform id checkpointed in the publish state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import httpx
import pytest

from portevoix.connectors import registry
from portevoix.connectors.base import Account, Connector, Draft, Published, PublishState
from portevoix.connectors.errors import (
    AuthExpired,
    OutcomeUnknown,
    RateLimited,
    Rejected,
    Unavailable,
)

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that keeps every request it saw."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.handler(request)


class ConnectorContract:
    kind: ClassVar[str]
    settings: ClassVar[dict[str, Any]] = {}
    rejected_status: ClassVar[int] = 400

    # -- to fill in --------------------------------------------------------------------------
    def account(self) -> Account:
        raise NotImplementedError

    def platform(self, request: httpx.Request) -> httpx.Response:
        raise NotImplementedError

    def is_create(self, request: httpx.Request) -> bool:
        raise NotImplementedError

    def draft(self) -> Draft:
        return Draft(text="Bonjour de Porte-voix ! Nouvelle carte d'automne au café.")

    def error_body(self, status: int) -> dict[str, Any]:
        return {"error": f"HTTP {status}", "message": "Le texte est refusé (documented error)"}

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        """Override to check the outgoing requests against the platform's documentation."""

    # -- helpers -----------------------------------------------------------------------------
    def connector(self, handler: Handler) -> tuple[Connector, Recorder]:
        recorder = Recorder(handler)
        client = httpx.Client(transport=httpx.MockTransport(recorder))
        return registry.connector_class(self.kind)(client, dict(self.settings)), recorder

    def failing_on_create(self, make: Callable[[httpx.Request], httpx.Response]) -> Handler:
        def handler(request: httpx.Request) -> httpx.Response:
            return make(request) if self.is_create(request) else self.platform(request)

        return handler

    def publish(self, handler: Handler) -> tuple[Published, PublishState, Recorder]:
        connector, recorder = self.connector(handler)
        state = PublishState()
        published = connector.publish(self.account(), self.draft(), "target-42", state)
        return published, state, recorder

    # -- the contract ------------------------------------------------------------------------
    def test_it_is_in_the_registry(self) -> None:
        cls = registry.connector_class(self.kind)
        assert cls.kind == self.kind
        assert str(cls.label)

    def test_it_publishes_and_checkpoints_the_platform_id(self) -> None:
        published, state, recorder = self.publish(self.platform)
        assert published.platform_id
        assert state.get("platform_id") == published.platform_id
        assert any(self.is_create(r) for r in recorder.requests)
        self.assert_published(published, recorder.requests)

    def test_it_maps_401_to_auth_expired(self) -> None:
        handler = self.failing_on_create(lambda r: httpx.Response(401, json=self.error_body(401)))
        with pytest.raises(AuthExpired):
            self.publish(handler)

    def test_it_maps_429_to_rate_limited_with_the_wait(self) -> None:
        handler = self.failing_on_create(
            lambda r: httpx.Response(429, json=self.error_body(429), headers={"Retry-After": "120"})
        )
        with pytest.raises(RateLimited) as caught:
            self.publish(handler)
        assert caught.value.retry_after == 120

    def test_it_maps_5xx_to_unavailable(self) -> None:
        handler = self.failing_on_create(lambda r: httpx.Response(503, json=self.error_body(503)))
        with pytest.raises(Unavailable):
            self.publish(handler)

    def test_it_maps_a_content_error_to_rejected_with_the_platforms_message(self) -> None:
        body = self.error_body(self.rejected_status)
        handler = self.failing_on_create(lambda r: httpx.Response(self.rejected_status, json=body))
        with pytest.raises(Rejected) as caught:
            self.publish(handler)
        assert caught.value.message
        assert caught.value.message in str(body)

    def test_it_maps_a_refused_connection_to_unavailable(self) -> None:
        def refuse(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("connection refused", request=request)

        with pytest.raises(Unavailable):
            self.publish(self.failing_on_create(refuse))

    def test_it_maps_a_timeout_after_sending_to_outcome_unknown(self) -> None:
        def lose_answer(request: httpx.Request) -> httpx.Response:
            raise httpx.ReadTimeout("no answer", request=request)

        with pytest.raises(OutcomeUnknown):
            self.publish(self.failing_on_create(lose_answer))
