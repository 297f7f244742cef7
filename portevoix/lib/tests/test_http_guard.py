"""The SSRF guard: private and reserved addresses are refused, loopback only where allowed, and
every redirect hop is checked again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from portevoix.lib.http import (
    BlockedAddress,
    ResponseTooLarge,
    address_is_public,
    make_client,
    read_capped,
)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        if self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://10.1.2.3/admin")
            self.end_headers()
            return
        body = b"x" * (2048 if self.path == "/big" else 5)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Host-Seen", self.headers.get("Host", ""))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",  # noqa: S104 (an address to refuse, not one to bind)
        "::ffff:10.0.0.1",
        "fd00::1",
        "fe80::1",
        "100.64.0.1",
        "224.0.0.1",
    ],
)
def test_it_refuses_private_and_reserved_addresses(address: str) -> None:
    assert not address_is_public(address, allow_loopback=True)


def test_it_accepts_public_addresses() -> None:
    assert address_is_public("93.184.216.34")
    assert address_is_public("2606:2800:220:1:248:1893:25c8:1946")


def test_it_refuses_loopback_unless_allowed(server: str, settings: object) -> None:
    settings.PORTEVOIX_HTTP_ALLOW_LOOPBACK = False  # type: ignore[attr-defined]
    with make_client() as client, pytest.raises(BlockedAddress):
        client.get(server + "/")
    settings.PORTEVOIX_HTTP_ALLOW_LOOPBACK = True  # type: ignore[attr-defined]
    with make_client() as client:
        assert client.get(server + "/").status_code == 200


def test_it_keeps_the_host_header_when_pinning_the_address(server: str) -> None:
    url = server.replace("127.0.0.1", "localhost")
    with make_client() as client:
        response = client.get(url + "/")
    assert response.headers["X-Host-Seen"].startswith("localhost:")


@pytest.mark.parametrize("path", ["/to-metadata", "/to-private"])
def test_it_checks_every_redirect_hop(server: str, path: str) -> None:
    with make_client() as client, pytest.raises(BlockedAddress):
        client.get(server + path)


def test_it_refuses_other_schemes() -> None:
    with make_client() as client, pytest.raises(httpx.UnsupportedProtocol):
        client.get("file:///etc/passwd")


def test_it_caps_the_size_it_reads(server: str) -> None:
    with (
        make_client() as client,
        client.stream("GET", server + "/big") as response,
        pytest.raises(ResponseTooLarge),
    ):
        read_capped(response, max_bytes=1024)
    with make_client() as client, client.stream("GET", server + "/") as response:
        assert read_capped(response, max_bytes=1024) == b"xxxxx"
