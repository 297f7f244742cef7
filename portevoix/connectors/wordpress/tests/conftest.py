"""A real WordPress for the e2e tests.

Uses `PORTEVOIX_E2E_WORDPRESS_URL` + `PORTEVOIX_E2E_WORDPRESS_PASSWORD` (an application
password; user `PORTEVOIX_E2E_WORDPRESS_USER`, default admin) when they are set. Otherwise, when
the e2e tests were asked for (`-m e2e`), it starts `shared/tools/local-servers/wordpress-local.sh`
(root; the first start installs Debian's wordpress and mariadb-server, ≈1 min; then ≈7 s) and
stops it at the end if it started it. Without either, the tests are skipped."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[4]


@dataclass(frozen=True)
class Site:
    url: str
    user: str
    password: str


def script() -> Path:
    configured = os.environ.get("PORTEVOIX_E2E_WORDPRESS_SCRIPT")
    if configured:
        return Path(configured)
    for shared in (REPO.parent / "shared", Path("/work/shared")):
        candidate = shared / "tools/local-servers/wordpress-local.sh"
        if candidate.exists():
            return candidate
    return Path("wordpress-local.sh")


def answering(url: str) -> bool:
    try:
        return httpx.get(url, params={"rest_route": "/"}, timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture(scope="session")
def wordpress_site(request: pytest.FixtureRequest) -> Iterator[Site]:
    url = os.environ.get("PORTEVOIX_E2E_WORDPRESS_URL")
    password = os.environ.get("PORTEVOIX_E2E_WORDPRESS_PASSWORD")
    if url and password:
        yield Site(
            url.rstrip("/"), os.environ.get("PORTEVOIX_E2E_WORDPRESS_USER", "admin"), password
        )
        return
    if "e2e" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("WordPress e2e: run with -m e2e, or set PORTEVOIX_E2E_WORDPRESS_URL/_PASSWORD")
    path = script()
    if not path.exists() or os.geteuid() != 0:
        pytest.skip(f"WordPress e2e: needs root and {path}")
    was_running = answering("http://127.0.0.1:8080/")
    done = subprocess.run(
        ["bash", str(path), "start"], capture_output=True, text=True, timeout=600, check=False
    )
    ready = [line for line in done.stdout.splitlines() if line.startswith("READY ")]
    if not ready:
        pytest.fail(f"wordpress-local.sh did not start: {done.stdout[-500:]} {done.stderr[-500:]}")
    _ready, base, user, app_password = ready[-1].split()
    try:
        yield Site(base, user, app_password)
    finally:
        if not was_running:
            subprocess.run(
                ["bash", str(path), "stop"], capture_output=True, timeout=60, check=False
            )
