"""Read helpers: the mention archive and the dashboard widgets of one brand.

Each widget is one aggregate over `Mention` on its (brand, published_at) index; days are cut in
the brand's time zone. The archive search takes the same query language as standing queries:
the database narrows by the filters, then the matcher checks each candidate exactly.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from portevoix.accounts.models import Brand
from portevoix.listening.models import Mention, MonitorQuery, Sentiment
from portevoix.listening.query import Document, Monitor

SEARCH_CHUNK = 2000
# An archive search in the query language reads at most this many candidates (newest first);
# the page says so when it stops there, rather than pretending to have read everything.
SEARCH_SCAN_LIMIT = 200_000


@dataclass
class Filters:
    query_id: int | None = None
    source: str = ""
    lang: str = ""
    sentiment: str = ""
    author: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    search: str = ""


def _day_start(day: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=tz)


def filtered(brand: Brand, filters: Filters) -> QuerySet[Mention]:
    tz = zoneinfo.ZoneInfo(brand.timezone)
    mentions = Mention.objects.filter(brand=brand)
    if filters.query_id:
        mentions = mentions.filter(queries__pk=filters.query_id)
    if filters.source:
        mentions = mentions.filter(source_kind=filters.source)
    if filters.lang:
        mentions = mentions.filter(lang=filters.lang)
    if filters.sentiment:
        mentions = mentions.filter(sentiment=filters.sentiment)
    if filters.author:
        mentions = mentions.filter(author__icontains=filters.author)
    if filters.since:
        mentions = mentions.filter(published_at__gte=_day_start(filters.since, tz))
    if filters.until:
        end = _day_start(filters.until + dt.timedelta(days=1), tz)
        mentions = mentions.filter(published_at__lt=end)
    return mentions


@dataclass
class SearchResult:
    mentions: list[Mention]
    total: int
    scanned: int
    complete: bool


def search(brand: Brand, filters: Filters, *, limit: int = 50) -> SearchResult:
    """The newest `limit` mentions passing the filters (and the search query, if any)."""
    base = filtered(brand, filters).select_related("item").order_by("-published_at", "-pk")
    if not filters.search:
        return SearchResult(list(base[:limit]), base.count(), 0, True)
    monitor = Monitor()
    monitor.add("search", filters.search)  # the form has checked it parses
    hits: list[Mention] = []
    total = scanned = 0
    last: tuple[dt.datetime, int] | None = None
    while scanned < SEARCH_SCAN_LIMIT:
        chunk = base
        if last is not None:
            chunk = chunk.filter(
                Q(published_at__lt=last[0]) | Q(published_at=last[0], pk__lt=last[1])
            )
        rows = list(chunk[:SEARCH_CHUNK])
        if not rows:
            return SearchResult(hits, total, scanned, True)
        for mention in rows:
            item = mention.item
            doc = Document(
                item.text,
                title=item.title,
                lang=item.lang,
                author=item.author_handle or item.author_name,
                url=item.url,
                source=item.source_kind,
            )
            if monitor.match(doc):
                total += 1
                if len(hits) < limit:
                    hits.append(mention)
        scanned += len(rows)
        last = (rows[-1].published_at, rows[-1].pk)
    return SearchResult(hits, total, scanned, False)


@dataclass
class DayBar:
    day: dt.date
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def volume_by_day(brand: Brand, since: dt.date, until: dt.date) -> list[DayBar]:
    """Mentions per day (brand's time zone) and sentiment, every day of the period present."""
    tz = zoneinfo.ZoneInfo(brand.timezone)
    rows = (
        filtered(brand, Filters(since=since, until=until))
        .annotate(day=TruncDate("published_at", tzinfo=tz))
        .values("day", "sentiment")
        .annotate(n=Count("pk"))
        .order_by()
    )
    bars = {
        since + dt.timedelta(days=i): DayBar(since + dt.timedelta(days=i))
        for i in range((until - since).days + 1)
    }
    for row in rows:
        bar = bars.get(row["day"])
        if bar is not None:
            bar.counts[row["sentiment"] or "unclassified"] = row["n"]
    return list(bars.values())


def share_of_voice(brand: Brand, since: dt.date, until: dt.date) -> list[dict[str, Any]]:
    """Mentions per standing query (the brand's and its competitors'), as shares of the total."""
    tz = zoneinfo.ZoneInfo(brand.timezone)
    counts = (
        MonitorQuery.objects.filter(brand=brand)
        .annotate(
            n=Count(
                "mentions",
                filter=Q(
                    mentions__published_at__gte=_day_start(since, tz),
                    mentions__published_at__lt=_day_start(until + dt.timedelta(days=1), tz),
                ),
            )
        )
        .values("pk", "name", "is_competitor", "n")
        .order_by("-n")
    )
    total = sum(row["n"] for row in counts) or 1
    return [{**row, "share": round(100 * row["n"] / total, 1)} for row in counts]


def top_values(
    brand: Brand, since: dt.date, until: dt.date, column: str, n: int = 10
) -> list[dict[str, Any]]:
    return list(
        filtered(brand, Filters(since=since, until=until))
        .exclude(**{column: ""})
        .values(column)
        .annotate(n=Count("pk"), negative=Count("pk", filter=Q(sentiment=Sentiment.NEGATIVE)))
        .order_by("-n", column)[:n]
    )


def top_keyphrases(
    brand: Brand, since: dt.date, until: dt.date, n: int = 15
) -> list[tuple[str, int]]:
    """Keyphrases of the newest 2,000 mentions of the period (a sample keeps this widget fast)."""
    counter: Counter[str] = Counter()
    recent = filtered(brand, Filters(since=since, until=until)).order_by("-published_at")
    for phrases in recent.values_list("keyphrases", flat=True)[:2000]:
        counter.update(p.lower() for p in phrases or [])
    return counter.most_common(n)


def brand_today(brand: Brand) -> dt.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(brand.timezone)).date()
