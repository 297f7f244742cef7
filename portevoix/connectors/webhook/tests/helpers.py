"""A webhook receiver account and a receiver that verifies like a real one."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from portevoix.connectors.base import Account, Credentials

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = (FIXTURES / "spec_secret.txt").read_text().strip()


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def account(url: str = "https://hooks.example.com/porte-voix") -> Account:
    return Account(
        kind="webhook",
        handle="hooks.example.com/porte-voix",
        external_id="x",
        base_url=url,
        credentials=Credentials(access_token=SECRET),
    )


class Receiver:
    """What a loopback receiver got: (headers, body) per delivery."""

    def __init__(self) -> None:
        self.deliveries: list[tuple[dict[str, str], bytes]] = []
        self.status = 200
        self.answer = b'{"id": "evt_42", "url": "https://crm.example.com/posts/42"}'


@contextmanager
def receiver() -> Iterator[tuple[str, Receiver]]:
    got = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.deliveries.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(got.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(got.answer)))
            self.end_headers()
            self.wfile.write(got.answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", got
    finally:
        server.shutdown()
        server.server_close()
