"""The dashboard widgets: one brand's period, and the archive of several brands.

Each widget reads the archive's rollups (archive.py) instead of the mentions and gives exactly
what a GROUP BY over the mentions gives (bench/archive.py checks each one against it):

- `volume_by_day`: per day of the brand's time zone and sentiment, from hourly rows. A zone at
  a whole hour from UTC sums whole hours; where a local midnight or a change of offset falls
  inside an hour (India, Newfoundland, …), that hour alone is read mention by mention.
- `top_sources`: from the UTC days inside the period, plus the mentions of the partial days at
  its two ends.
- `top_authors`: an author's mentions in a month bound what they can have in any period of that
  month, so the monthly lists are read largest first until the tenth exact count beats the best
  any unread author could reach (Fagin's threshold algorithm); only the authors read are
  counted exactly, from their days (and the mentions of the partial days at the two ends).
- `archive_volume_by_source`: per UTC day and source, over several brands.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Q, Sum

from portevoix.accounts.models import Brand
from portevoix.listening.models import ArchiveDay, AuthorMonth, Mention, Sentiment

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
# The columns of MentionHour, in its order; "" is a mention the worker has not classified yet.
SENTIMENTS = ("positive", "neutral", "negative", "")
# Past this many authors read from the monthly lists, counting every author is cheaper.
MAX_AUTHOR_CANDIDATES = 5000


@dataclass
class DayBar:
    day: dt.date
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _bars(since: dt.date, until: dt.date) -> dict[dt.date, DayBar]:
    return {
        since + dt.timedelta(days=i): DayBar(since + dt.timedelta(days=i))
        for i in range((until - since).days + 1)
    }


def _day_start(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=tz)


def period(brand: Brand, since: dt.date, until: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The days [since, until] of the brand's time zone, as a UTC interval [start, end)."""
    tz = zoneinfo.ZoneInfo(brand.timezone)
    end = _day_start(until + dt.timedelta(days=1), tz)
    return _day_start(since, tz).astimezone(dt.UTC), end.astimezone(dt.UTC)


def _hour(at: dt.datetime) -> int:
    """The hour number (since 1970, UTC) that contains `at`."""
    return math.floor((at - EPOCH).total_seconds() / 3600)


def _ceil_hour(at: dt.datetime) -> int:
    hour = _hour(at)
    return hour if _at(hour) == at else hour + 1


def _at(hour: int) -> dt.datetime:
    return EPOCH + hour * HOUR


def _ranges(ranges: list[tuple[dt.datetime, dt.datetime]]) -> Q:
    found = Q(pk__in=[])
    for start, end in ranges:
        found |= Q(published_at__gte=start, published_at__lt=end)
    return found


# --- per day × sentiment -------------------------------------------------------------------------


def volume_by_day(brand: Brand, since: dt.date, until: dt.date) -> list[DayBar]:
    """Mentions per day (brand's time zone) and sentiment, every day of the period present."""
    bars = _bars(since, until)
    for day, sentiment, n in day_sentiment_counts(brand, since, until):
        bar = bars.get(day)
        if bar is not None:
            key = sentiment or "unclassified"
            bar.counts[key] = bar.counts.get(key, 0) + n
    return list(bars.values())


def day_sentiment_counts(
    brand: Brand, since: dt.date, until: dt.date
) -> list[tuple[dt.date, str, int]]:
    tz = zoneinfo.ZoneInfo(brand.timezone)
    found: list[tuple[dt.date, str, int]] = []
    by_hand: list[tuple[dt.datetime, dt.datetime]] = []
    midnights = [
        _day_start(since + dt.timedelta(days=i), tz).astimezone(dt.UTC)
        for i in range((until - since).days + 2)
    ]
    sql = (
        "SELECT (hour * 60 + %s) / 1440, SUM(positive), SUM(neutral), SUM(negative), "
        "SUM(unclassified) FROM listening_mentionhour "
        "WHERE brand_id = %s AND hour >= %s AND hour < %s{cut} GROUP BY 1"
    )
    with connection.cursor() as cursor:
        for start, end, offset in constant_offsets(since, until, tz):
            first, last = _ceil_hour(start), _hour(end)
            if first >= last:
                by_hand.append((start, end))
                continue
            if start < _at(first):
                by_hand.append((start, _at(first)))
            if _at(last) < end:
                by_hand.append((_at(last), end))
            # An hour a local midnight falls inside belongs to two days: read its mentions.
            cut = sorted(
                {_hour(m) for m in midnights if start < m < end and m != _at(_hour(m))}
                & set(range(first, last))
            )
            by_hand.extend((_at(h), _at(h + 1)) for h in cut)
            minutes = math.floor(offset.total_seconds() / 60)
            cursor.execute(
                sql.format(cut=f" AND hour NOT IN ({', '.join(['%s'] * len(cut))})" if cut else ""),
                [minutes, brand.pk, first, last, *cut],
            )
            for d, *counts in cursor.fetchall():
                day = EPOCH.date() + dt.timedelta(days=d)
                found.extend(
                    (day, sentiment, int(n))
                    for sentiment, n in zip(SENTIMENTS, counts, strict=True)
                    if n
                )
    if by_hand:
        rows = Mention.objects.filter(brand=brand).filter(_ranges(by_hand))
        counted = Counter(
            (published.astimezone(tz).date(), sentiment if sentiment in SENTIMENTS else "")
            for published, sentiment in rows.values_list("published_at", "sentiment")
        )
        found.extend((day, sentiment, n) for (day, sentiment), n in counted.items())
    return found


