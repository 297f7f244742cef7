"""Builders for the quality tests: media items, images, a local web server."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from PIL import Image

from portevoix.connectors.base import Media

DATA = Path(__file__).parent / "data"


def make_image(format: str = "PNG", size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=format)
    return buffer.getvalue()


def make_media(**overrides: Any) -> Media:
    values: dict[str, Any] = {
        "filename": "photo.jpg",
        "content_type": "image/jpeg",
        "size": 200_000,
        "width": 1080,
        "height": 1080,
    }
    values.update(overrides)
    return Media(**values)


def make_video(**overrides: Any) -> Media:
    values: dict[str, Any] = {
        "filename": "clip.mp4",
        "content_type": "video/mp4",
        "size": 20_000_000,
        "duration": 30.0,
    }
    values.update(overrides)
    return Media(**values)


class Site(BaseHTTPRequestHandler):
    """/ok → 200, /missing → 404, /moved → /ok, /moved-away → /missing, /slow → waits,
    /no-head → 405 to HEAD and 200 to GET. Records every request as (method, path)."""

    requests: list[tuple[str, str]]

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    def answer(self) -> None:
        self.requests.append((self.command, self.path))
        path = self.path.split("?")[0]
        if path == "/slow":
            time.sleep(1.5)
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/moved-away":
            self.send_response(302)
            self.send_header("Location", "/missing")
        elif path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif path in ("/ok", "/slow", "/no-head"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = answer
    do_GET = answer


@contextmanager
def local_site() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A web server on 127.0.0.1 (a free port); yields its base URL and its request log."""
    requests: list[tuple[str, str]] = []
    handler = type("RecordingSite", (Site,), {"requests": requests})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
