"""The one factory for outgoing HTTP: timeouts, a size cap, retries for connection failures only,
and a guard against server-side request forgery (SSRF).

Every connector and fetcher takes its client from `make_client()`. A user can type any URL (a
feed, a link in a post, a webhook): without the guard, `http://169.254.169.254/` or
`http://10.0.0.5/admin` would be fetched from inside the deployment. The guard resolves the host
itself, refuses the request when any address is private, loopback, link-local, multicast or
reserved, and then connects to the address it checked (the URL's host is kept for the Host header
and TLS SNI), so a DNS answer that changes between the check and the connection (rebinding)
cannot slip through. Redirects are followed by the client one hop at a time, and every hop goes
through the guard again.

Tests run their servers on 127.0.0.1: `settings.PORTEVOIX_HTTP_ALLOW_LOOPBACK` (on in the test
settings only) lets loopback through; private ranges stay refused even then.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import httpx

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
USER_AGENT = "Porte-voix/0.1 (+https://github.com/porte-voix)"
# A feed, a page or an API answer larger than this is refused rather than read into memory.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class BlockedAddress(httpx.TransportError):
    """The URL resolves to an address that a user-supplied URL may not reach."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, a private or reserved address")
        self.host = host
        self.address = address


class ResponseTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"response larger than {limit} bytes")
        self.limit = limit


def _allow_loopback() -> bool:
    from django.conf import settings

    return bool(getattr(settings, "PORTEVOIX_HTTP_ALLOW_LOOPBACK", False))


def address_is_public(address: str, *, allow_loopback: bool = False) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return allow_loopback
    return not (
        ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"))
    )


def resolve_public(host: str, port: int, *, allow_loopback: bool = False) -> str:
    """The first address of `host`, once every address it resolves to has been checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpx.ConnectError(f"cannot resolve {host}: {exc}") from exc
    addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        if not address_is_public(address, allow_loopback=allow_loopback):
            raise BlockedAddress(host, address)
    return addresses[0]


class GuardedTransport(httpx.BaseTransport):
    """Checks where each request goes, then sends it to the checked address."""

    def __init__(self, inner: httpx.BaseTransport, *, allow_loopback: bool | None = None) -> None:
        self.inner = inner
        self.allow_loopback = _allow_loopback() if allow_loopback is None else allow_loopback

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if request.url.scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"scheme {request.url.scheme!r} is not allowed")
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        address = resolve_public(host, port, allow_loopback=self.allow_loopback)
        if address == host:
            return self.inner.handle_request(request)
        # Connect to the checked address; the Host header stays (httpx set it from the URL) and
        # TLS still verifies the certificate for the name, through SNI. A copy of the request, so
        # that the client builds redirects from the original URL.
        pinned = httpx.Request(
            request.method,
            request.url.copy_with(host=address),
            headers=request.headers,
            stream=request.stream,
            extensions={**request.extensions, "sni_hostname": host},
        )
        return self.inner.handle_request(pinned)

    def close(self) -> None:
        self.inner.close()


def make_client(
    *,
    guard: bool = True,
    timeout: httpx.Timeout | float | None = None,
    follow_redirects: bool = True,
    max_redirects: int = 5,
    transport: httpx.BaseTransport | None = None,
    headers: dict[str, str] | None = None,
    **kwargs: Any,
) -> httpx.Client:
    """An httpx client for talking to the outside world.

    `guard=False` is for the operator's own configured endpoints only (never a URL a user typed).
    `transport` lets tests inject `httpx.MockTransport`; the guard then does not apply, since
    nothing leaves the process.
    """
    if transport is None:
        # retries=2 re-tries connection failures only: nothing was sent, so it is always safe.
        transport = httpx.HTTPTransport(retries=2)
        if guard:
            transport = GuardedTransport(transport)
    return httpx.Client(
        transport=transport,
        timeout=timeout if timeout is not None else DEFAULT_TIMEOUT,
        follow_redirects=follow_redirects,
        max_redirects=max_redirects,
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        **kwargs,
    )


def read_capped(response: httpx.Response, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The body of a streamed response, refusing it as soon as it passes `max_bytes`."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ResponseTooLarge(max_bytes)
    chunks: list[bytes] = []
    size = 0
    for chunk in _iter_bytes(response):
        size += len(chunk)
        if size > max_bytes:
            raise ResponseTooLarge(max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _iter_bytes(response: httpx.Response) -> Iterator[bytes]:
    yield from response.iter_bytes(chunk_size=64 * 1024)
