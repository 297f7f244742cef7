"""`portevoix demo-feed`: serve the demo brand's live RSS feed on 127.0.0.1 until Ctrl-C.

`portevoix demo-feed --burst` asks the running feed for a wave of angry posts and has the demo
feed source polled at once (the next sweep, within seconds), so the spike alert follows within
about two minutes (the detector reads a minute once it has been closed for a minute).
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portevoix.demo.feed import DEMO_FEED_PORT, DemoFeedServer, demo_feed_url
from portevoix.listening import actions as listening_actions
from portevoix.listening.models import Source


class Command(BaseCommand):
    help = "Serve the demo brand's live RSS feed (a new post every 20–40 s) on 127.0.0.1."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=DEMO_FEED_PORT)
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Add a wave of negative posts to the running feed (trips the spike alert).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        if options["burst"]:
            self._burst(port)
            return
        try:
            server = DemoFeedServer(port).start()
        except OSError as exc:
            raise CommandError(f"cannot serve the demo feed on 127.0.0.1:{port}: {exc}") from exc
        self.stdout.write(f"Demo feed: {server.url}  (Ctrl-C to stop)")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()

    def _burst(self, port: int) -> None:
        url = f"http://127.0.0.1:{port}/burst"
        try:
            httpx.post(url, timeout=5).raise_for_status()
        except httpx.HTTPError as exc:
            raise CommandError(
                f"no demo feed answers at {url} ({exc}): start `portevoix demo-feed` or `make run`"
            ) from exc
        actor = get_user_model().objects.filter(username="demo").first()
        sources = Source.objects.filter(url=demo_feed_url(port))
        for source in sources:
            listening_actions.poll_soon(actor, source)
        self.stdout.write(
            f"Burst sent; {len(sources)} demo feed source(s) will be polled within seconds."
        )