def constant_offsets(
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


# --- top sources and authors ---------------------------------------------------------------------


def top_sources(brand: Brand, since: dt.date, until: dt.date, n: int = 10) -> list[dict[str, Any]]:
    """Mentions and negative mentions per source kind in the period, most first."""
    start, end = period(brand, since, until)
    first, last = _ceil_day(start), end.date()
    counts: Counter[str] = Counter()
    negatives: Counter[str] = Counter()
    by_hand = [(start, end)]
    if first < last:
        days = ArchiveDay.objects.filter(brand=brand, day__gte=first, day__lt=last)
        for kind, total, negative in days.values_list("source_kind").annotate(
            total=Sum("count"), negative_total=Sum("negative")
        ):
            counts[kind] += total
            negatives[kind] += negative
        by_hand = [(start, _midnight(first)), (_midnight(last), end)]
    edges = (
        Mention.objects.filter(brand=brand)
        .filter(_ranges([r for r in by_hand if r[0] < r[1]]))
        .values_list("source_kind")
        .annotate(n=Count("pk"), negative=Count("pk", filter=Q(sentiment=Sentiment.NEGATIVE)))
        .order_by()
    )
    for kind, total, negative in edges:
        counts[kind] += total
        negatives[kind] += negative
    ranked = sorted((-total, kind) for kind, total in counts.items() if kind and total)
    return [
        {"source_kind": kind, "n": -minus, "negative": negatives[kind]}
        for minus, kind in ranked[:n]
    ]


def _ceil_day(at: dt.datetime) -> dt.date:
    return at.date() if at.time() == dt.time() else at.date() + dt.timedelta(days=1)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _months(start: dt.datetime, end: dt.datetime) -> list[dt.date]:
    month = start.date().replace(day=1)
    last = (end - dt.timedelta(microseconds=1)).date()
    found = []
    while month <= last:
        found.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return found


def top_authors(brand: Brand, since: dt.date, until: dt.date, n: int = 10) -> list[dict[str, Any]]:
    """The `n` authors with the most mentions in the period (ties by name), with their negative
    ones: exactly the naive GROUP BY's answer, reading a few hundred rollup rows."""
    start, end = period(brand, since, until)
    months = _months(start, end)
    read: set[str] = set()
    depth = 2 * n
    while True:
        bound, complete = 0, True
        for month in months:
            ranked = list(
                AuthorMonth.objects.filter(brand=brand, month=month, count__gt=0)
                .exclude(author="")
                .order_by("-count")
                .values_list("author", "count")[:depth]
            )
            read.update(author for author, _n in ranked)
            if len(ranked) == depth:  # an unread author has at most the last count read
                complete = False
                bound += ranked[-1][1]
        if len(read) > MAX_AUTHOR_CANDIDATES:
            return _count_authors(brand, start, end, None, n)
        best = _count_authors(brand, start, end, read, n)
        if complete or (len(best) == n and best[-1]["n"] > bound):
            return best
        depth *= 4


def _count_authors(
    brand: Brand, start: dt.datetime, end: dt.datetime, authors: set[str] | None, n: int
) -> list[dict[str, Any]]:
    """Exact counts of `authors` (every author: None) in [start, end): the UTC days inside from
    `AuthorDay`, the partial days at both ends from the mentions. The database orders them, so
    that ties follow its collation as the naive query's do."""
    if authors is None:
        return list(
            Mention.objects.filter(brand=brand, published_at__gte=start, published_at__lt=end)
            .exclude(author="")
            .values("author")
            .annotate(n=Count("*"), negative=Count("*", filter=Q(sentiment=Sentiment.NEGATIVE)))
            .order_by("-n", "author")[:n]
        )
    if not authors:
        return []
    first, last = _ceil_day(start), end.date()
    edges = [(start, _midnight(first)), (_midnight(last), end)] if first < last else [(start, end)]
    edges = [(a, b) for a, b in edges if a < b]
    ops = connection.ops
    names = sorted(authors)
    marks = ", ".join(["%s"] * len(names))
    parts, params = [], []
    if first < last:
        parts.append(
            "SELECT author, count AS n, negative AS neg FROM listening_authorday "  # noqa: S608
            f"WHERE brand_id = %s AND author IN ({marks}) AND day >= %s AND day < %s"
        )
        params += [brand.pk, *names, ops.adapt_datefield_value(first)]
        params.append(ops.adapt_datefield_value(last))
    if edges:
        ranges = " OR ".join(["(published_at >= %s AND published_at < %s)"] * len(edges))
        parts.append(
            "SELECT author, 1 AS n, CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END AS neg "  # noqa: S608
            f"FROM listening_mention WHERE brand_id = %s AND author IN ({marks}) AND ({ranges})"
        )
        params += [brand.pk, *names]
        params += [ops.adapt_datetimefield_value(at) for edge in edges for at in edge]
    sql = (
        f"SELECT author, SUM(n), SUM(neg) FROM ({' UNION ALL '.join(parts)}) counted "  # noqa: S608
        "GROUP BY author HAVING SUM(n) > 0 ORDER BY 2 DESC, 1 LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, n])
        return [
            {"author": author, "n": int(total), "negative": int(negative)}
            for author, total, negative in cursor.fetchall()
        ]


# --- several brands ------------------------------------------------------------------------------


def archive_volume_by_source(
    since: dt.date, until: dt.date, brand_ids: list[int] | None = None
) -> list[DayBar]:
    """Mentions per UTC day and source kind, from the rollup: every brand, or those given."""
    bars = _bars(since, until)
    rows = ArchiveDay.objects.filter(day__gte=since, day__lte=until)
    if brand_ids is not None:
        rows = rows.filter(brand_id__in=brand_ids)
    for day, kind, total in (
        rows.values_list("day", "source_kind").annotate(n=Sum("count")).order_by()
    ):
        if total:
            bars[day].counts[kind] = total
    return list(bars.values())
