"""The listening write path's bulk write: new items and their mentions, a batch at a time.

Every mention the product stores comes through `store` (the ingest pipeline, and imports or
loads of an archive): the batch is de-duplicated, its items, mentions, query links and minute
buckets are inserted in a few statements, and the archive's text index and rollups are kept in
step in the same transaction (`archive.mentions_added`). Before, ingest wrote each item in its
own transaction with the ORM (exists() twice, an INSERT for the item, one per mention, its
query links and every minute bucket, then the index and the rollups): one statement or more
per row. bench/archive.py loads its archive through here.

De-duplication (the item is the same if its canonical URL, or the hash of its author and
words, is already stored or earlier in the batch) happens inside the transaction, which on
SQLite holds the write lock from its start (transaction_mode IMMEDIATE): a duplicate is
dropped, never a new item.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from portevoix.listening import archive, bulk_sql
from portevoix.listening.models import hash_key

# Items per transaction: big enough that each statement's cost is spread thin, small enough to
# keep a batch's rows and the writer's lock short (≈ 1 s on SQLite).
BATCH = 20_000

ITEM_COLUMNS = (
    "id",
    "source_id",
    "source_kind",
    "url",
    "canonical_url",
    "content_hash",
    "content_key",
    "platform_id",
    "title",
    "text",
    "lang",
    "author_handle",
    "author_name",
    "author_followers",
    "published_at",
    "fetched_at",
)
MENTION_COLUMNS = (
    "id",
    "brand_id",
    "item_id",
    "published_at",
    "source_kind",
    "lang",
    "author",
    "sentiment",
    "keyphrases",
    "enriched_at",
    "created_at",
)


@dataclass
class IngestStats:
    received: int = 0
    duplicates: int = 0
    stored: int = 0
    mentions: int = 0


@dataclass
class NewMention:
    brand_id: int
    query_ids: Sequence[int] = ()
    # Given by an import that brings its own classification; empty: the worker classifies it.
    sentiment: str = ""
    enriched_at: dt.datetime | None = None


@dataclass
class NewItem:
    source_kind: str
    content_hash: str
    published_at: dt.datetime  # aware
    canonical_url: str = ""
    url: str = ""
    title: str = ""
    text: str = ""
    lang: str = ""
    author_handle: str = ""
    author_name: str = ""
    author_followers: int | None = None
    platform_id: str = ""
    source_id: int | None = None
    mentions: list[NewMention] = field(default_factory=list)


def store(
    items: Sequence[NewItem],
    *,
    mentions_of: Callable[[NewItem], list[NewMention]] | None = None,
    now: dt.datetime | None = None,
) -> IngestStats:
    """Store the items that are not duplicates, with their mentions, in one transaction.

    `mentions_of` (the matcher) gives an item's mentions once it is known to be new, so that
    duplicates are not matched; without it each item brings its own `mentions`."""
    now = now or timezone.now()
    stats = IngestStats(received=len(items))
    with _bulk(), transaction.atomic(), connection.cursor() as cursor:
        fresh = _new_only(cursor, items)
        stats.duplicates = len(items) - len(fresh)
        if mentions_of is not None:
            for item in fresh:
                item.mentions = mentions_of(item)
        stats.stored = len(fresh)
        fresh.sort(key=_placement)
        stats.mentions = _write(cursor, fresh, now)
    return stats


@contextlib.contextmanager
def _bulk() -> Iterator[None]:
    """What a batch write needs of the process and the connection, for its duration only.

    The collector paused: a batch makes tens of thousands of small objects at once, and each
    collection walks every object of the process (measured on 100k mentions: 22 µs of CPU a
    mention with it, 7 µs less without; nothing here makes cycles, so nothing waits for it)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _new_only(cursor: Any, items: Sequence[NewItem]) -> list[NewItem]:
    urls = bulk_sql.existing(
        cursor,
        "listening_item",
        "canonical_url",
        [i.canonical_url for i in items if i.canonical_url],
    )
    # Sought by their 64-bit keys (a short index), compared in full.
    hashes = bulk_sql.existing_by_key(
        cursor, "listening_item", "content_hash", "content_key", keys(items)
    )
    fresh = []
    for item in items:
        if (item.canonical_url and item.canonical_url in urls) or item.content_hash in hashes:
            continue
        if item.canonical_url:
            urls.add(item.canonical_url)
        hashes.add(item.content_hash)
        fresh.append(item)
    return fresh


