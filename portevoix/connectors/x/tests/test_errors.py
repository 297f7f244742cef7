"""X's own answers: a duplicate is refused for good, spent credits and usage caps are quotas,
a used refresh token means reconnecting."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.errors import AuthExpired, QuotaExceeded, RateLimited, Rejected
from portevoix.connectors.x.connector import XConnector
from portevoix.connectors.x.tests.factories import fixture, make_x_account


def publish_answered(response: httpx.Response) -> None:
    client = httpx.Client(transport=httpx.MockTransport(lambda request: response))
    XConnector(client).publish(make_x_account(), Draft(text="a"), "t", PublishState())


def test_it_rejects_duplicate_content_with_xs_words() -> None:
    with pytest.raises(Rejected) as caught:
        publish_answered(httpx.Response(403, json=fixture("error_duplicate.json")))
    assert caught.value.message == "You are not allowed to create a Tweet with duplicate content."


def test_it_calls_spent_credits_and_usage_caps_quotas() -> None:
    with pytest.raises(QuotaExceeded):
        publish_answered(httpx.Response(402, json=fixture("error_credits_depleted.json")))
    with pytest.raises(QuotaExceeded):
        publish_answered(httpx.Response(429, json=fixture("error_usage_capped.json")))


def test_it_reads_the_24_hour_post_limit_reset() -> None:
    reset = int(dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC).timestamp())
    headers = {"x-user-limit-24hour-remaining": "0", "x-user-limit-24hour-reset": str(reset)}
    with pytest.raises(QuotaExceeded) as caught:
        publish_answered(
            httpx.Response(429, json=fixture("error_too_many_requests.json"), headers=headers)
        )
    assert caught.value.reset_at == dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


def test_it_waits_until_the_15_minute_window_resets() -> None:
    reset = int(dt.datetime.now(dt.UTC).timestamp()) + 300
    response = httpx.Response(
        429,
        json=fixture("error_too_many_requests.json"),
        headers={"x-rate-limit-reset": str(reset)},
    )
    with pytest.raises(RateLimited) as caught:
        publish_answered(response)
    assert caught.value.retry_after is not None
    assert 290 <= caught.value.retry_after <= 300


def test_it_calls_a_refused_refresh_token_auth_expired() -> None:
    client = httpx.Client(
        transport=httpx.MockTransport(
            lambda r: httpx.Response(400, json=fixture("error_token_invalid.json"))
        )
    )
    with pytest.raises(AuthExpired):
        XConnector(client, {"client_id": "app"}).refresh_credentials(make_x_account())
