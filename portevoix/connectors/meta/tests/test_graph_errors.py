"""Graph error bodies map to the scheduler's errors by their code, not by the HTTP status (a
revoked token is a 400 with code 190; a Page rate limit is a 400 with code 32)."""

from __future__ import annotations

import httpx
import pytest

from portevoix.connectors.errors import (
    AuthExpired,
    ConnectorError,
    QuotaExceeded,
    RateLimited,
    Rejected,
    Unavailable,
)
from portevoix.connectors.meta.graph import ContainerExpired, graph
from portevoix.connectors.meta.tests.factories import graph_error


def call(response: httpx.Response) -> None:
    client = httpx.Client(transport=httpx.MockTransport(lambda request: response))
    graph(client, "POST", "https://graph.facebook.com/v24.0/123/feed", data={"message": "a"})


@pytest.mark.parametrize(
    ("fixture", "status", "error"),
    [
        ("error_190_expired.json", 400, AuthExpired),
        ("error_200_permission.json", 403, AuthExpired),
        ("error_4_app_rate_limit.json", 400, RateLimited),
        ("error_32_page_rate_limit.json", 400, RateLimited),
        ("error_2_service.json", 500, Unavailable),
        ("error_368_policy.json", 400, Rejected),
        ("error_100_invalid_parameter.json", 400, Rejected),
        ("error_9_instagram_daily_limit.json", 400, QuotaExceeded),
        ("error_9007_media_not_ready.json", 400, Unavailable),
        ("error_2207020_media_expired.json", 400, ContainerExpired),
    ],
)
def test_it_maps_graph_codes(fixture: str, status: int, error: type[ConnectorError]) -> None:
    with pytest.raises(error) as caught:
        call(graph_error(fixture, status))
    assert caught.value.message
    assert caught.value.status == status


def test_it_shows_the_user_message_of_a_policy_block() -> None:
    with pytest.raises(Rejected) as caught:
        call(graph_error("error_368_policy.json"))
    assert "temporarily blocked" in caught.value.message


def test_it_reads_the_business_use_case_wait() -> None:
    response = graph_error("error_32_page_rate_limit.json")
    response.headers["X-Business-Use-Case-Usage"] = (
        '{"1234567890": [{"type": "pages", "call_count": 100, "total_cputime": 20,'
        ' "total_time": 30, "estimated_time_to_regain_access": 7}]}'
    )
    with pytest.raises(RateLimited) as caught:
        call(response)
    assert caught.value.retry_after == 7 * 60


def test_it_lets_a_non_graph_error_fall_to_the_status() -> None:
    with pytest.raises(Unavailable):
        call(httpx.Response(502, text="<html>Bad gateway</html>"))
