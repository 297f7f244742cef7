"""From a source's raw items to stored, de-duplicated, matched mentions.

Each item is normalised, de-duplicated (canonical URL, then a hash of its author and text),
matched against every standing query of every brand at once (`matching`), and stored with one
`Mention` per brand with a match, counted into per-query minute buckets: a poll's items are
written together by `store.store` (a few statements per batch, not per item). The
worker classifies mentions afterwards in batches (`enrichment`): nothing slow runs here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from portevoix.listening import matching
from portevoix.listening.models import QueryBucket, Source
from portevoix.listening.store import BATCH, IngestStats, NewItem, NewMention, store

__all__ = ["IngestStats", "RawItem", "ingest", "store"]

# Tracking parameters that make one article look like many.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref_src", "_hsenc"}
)


@dataclass(frozen=True)
class RawItem:
    source_kind: str
    url: str = ""
    title: str = ""
    text: str = ""
    author_handle: str = ""
    author_name: str = ""
    author_followers: int | None = None
    published_at: dt.datetime | None = None
    lang: str = ""
    platform_id: str = ""


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, default port, fragment and tracking parameters dropped."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    ]
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))


def content_hash(author: str, title: str, text: str) -> str:
    """The same words by the same author, whatever the spacing and case. The author is part of
    it on purpose: a hundred people posting the same angry sentence is a bad buzz, not one item."""
    folded = unicodedata.normalize("NFKC", f"{author}\n{title}\n{text}").casefold()
    return hashlib.sha256(" ".join(folded.split()).encode()).hexdigest()


def minute(when: dt.datetime) -> dt.datetime:
    return when.replace(second=0, microsecond=0)


def ingest(source: Source | None, raw_items: list[RawItem]) -> IngestStats:
    monitor = matching.current_monitor()
    now = timezone.now()
    fallback_langs = list(source.brand.languages) if source is not None else []
    new = []
    for raw in raw_items:
        lang = raw.lang or matching.language_of(f"{raw.title} {raw.text}", fallback_langs)
        new.append(
            NewItem(
                source_id=source.pk if source is not None else None,
                source_kind=raw.source_kind,
                url=raw.url[:2000],
                canonical_url=canonical_url(raw.url)[:2000],
                content_hash=content_hash(raw.author_handle, raw.title, raw.text),
                platform_id=raw.platform_id[:300],
                title=raw.title[:1000],
                text=raw.text,
                lang=lang,
                author_handle=raw.author_handle[:300],
                author_name=raw.author_name[:300],
                author_followers=raw.author_followers,
                # A published date in the future is a feed's mistake: count the item when it came.
                published_at=min(raw.published_at or now, now),
            )
        )

    def mentions_of(item: NewItem) -> list[NewMention]:
        per_brand: dict[int, list[int]] = defaultdict(list)
        for brand_id, query_id in monitor.match_item(item):
            per_brand[brand_id].append(query_id)
        return [NewMention(brand_id, tuple(ids)) for brand_id, ids in per_brand.items()]

    stats = IngestStats(received=len(raw_items))
    for i in range(0, len(new), BATCH):
        stored = store(new[i : i + BATCH], mentions_of=mentions_of, now=now)
        stats.duplicates += stored.duplicates
        stats.stored += stored.stored
        stats.mentions += stored.mentions
    if source is not None:
        Source.objects.filter(pk=source.pk).update(items_seen=F("items_seen") + stats.stored)
    return stats


def bump_bucket(query_id: int, start: dt.datetime, *, count: int = 1, negative: int = 0) -> None:
    """Add to a minute's counters; the first writer of a minute creates its row."""
    bucket = QueryBucket.objects.filter(query_id=query_id, start=start)
    if bucket.update(count=F("count") + count, negative=F("negative") + negative):
        return
    try:
        with transaction.atomic():
            QueryBucket.objects.create(
                query_id=query_id, start=start, count=count, negative=negative
            )
    except IntegrityError:
        bucket.update(count=F("count") + count, negative=F("negative") + negative)
