"""`portevoix demo-bluesky`: the demo brand on the local Bluesky network (atproto-local.sh).

Without options it connects the brand's account and its searches (what seed-demo does when
the network answers). `--post N` has the brand's fans post N times about it on that network;
once the AppView has indexed the posts, the demo's Bluesky sources are polled at once (the next
sweep, within seconds), so they come in as mentions with their sentiment. `--angry` makes them a
wave of angry posts in one minute, which the spike detector turns into an alert.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portevoix.accounts.models import Brand
from portevoix.demo import bluesky
from portevoix.demo.management.commands.seed_demo import ORG_NAME
from portevoix.demo.posts import BRAND_NAME
from portevoix.listening import actions as listening_actions


class Command(BaseCommand):
    help = "Connect the demo brand to the local Bluesky network; --post N posts as its fans."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--post", type=int, default=0, metavar="N", help="posts to make")
        parser.add_argument(
            "--angry", action="store_true", help="a wave of angry posts (trips the spike alert)"
        )
        parser.add_argument(
            "--url", default=None, help="the PDS (default: PORTEVOIX_DEMO_BLUESKY_URL)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        brand = Brand.objects.filter(name=BRAND_NAME, organisation__name=ORG_NAME).first()
        owner = get_user_model().objects.filter(username="demo").first()
        if brand is None or owner is None:
            raise CommandError("No demo brand here: run `portevoix seed-demo` first.")
        url = options["url"] or bluesky.configured_url() or bluesky.DEFAULT_PDS_URL
        line = bluesky.seed_bluesky(owner, brand, url)
        self.stdout.write(line)
        if options["post"] <= 0:
            return
        connected = brand.connected_accounts.filter(
            kind="bluesky", handle=bluesky.DEMO_HANDLE, base_url=url.rstrip("/"), status="active"
        ).first()
        if connected is None:
            raise CommandError("The demo brand is not connected to this network (see above).")
        network = bluesky.LocalNetwork(url)
        posts = bluesky.post_as_fans(network, options["post"], angry=options["angry"])
        for post in posts:
            self.stdout.write(f"  @{post.handle}: {post.text}")
        indexed = bluesky.wait_until_searchable(connected, posts)
        sources = brand.sources.filter(account=connected)
        for source in sources:
            listening_actions.poll_soon(owner, source)
        self.stdout.write(
            f"{len(posts)} post(s) on {network.url}"
            + ("" if indexed else " (the AppView has not indexed them all yet)")
            + f"; {len(sources)} Bluesky source(s) will be polled within seconds."
        )
