"""Read helpers: the mention archive of one brand, its search, share of voice and keyphrases.

The dashboard widgets are in `dashboards.py`. The archive search takes the same query language
as standing queries: the brand's own part of the text index narrows the candidates, then either
the index's answer is the matcher's own test or the matcher checks each candidate.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from portevoix.accounts.models import Brand
from portevoix.listening import search_index
from portevoix.listening.models import Mention, MonitorQuery
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

    def only_search(self) -> bool:
        """No filter but the search query: the text index alone can count."""
        return not (
            self.query_id
            or self.source
            or self.lang
            or self.sentiment
            or self.author
            or self.since
            or self.until
        )


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
    sql, params = pre.sql(brand.pk)
    candidates = base.filter(pk__in=RawSQL(sql, params))  # noqa: S611 (constant SQL, bound parameters)
    if pre.exact:
        if filters.only_search():  # the brand's part of the index is the whole answer
            ids = _matches(pre, brand)
            total: int | None = len(ids)
            page_ids = _newest(brand, ids, limit)
        else:
            total = None
            page_ids = list(candidates.values_list("pk", flat=True)[:limit])
        # The page's ids first, then their rows: sorting thousands of matches with their items'
        # texts attached cost 38 ms where this costs 5 (2,764 matches at 1M mentions).
        page = list(
            Mention.objects.filter(pk__in=page_ids)
            .select_related("item")
            .order_by("-published_at", "-pk")
        )
        monitor = Monitor()
        monitor.add("search", node)
        # Cheap insurance on the page shown: should the index ever disagree, check everything.
        if all(monitor.match(_document(m)) for m in page):
            total = candidates.count() if total is None else total
            return SearchResult(page, total, total, True)
    return scan(candidates, node, limit=limit)


def _matches(pre: search_index.Prefilter, brand: Brand) -> list[int]:
    """The ids of the brand's mentions the index query matches (every indexed row is one)."""
    sql, params = pre.sql(brand.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


# Up to this many matches the database sorts them; past it, walking the brand's mentions newest
# first finds the page sooner: the 50 newest of 20,000 matches among 50,000 mentions are within
# the first ~125 read, where sorting costs a lookup per match.
WALK_FROM = 2000
WALK_CHUNK = 1000


def _newest(brand: Brand, ids: list[int], limit: int) -> list[int]:
    newest = Mention.objects.order_by("-published_at", "-pk").values_list("pk", flat=True)
    if len(ids) <= WALK_FROM:
        return list(newest.filter(pk__in=ids)[:limit])
    wanted = set(ids)
    found: list[int] = []
    mine = newest.filter(brand=brand)
    start = 0
    while len(found) < limit:
        rows = list(mine[start : start + WALK_CHUNK])
        found.extend(pk for pk in rows if pk in wanted)
        if len(rows) < WALK_CHUNK:  # the brand's oldest mention was read
            break
        start += WALK_CHUNK
    return found[:limit]


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
