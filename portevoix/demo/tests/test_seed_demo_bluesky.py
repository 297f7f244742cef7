"""Without a local Bluesky network, seed-demo says so in one line and seeds the rest; it never
looks beyond this machine. (With one, see test_demo_bluesky_e2e.py, run by make test-e2e.)"""

from __future__ import annotations

import io
import socket
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from portevoix.accounts.models import Brand
from portevoix.connectors.models import ConnectedAccount
from portevoix.demo.bluesky import seed_bluesky
from portevoix.listening.models import SourceKind


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_it_says_in_one_line_that_no_network_answers_and_seeds_the_rest(
    db: None, settings: Any
) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    settings.PORTEVOIX_DEMO_BLUESKY_URL = url
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if "Bluesky" in line]
    assert lines == [
        f"Local Bluesky network not used: no local Bluesky network answers at {url}. The demo "
        "listens to its feed only (bash ../shared/tools/local-servers/atproto-local.sh "
        "start-full, then seed-demo)."
    ]
    assert out.getvalue().rstrip().splitlines()[-1].startswith("Demo ready")
    brand = Brand.objects.get()
    assert list(brand.sources.values_list("kind", flat=True)) == [SourceKind.FEED]
    assert not ConnectedAccount.objects.exists()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://bsky.social", "https://bsky.social is not a loopback address"),
        ("http://10.0.0.5:2583", "http://10.0.0.5:2583 is not a loopback address"),
        ("off", "Local Bluesky network: off"),
    ],
)
def test_it_never_looks_beyond_this_machine(
    brand: Brand, alice: Any, settings: Any, url: str, reason: str
) -> None:
    settings.PORTEVOIX_DEMO_BLUESKY_URL = url
    # No request leaves: the socket guard of the test run would fail it, and none is made.
    assert reason in seed_bluesky(alice, brand)
    assert not brand.sources.exists()


def test_it_needs_loopback_addresses_allowed(brand: Brand, alice: Any, settings: Any) -> None:
    settings.PORTEVOIX_HTTP_ALLOW_LOOPBACK = False
    line = seed_bluesky(alice, brand, "http://localhost:2583")
    assert "loopback addresses are refused here (set PORTEVOIX_DEBUG=1" in line


def test_demo_bluesky_needs_the_demo_brand(db: None) -> None:
    with pytest.raises(CommandError, match="run `portevoix seed-demo` first"):
        call_command("demo_bluesky", "--post", "1")
