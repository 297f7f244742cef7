"""A real Mastodon-API server for the e2e tests: `mastodon_mock` (PyPI mastodon-mock, a dev
dependency), started once per test session on a free loopback port. It takes ~3-4 s to start
on this machine, so the tests that use it are marked e2e (`pytest -m e2e`)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def mastodon_server() -> Iterator[str]:
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("mastodon_mock")),
        "serve",
        "--in-memory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        # Generous: on a loaded machine the mock's imports alone take several seconds.
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/api/v2/instance", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                # Killed first: communicate() on a live server would wait for ever.
                process.kill()
                raise RuntimeError(f"mastodon_mock did not start: {process.communicate()[1]!r}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def new_user_token(base: str, name: str) -> str:
    """Sign up a user the way Mastodon's API does: an app, its client-credentials token, then
    POST /api/v1/accounts, which answers with the new user's token."""
    app = httpx.post(
        f"{base}/api/v1/apps",
        json={
            "client_name": "pv-tests",
            "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
            "scopes": "read write",
        },
    ).json()
    app_token = httpx.post(
        f"{base}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "scope": "read write",
        },
    ).json()["access_token"]
    username = f"{name}{uuid.uuid4().hex[:6]}"
    signed_up = httpx.post(
        f"{base}/api/v1/accounts",
        headers={"Authorization": f"Bearer {app_token}"},
        data={
            "username": username,
            "email": f"{username}@example.com",
            "password": "hunter2hunter2",
            "agreement": "true",
            "locale": "fr",
        },
    )
    signed_up.raise_for_status()
    return str(signed_up.json()["access_token"])
