"""A local feed server for the tests: good feeds (RSS and Atom, with ETag and Last-Modified),
and every kind of bad one (500, invalid XML, 50 MB, a trickle, a redirect to a private address)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Le Devoir — Montréal</title><link>https://news.test/</link>
<description>Actualités</description>
{items}
</channel></rss>"""
RSS_ITEM = """<item><title>{title}</title><link>{link}</link><guid>{link}</guid>
<pubDate>Tue, 01 Dec 2026 10:{minute:02d}:00 GMT</pubDate><author>{author}</author>
<description><![CDATA[<p>{text}</p>]]></description></item>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blogue du Plateau</title><id>urn:blog</id>
<updated>2026-12-01T10:00:00Z</updated>
<entry><title>Un café qui change tout</title><id>urn:blog:1</id>
<link href="https://blog.test/cafe?utm_source=rss"/><updated>2026-12-01T09:30:00Z</updated>
<author><name>Marie</name></author><content type="html">&lt;p&gt;Le Café Lumière a ouvert rue Saint-Denis.&lt;/p&gt;</content></entry>
</feed>"""


class FeedHandler(BaseHTTPRequestHandler):
    items: ClassVar[list[dict[str, object]]] = []
    hits: ClassVar[dict[str, int]] = {}

    def do_GET(self) -> None:
        FeedHandler.hits[self.path] = FeedHandler.hits.get(self.path, 0) + 1
        route = getattr(
            self, "route_" + self.path.strip("/").replace(".", "_").replace("-", "_"), None
        )
        if route is None:
            self.send_error(404)
            return
        route()

    def _send(self, body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_feed_xml(self) -> None:
        etag = f'"v{len(FeedHandler.items)}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        body = RSS.format(items="".join(RSS_ITEM.format(**i) for i in FeedHandler.items))
        self._send(
            body.encode(),
            headers={
                "Content-Type": "application/rss+xml",
                "ETag": etag,
                "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT",
            },
        )

    def route_atom_xml(self) -> None:
        self._send(ATOM.encode(), headers={"Content-Type": "application/atom+xml"})

    def route_error(self) -> None:
        self._send(b"oops", status=500)

    def route_invalid_xml(self) -> None:
        self._send(b"<html><body>Ceci n'est pas un flux <b>", headers={"Content-Type": "text/xml"})

    def route_huge_xml(self) -> None:
        # 50 MB announced and sent in chunks until the client hangs up.
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        chunk = b"<item><title>x</title></item>" * 2000
        try:
            self.wfile.write(b"<rss><channel>")
            for _ in range(50 * 1024 * 1024 // len(chunk)):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            return

    def route_slow_xml(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            return

    def route_to_private(self) -> None:
        self.send_response(302)
        self.send_header("Location", "http://10.20.30.40/feed.xml")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def feed_server() -> Iterator[str]:
    FeedHandler.items = []
    FeedHandler.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def add_item(title: str, text: str, link: str, author: str = "journaliste@news.test") -> None:
    FeedHandler.items.append(
        {
            "title": title,
            "text": text,
            "link": link,
            "author": author,
            "minute": len(FeedHandler.items) % 60,
        }
    )