def _placement(item: NewItem) -> tuple[int, dt.datetime]:
    """The order a batch is written in (its ids follow it): by brand, then date, the order of
    the mentions' (brand, date, …) index and, within a brand, of their date index. A batch of
    an archive spans months: in arrival order each of its rows lands on a random page of both
    indexes, sorted they are filled page after page, each page read and written once while
    it is in the cache (measured at 1M mentions: see docs/benchmarks.md)."""
    return (item.mentions[0].brand_id if item.mentions else 0, item.published_at)


def keys(items: Sequence[NewItem]) -> dict[int, list[str]]:
    """The items' content hashes by their index key."""
    found: dict[int, list[str]] = {}
    for item in items:
        found.setdefault(hash_key(item.content_hash), []).append(item.content_hash)
    return found


def _write(cursor: Any, items: list[NewItem], now: dt.datetime) -> int:
    moment = _adapter()
    item_ids = bulk_sql.next_ids(cursor, "listening_item", len(items))
    mention_ids = iter(
        bulk_sql.next_ids(cursor, "listening_mention", sum(len(i.mentions) for i in items))
    )
    stamp = moment(now)
    item_rows, mention_rows, links, index_rows = [], [], [], []
    buckets: Counter[tuple[int, dt.datetime]] = Counter()
    negatives: Counter[tuple[int, dt.datetime]] = Counter()
    for item_id, item in zip(item_ids, items, strict=True):
        published = moment(item.published_at)
        item_rows.append(
            (
                item_id,
                item.source_id,
                item.source_kind,
                item.url,
                item.canonical_url,
                item.content_hash,
                hash_key(item.content_hash),
                item.platform_id,
                item.title,
                item.text,
                item.lang,
                item.author_handle,
                item.author_name,
                item.author_followers,
                published,
                stamp,
            )
        )
        if not item.mentions:
            continue
        author = (item.author_handle or item.author_name)[:300]
        minute = item.published_at.replace(second=0, microsecond=0)
        for mention in item.mentions:
            mention_id = next(mention_ids)
            enriched = mention.enriched_at
            mention_rows.append(
                (
                    mention_id,
                    mention.brand_id,
                    item_id,
                    published,
                    item.source_kind,
                    item.lang,
                    author,
                    mention.sentiment,
                    "[]",
                    None if enriched is None else moment(enriched),
                    stamp,
                )
            )
            index_rows.append((mention_id, mention.brand_id, item.title, item.text))
            # A negative mention counts in its queries' negatives once classified (enrichment).
            negative = enriched is not None and mention.sentiment == "negative"
            for query_id in mention.query_ids:
                links.append((mention_id, query_id))
                buckets[(query_id, minute)] += 1
                negatives[(query_id, minute)] += negative
    bulk_sql.insert_rows(cursor, "listening_item", ITEM_COLUMNS, item_rows)
    bulk_sql.insert_rows(cursor, "listening_mention", MENTION_COLUMNS, mention_rows)
    bulk_sql.insert_rows(
        cursor, "listening_mention_queries", ("mention_id", "monitorquery_id"), links
    )
    bulk_sql.add_to_counters(
        cursor,
        "listening_querybucket",
        ("query_id", "start"),
        ("count", "negative"),
        [(q, moment(start), n, negatives[(q, start)]) for (q, start), n in buckets.items()],
        ("bigint", "timestamptz", "integer", "integer"),
    )
    archive.mentions_added(index_rows)
    return len(mention_rows)


def _adapter() -> Callable[[dt.datetime], Any]:
    """A datetime as the database takes it. SQLite: the text Django writes (UTC, naive,
    `str()`: microseconds only when there are some), without Django's per-value checks
    (7 µs a value: the most expensive part of a row)."""
    if bulk_sql.is_postgres():
        return lambda at: at
    utc = dt.UTC

    def text(at: dt.datetime) -> str:
        if at.tzinfo is not utc:
            if at.tzinfo is None:
                raise ValueError("a naive datetime cannot be stored (USE_TZ)")
            at = at.astimezone(utc)
        return str(at.replace(tzinfo=None))

    return text
