"""Links answer (HEAD, then GET), redirects are followed, and UTM tags are there when the brand
requires them. Against a web server on 127.0.0.1 through the SSRF-guarded client."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from portevoix.lib.http import make_client
from portevoix.quality.checks import run_checks
from portevoix.quality.links import check_links
from portevoix.quality.tests.factories import local_site


@pytest.fixture
def site() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    with local_site() as served:
        yield served


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client() as guarded:
        yield guarded


def findings(text: str, client: httpx.Client, **options: object) -> list[tuple[str, str]]:
    return [(f.code, str(f.severity)) for f in check_links(text, client, **options)]  # type: ignore[arg-type]


def test_it_accepts_a_link_that_answers(site, client) -> None:
    base, requests = site
    assert findings(f"Menu : {base}/ok", client) == []
    assert requests == [("HEAD", "/ok")]


def test_it_refuses_a_broken_link_and_says_where_it_is(site, client) -> None:
    base, _requests = site
    text = f"Menu : {base}/missing !"
    [finding] = check_links(text, client)
    assert (finding.code, finding.severity) == ("link.broken", "error")
    assert text[finding.start : finding.end] == f"{base}/missing"
    assert "404" in finding.message


def test_it_follows_redirects(site, client) -> None:
    base, requests = site
    assert findings(f"{base}/moved", client) == []
    assert findings(f"{base}/moved-away", client) == [("link.broken", "error")]
    assert ("HEAD", "/ok") in requests


def test_it_tries_get_when_head_is_refused(site, client) -> None:
    base, requests = site
    assert findings(f"{base}/no-head", client) == []
    assert requests == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_it_warns_when_a_link_is_too_slow(site, client) -> None:
    base, _requests = site
    assert findings(f"{base}/slow", client, timeout=0.3) == [("link.timeout", "warning")]


def test_it_refuses_links_to_private_addresses(client) -> None:
    # The guard refuses before connecting: nothing is sent to 10.0.0.1.
    assert findings("http://10.0.0.1/admin", client) == [("link.private", "error")]


def test_it_checks_each_distinct_link_once(site, client) -> None:
    base, requests = site
    assert findings(f"{base}/ok et encore {base}/ok", client) == []
    assert len(requests) == 1


def test_it_requires_utm_tags_only_when_the_brand_does(site, client) -> None:
    base, _requests = site
    bare = f"{base}/ok?ref=1"
    tagged = f"{base}/ok?utm_source=x&utm_medium=social&utm_campaign=automne"
    assert findings(bare, client) == []
    [finding] = check_links(bare, client, require_utm=True)
    assert finding.code == "link.utm_missing"
    assert "utm_source, utm_medium, utm_campaign" in finding.message
    assert findings(tagged, client, require_utm=True) == []


def test_it_checks_utm_tags_without_the_network() -> None:
    result = run_checks(
        "Nouveau : cafelumiere.ca/automne", "x", require_utm=True, check_links=False, languages=()
    )
    assert [f.code for f in result.findings] == ["link.utm_missing"]
    assert not result.valid
