"""The demo feed serves valid RSS about the brand that the listening feed reader reads, answers
304 when nothing is new, and a burst of its angry posts trips the spike detector."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from portevoix.alerts import actions as alerts_actions
from portevoix.alerts.models import AlertKind
from portevoix.demo.feed import BURST_SIZE, DemoFeedServer
from portevoix.demo.posts import BRAND_QUERY, PostWriter
from portevoix.listening import actions as listening_actions
from portevoix.listening import enrichment
from portevoix.listening.feeds import fetch_feed
from portevoix.listening.models import SourceKind
from portevoix.listening.pipeline import RawItem, ingest
from portevoix.listening.sources import poll_source


@pytest.fixture
def demo_feed() -> Iterator[DemoFeedServer]:
    server = DemoFeedServer(0, every=(3600.0, 3600.0)).start()
    yield server
    server.stop()


def test_it_serves_rss_that_the_feed_reader_reads(demo_feed: DemoFeedServer) -> None:
    for _ in range(5):
        demo_feed.feed.tick()
    result = fetch_feed(demo_feed.url)
    assert len(result.entries) == 6
    assert all(
        e.url.startswith(f"http://127.0.0.1:{demo_feed.port}/posts/") for e in result.entries
    )
    assert len({e.url for e in result.entries}) == 6
    assert all(e.text and e.author and e.published_at for e in result.entries)
    assert fetch_feed(demo_feed.url, etag=result.etag).not_modified
    demo_feed.feed.tick()
    assert len(fetch_feed(demo_feed.url, etag=result.etag).entries) == 7


def test_it_trips_the_spike_alert_with_a_burst(
    alice: Any, brand: Any, demo_feed: DemoFeedServer
) -> None:
    listening_actions.save_query(alice, brand, name="Café Lumière", query=BRAND_QUERY)
    source = listening_actions.save_source(
        alice, brand, kind=SourceKind.FEED, name="Démo", url=demo_feed.url, poll_interval=60
    )
    now = timezone.now().replace(second=0, microsecond=0)
    writer = PostWriter(seed=1)
    # An hour of ordinary chatter, one post a minute: the detector's baseline.
    ingest(
        None,
        [
            RawItem(
                source_kind="rss",
                text=writer.post(brand.name, "neutral").text,
                author_name=f"p{m}",
                published_at=now - dt.timedelta(minutes=60 - m),
            )
            for m in range(55)
        ],
    )
    assert alerts_actions.detect(now) == []
    demo_feed.feed.burst()
    stats = poll_source(source.pk)
    assert stats is not None and stats.mentions >= BURST_SIZE - 3
    while enrichment.enrich_pending():
        pass
    raised = alerts_actions.detect(timezone.now() + dt.timedelta(minutes=2))
    assert [a.kind for a in raised] == [AlertKind.VOLUME]
    assert raised[0].mentions.filter(sentiment="negative").count() >= 3
