"""The demo brand's listening: standing queries, the live demo feed, alert settings, and a week
of past mentions with one bad buzz, so that a first visit is not empty.

Everything goes through the real paths: the queries and the source through the listening
actions, the past mentions through `pipeline.ingest` (which matches them and fills the minute
buckets) and `enrichment.enrich_pending` (sentiment), the past spike through
`alerts.actions.detect` read minute by minute as the beat would have read it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from portevoix.accounts.audit import model_changes, record, snapshot
from portevoix.accounts.models import Brand
from portevoix.alerts import actions as alerts_actions
from portevoix.demo.feed import demo_feed_url
from portevoix.demo.posts import BRAND_QUERY, COMPETITOR_NAME, COMPETITOR_QUERY, PostWriter
from portevoix.listening import actions as listening_actions
from portevoix.listening import enrichment
from portevoix.listening.models import Mention, MonitorQuery, QueryBucket, SourceKind
from portevoix.listening.pipeline import RawItem, ingest

DAYS = 7
SPIKE_DAYS_AGO = 2
SPIKE_SIZE = 12
FEED_NAME = "Le Fil du Plateau (démo)"


def seed_listening(owner: Any, brand: Brand, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    _queries(owner, brand)
    if not brand.sources.filter(kind=SourceKind.FEED, name=FEED_NAME).exists():
        listening_actions.save_source(
            owner,
            brand,
            via="seed",
            kind=SourceKind.FEED,
            name=FEED_NAME,
            url=demo_feed_url(),
            poll_interval=listening_actions.MIN_POLL_SECONDS,
        )
    _alert_settings(owner, brand)
    if not Mention.objects.filter(brand=brand).exists():
        backfill(brand, now)


def _queries(owner: Any, brand: Brand) -> None:
    wanted = [
        ("Café Lumière", BRAND_QUERY, False),
        (COMPETITOR_NAME, COMPETITOR_QUERY, True),
    ]
    existing = set(brand.monitor_queries.values_list("name", flat=True))
    for name, query, competitor in wanted:
        if name not in existing:
            listening_actions.save_query(
                owner, brand, via="seed", name=name, query=query, is_competitor=competitor
            )


def _alert_settings(owner: Any, brand: Brand) -> None:
    conf = alerts_actions.settings_for(brand)
    if conf.digest and conf.enabled and conf.email:
        return
    before = snapshot(conf)
    conf.enabled = conf.email = conf.digest = True
    conf.save()
    record(
        owner,
        "alerts.settings.update",
        conf,
        brand=brand,
        via="seed",
        changes=model_changes(before, snapshot(conf)),
    )


def backfill(brand: Brand, now: dt.datetime) -> None:
    """A week of posts (8 to 14 a day, by day), and a wave of angry posts in one minute two
    days ago; then classified, and read by the spike detector as the beat would have."""
    writer = PostWriter(seed=2026)
    raw: list[RawItem] = []
    start = (now - dt.timedelta(days=DAYS)).replace(hour=12, minute=0, second=0, microsecond=0)
    for day in range(DAYS + 1):
        for _ in range(writer.random.randint(8, 14)):
            at = start + dt.timedelta(days=day, minutes=writer.random.randint(0, 16 * 60))
            if at < now - dt.timedelta(minutes=5):
                raw.append(_raw(writer.post(brand.name), at))
    spike_at = (now - dt.timedelta(days=SPIKE_DAYS_AGO)).replace(second=10, microsecond=0)
    raw += [_raw(writer.angry(brand.name), spike_at) for _ in range(SPIKE_SIZE)]
    source = brand.sources.filter(kind=SourceKind.FEED, name=FEED_NAME).first()
    ingest(source, sorted(raw, key=lambda r: r.published_at or now))
    while enrichment.enrich_pending():
        pass
    _detect_since(brand, now)


def _raw(post: Any, at: dt.datetime) -> RawItem:
    return RawItem(
        source_kind="rss", text=post.text, author_name=post.author, lang=post.lang, published_at=at
    )


def _detect_since(brand: Brand, now: dt.datetime) -> None:
    """Read the past minutes in the detector's own windows (it looks back six hours at most)."""
    first = (
        QueryBucket.objects.filter(query__in=MonitorQuery.objects.filter(brand=brand))
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    if first is None:
        return
    step = alerts_actions.LOOKBACK - dt.timedelta(hours=1)
    at = first + alerts_actions.GRACE + dt.timedelta(minutes=2)
    while at < now:
        alerts_actions.detect(now=at)
        at += step
    alerts_actions.detect(now=now)
