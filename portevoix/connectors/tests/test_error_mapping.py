"""HTTP answers and transport failures map to the errors of connectors.md's table."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portevoix.connectors import http as connector_http
from portevoix.connectors.errors import (
    AuthExpired,
    OutcomeUnknown,
    RateLimited,
    Rejected,
    Unavailable,
)


def client(handler: object) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, AuthExpired),
        (429, RateLimited),
        (500, Unavailable),
        (503, Unavailable),
        (400, Rejected),
        (422, Rejected),
        (403, Rejected),
    ],
)
def test_it_maps_statuses(status: int, error: type[Exception]) -> None:
    c = client(lambda r: httpx.Response(status, json={"error": "nope"}))
    with pytest.raises(error):
        connector_http.request(c, "POST", "https://platform.test/posts")


def test_it_keeps_the_platforms_message() -> None:
    body = {"errors": [{"message": "Status is over 500 characters"}]}
    c = client(lambda r: httpx.Response(422, json=body))
    with pytest.raises(Rejected) as caught:
        connector_http.request(c, "POST", "https://platform.test/posts")
    assert caught.value.message == "Status is over 500 characters"


def test_it_reads_retry_after_in_seconds_dates_and_reset_epochs() -> None:
    now = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
    seconds = httpx.Response(429, headers={"Retry-After": "30"})
    date = httpx.Response(429, headers={"Retry-After": "Tue, 01 Dec 2026 12:01:00 GMT"})
    epoch = httpx.Response(429, headers={"x-rate-limit-reset": str(int(now.timestamp()) + 90)})
    assert connector_http.retry_after_seconds(seconds, now) == 30
    assert connector_http.retry_after_seconds(date, now) == 60
    assert connector_http.retry_after_seconds(epoch, now) == 90


def test_it_calls_a_refused_connection_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(Unavailable):
        connector_http.request(client(refuse), "POST", "https://platform.test/posts")


def test_it_calls_a_lost_answer_to_a_post_unknown_but_to_a_read_unavailable() -> None:
    def lose(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    with pytest.raises(OutcomeUnknown):
        connector_http.request(client(lose), "POST", "https://platform.test/posts")
    with pytest.raises(Unavailable):
        connector_http.request(client(lose), "GET", "https://platform.test/posts/1")
