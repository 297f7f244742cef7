"""Ingest keeps the index and the rollup in step; widgets agree with a count in Python."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from typing import Any

from portevoix.listening.dashboards import archive_volume_by_source, top_authors, volume_by_day
from portevoix.listening.models import ArchiveDay, Mention
from portevoix.listening.pipeline import RawItem, ingest
from portevoix.listening.queries import Filters, search
from portevoix.listening.tests.factories import make_query

# Spans the end of daylight saving time in Montréal (2 November 2025).
START = dt.datetime(2025, 10, 28, 2, 0, tzinfo=dt.UTC)


def _ingest(n: int) -> None:
    items = [
        RawItem(
            source_kind=["rss", "mastodon"][i % 2],
            url=f"https://a.test/{i}",
            text=f"Le café lumière numéro {i} #cafelumiere",
            author_handle=f"@auteur{i % 3}",
            lang="fr",
            published_at=START + dt.timedelta(hours=5 * i + i % 4),
        )
        for i in range(n)
    ]
    ingest(None, items)


def test_it_indexes_and_counts_mentions_on_ingest(brand: Any, time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2025, 12, 1, tzinfo=dt.UTC))
    make_query(brand, "cafe")
    _ingest(40)
    result = search(brand, Filters(search='"cafe lumiere" #cafelumiere'))
    assert result.total == 40
    days: Counter[tuple[dt.date, str]] = Counter()
    for m in Mention.objects.filter(brand=brand):
        days[(m.published_at.date(), m.source_kind)] += 1
    assert {(d.day, d.source_kind): d.count for d in ArchiveDay.objects.all()} == days
    bars = archive_volume_by_source(dt.date(2025, 10, 28), dt.date(2025, 11, 8))
    assert sum(b.total for b in bars) == 40


def test_it_counts_days_in_the_brand_time_zone_across_a_clock_change(
    brand: Any, time_machine: Any
) -> None:
    time_machine.move_to(dt.datetime(2025, 12, 1, tzinfo=dt.UTC))
    brand.timezone = "America/Montreal"
    brand.save()
    make_query(brand, "cafe")
    _ingest(40)
    Mention.objects.filter(pk__in=Mention.objects.values("pk")[:7]).update(sentiment="negative")
    tz = zoneinfo.ZoneInfo("America/Montreal")
    expected: Counter[tuple[dt.date, str]] = Counter()
    for m in Mention.objects.filter(brand=brand):
        expected[(m.published_at.astimezone(tz).date(), m.sentiment or "unclassified")] += 1
    bars = volume_by_day(brand, dt.date(2025, 10, 27), dt.date(2025, 11, 8))
    got = {(b.day, k): n for b in bars for k, n in b.counts.items()}
    assert got == dict(expected)
    authors = top_authors(brand, dt.date(2025, 10, 27), dt.date(2025, 11, 8))
    counted = Counter(m.author for m in Mention.objects.filter(brand=brand))
    assert {row["author"]: row["n"] for row in authors} == dict(counted)


def test_a_mention_late_in_the_evening_counts_on_its_local_day(
    brand: Any, time_machine: Any
) -> None:
    time_machine.move_to(dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    brand.timezone = "America/Montreal"
    brand.save()
    make_query(brand, "cafe")
    # 23:30 in Montréal on 10 February is 04:30 UTC on the 11th.
    late = dt.datetime(2026, 2, 10, 23, 30, tzinfo=zoneinfo.ZoneInfo("America/Montreal"))
    ingest(None, [RawItem(source_kind="rss", text="Le café", lang="fr", published_at=late)])
    bars = volume_by_day(brand, dt.date(2026, 2, 10), dt.date(2026, 2, 11))
    assert [(b.day, b.total) for b in bars] == [
        (dt.date(2026, 2, 10), 1),
        (dt.date(2026, 2, 11), 0),
    ]
