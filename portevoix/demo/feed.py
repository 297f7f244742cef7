"""The demo's live RSS feed on 127.0.0.1: a new post about the brand every 20–40 s.

`portevoix demo-feed` (and `portevoix serve` when DEBUG) runs it; the demo brand's feed source
points at it, so the worker's sweep brings its posts in like any other feed's. `POST /burst`
adds a wave of angry posts in the same minute: the spike detector raises an alert on it.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import uuid
from collections import deque
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from portevoix.demo.posts import BRAND_NAME, Post, PostWriter

# The demo feed source's address is fixed when the demo is seeded: one port for both sides.
DEMO_FEED_PORT = int(os.environ.get("PORTEVOIX_DEMO_FEED_PORT", "8765"))
KEEP = 100  # posts in the feed; older ones drop off as a real feed's do
BURST_SIZE = 15


def demo_feed_url(port: int = DEMO_FEED_PORT) -> str:
    return f"http://127.0.0.1:{port}/feed.xml"


class DemoFeed:
    """The feed's posts, newest last; shared by the ticker thread and the HTTP handler."""

    def __init__(self, brand: str = BRAND_NAME, seed: int | None = None) -> None:
        self.brand = brand
        self.writer = PostWriter(seed)
        self.posts: deque[tuple[str, dt.datetime, Post]] = deque(maxlen=KEEP)
        self.lock = threading.Lock()
        # Links must stay unique across restarts: the pipeline de-duplicates on them.
        self.run = uuid.uuid4().hex[:8]
        self.sequence = 0
        self.base = ""  # the server's address, once it is bound

    def _add(self, post: Post, when: dt.datetime) -> None:
        with self.lock:
            self.sequence += 1
            self.posts.append((f"{self.run}-{self.sequence}", when, post))

    def tick(self) -> Post:
        post = self.writer.post(self.brand)
        self._add(post, dt.datetime.now(dt.UTC))
        return post

    def burst(self, size: int = BURST_SIZE) -> list[Post]:
        now = dt.datetime.now(dt.UTC)
        posts = [self.writer.angry(self.brand) for _ in range(size)]
        for post in posts:
            self._add(post, now)
        return posts

    def etag(self) -> str:
        return f'"{self.run}-{self.sequence}"'

    def rss(self, base: str) -> bytes:
        with self.lock:
            posts = list(self.posts)
        items = "".join(
            f"<item><link>{base}/posts/{key}</link><guid>{base}/posts/{key}</guid>"
            f"<pubDate>{format_datetime(when)}</pubDate><author>{escape(post.author)}</author>"
            f"<description>{escape(post.text)}</description></item>\n"
            for key, when, post in reversed(posts)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>Le Fil du Plateau (démo)</title><link>{base}/</link>"
            f"<description>Avis et nouvelles de quartier</description>\n{items}</channel></rss>"
        ).encode()


def make_handler(feed: DemoFeed) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] != "/feed.xml":
                self.send_error(404)
                return
            if self.headers.get("If-None-Match") == feed.etag():
                self.send_response(304)
                self.end_headers()
                return
            body = feed.rss(feed.base)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", feed.etag())
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            if self.path != "/burst":
                self.send_error(404)
                return
            feed.burst()
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass  # the worker polls every minute: one log line each time is noise

    return Handler


class DemoFeedServer:
    """The HTTP server and its ticker, started and stopped together."""

    def __init__(
        self,
        port: int = DEMO_FEED_PORT,
        *,
        every: tuple[float, float] = (20.0, 40.0),
        feed: DemoFeed | None = None,
    ) -> None:
        self.feed = feed or DemoFeed()
        self.every = every
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), make_handler(self.feed))
        self.feed.base = f"http://127.0.0.1:{self.port}"
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        return demo_feed_url(self.port)

    def _tick_forever(self) -> None:
        while not self.stopping.wait(self.feed.writer.random.uniform(*self.every)):
            self.feed.tick()

    def start(self) -> DemoFeedServer:
        self.feed.tick()  # something to read on the first poll
        for target in (self.httpd.serve_forever, self._tick_forever):
            thread = threading.Thread(target=target, daemon=True, name="demo-feed")
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self.threads:
            thread.join(timeout=5)
