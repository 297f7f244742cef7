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

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncDate
from django.utils import timezone

from portevoix.accounts.models import Brand
from portevoix.listening import search_index
from portevoix.listening.models import ArchiveDay, Mention, MonitorQuery, Sentiment
from portevoix.listening.query import Document, Monitor, Node, parse

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


def _document(mention: Mention) -> Document:
    item = mention.item
    return Document(
        item.text,
        title=item.title,
        lang=item.lang,
        author=item.author_handle or item.author_name,
        url=item.url,
        source=item.source_kind,
    )


def search(brand: Brand, filters: Filters, *, limit: int = 50) -> SearchResult:
    """The newest `limit` mentions passing the filters (and the search query, if any).

    A query is first narrowed by the text index (`search_index.prefilter`); when the index query
    is the matcher's own test the database counts, otherwise each candidate is checked.
    """
    base = filtered(brand, filters).select_related("item").order_by("-published_at", "-pk")
    if not filters.search:
        return SearchResult(list(base[:limit]), base.count(), 0, True)
    node = parse(filters.search)  # the form has checked it parses
    pre = search_index.prefilter(node)
    if pre is None:  # only negations and field filters: every mention is a candidate
        return scan(base, node, limit=limit)
    sql, params = pre.sql()
    candidates = base.filter(item_id__in=RawSQL(sql, params))  # noqa: S611 (constant SQL, bound parameters)
    if pre.exact:
        page = list(candidates[:limit])
        monitor = Monitor()
        monitor.add("search", node)
        # Cheap insurance on the page shown: should the index ever disagree, check everything.
        if all(monitor.match(_document(m)) for m in page):
            total = candidates.count()
            return SearchResult(page, total, total, True)
    return scan(candidates, node, limit=limit)


def scan(base: QuerySet[Mention], node: Node, *, limit: int = 50) -> SearchResult:
    """Check mentions newest first with the matcher (the reference the index must agree with)."""
    monitor = Monitor()
    monitor.add("search", node)
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
            if monitor.match(_document(mention)):
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
    bars = {
        since + dt.timedelta(days=i): DayBar(since + dt.timedelta(days=i))
        for i in range((until - since).days + 1)
    }
    for day, sentiment, n in _day_sentiment_counts(brand, since, until):
        bar = bars.get(day)
        if bar is not None:
            key = sentiment or "unclassified"
            bar.counts[key] = bar.counts.get(key, 0) + n
    return list(bars.values())


def _day_sentiment_counts(
    brand: Brand, since: dt.date, until: dt.date
) -> list[tuple[dt.date, str, int]]:
    tz = zoneinfo.ZoneInfo(brand.timezone)
    mentions = filtered(brand, Filters(since=since, until=until))
    if connection.vendor == "postgresql":
        rows = (
            mentions.annotate(day=TruncDate("published_at", tzinfo=tz))
            .values_list("day", "sentiment")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return list(rows)
    # SQLite: Django's TruncDate calls a Python function per row (≈ 1 µs each, too slow at
    # 50k mentions). The period is cut where the zone's UTC offset changes and each stretch is
    # grouped by SQLite's own date() with that constant offset, read from the covering index
    # (brand, published_at, sentiment).
    found: list[tuple[dt.date, str, int]] = []
    sql = (
        "SELECT date(published_at, %s), sentiment, COUNT(*) FROM listening_mention "
        "WHERE brand_id = %s AND published_at >= %s AND published_at < %s "
        "GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        for start, end, offset in _constant_offsets(since, until, tz):
            ops = connection.ops
            cursor.execute(
                sql,
                [
                    f"{int(offset.total_seconds())} seconds",
                    brand.pk,
                    ops.adapt_datetimefield_value(start),
                    ops.adapt_datetimefield_value(end),
                ],
            )
            found.extend((dt.date.fromisoformat(d), sent, n) for d, sent, n in cursor.fetchall())
    return found


def _constant_offsets(
    since: dt.date, until: dt.date, tz: zoneinfo.ZoneInfo
) -> list[tuple[dt.datetime, dt.datetime, dt.timedelta]]:
    """The period [since, until] in UTC, cut into stretches of one UTC offset of `tz`."""
    start = _day_start(since, tz).astimezone(dt.UTC)
    end = _day_start(until + dt.timedelta(days=1), tz).astimezone(dt.UTC)
    stretches = []
    step = dt.timedelta(minutes=15)  # offsets change on quarter hours (a half hour at least)
    cursor, offset = start, start.astimezone(tz).utcoffset() or dt.timedelta()
    at = start
    while at < end:
        # Walk day by day, then by quarter hour inside a day where the offset changes.
        nxt = min(at + dt.timedelta(days=1), end)
        if (nxt.astimezone(tz).utcoffset() or dt.timedelta()) != offset:
            while at < nxt:
                moved = at + step
                new = moved.astimezone(tz).utcoffset() or dt.timedelta()
                if new != offset:
                    stretches.append((cursor, moved, offset))
                    cursor, offset = moved, new
                at = moved
        at = nxt
    stretches.append((cursor, end, offset))
    return stretches


def archive_volume_by_source(since: dt.date, until: dt.date) -> list[DayBar]:
    """The whole archive (every brand): mentions per UTC day and source kind, from the rollup."""
    bars = {
        since + dt.timedelta(days=i): DayBar(since + dt.timedelta(days=i))
        for i in range((until - since).days + 1)
    }
    rows = (
        ArchiveDay.objects.filter(day__gte=since, day__lte=until)
        .values_list("day", "source_kind")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for day, kind, n in rows:
        bars[day].counts[kind] = n
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
