"""From a source's raw items to stored, de-duplicated, matched mentions.

Each item is normalised, de-duplicated (canonical URL, then a hash of its author and text),
stored once, matched against every standing query of every brand at once (`matching`), and
turned into one `Mention` per brand with a match, counted into per-query minute buckets. The
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

from portevoix.listening import archive, matching
from portevoix.listening.models import Item, Mention, QueryBucket, Source

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


@dataclass
class IngestStats:
    received: int = 0
    duplicates: int = 0
    stored: int = 0
    mentions: int = 0


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
    stats = IngestStats(received=len(raw_items))
    monitor = matching.current_monitor()
    now = timezone.now()
    fallback_langs = list(source.brand.languages) if source is not None else []
    for raw in raw_items:
        canonical = canonical_url(raw.url)
        digest = content_hash(raw.author_handle, raw.title, raw.text)
        if (canonical and Item.objects.filter(canonical_url=canonical).exists()) or (
            Item.objects.filter(content_hash=digest).exists()
        ):
            stats.duplicates += 1
            continue
        lang = raw.lang or matching.language_of(f"{raw.title} {raw.text}", fallback_langs)
        # A published date in the future is a feed's mistake: count the item when it came.
        published = min(raw.published_at or now, now)
        with transaction.atomic():
            item = Item.objects.create(
                source=source,
                source_kind=raw.source_kind,
                url=raw.url[:2000],
                canonical_url=canonical[:2000],
                content_hash=digest,
                platform_id=raw.platform_id[:300],
                title=raw.title[:1000],
                text=raw.text,
                lang=lang,
                author_handle=raw.author_handle[:300],
                author_name=raw.author_name[:300],
                author_followers=raw.author_followers,
                published_at=published,
            )
            stats.stored += 1
            stats.mentions += _mentions_for(item, monitor.match_item(item))
            archive.item_stored(item)
    if source is not None:
        Source.objects.filter(pk=source.pk).update(items_seen=F("items_seen") + stats.stored)
    return stats


def _mentions_for(item: Item, matches: list[tuple[int, int]]) -> int:
    """`matches` are (brand id, query id) pairs; one mention per brand."""
    per_brand: dict[int, list[int]] = defaultdict(list)
    for brand_id, query_id in matches:
        per_brand[brand_id].append(query_id)
    published = item.published_at or timezone.now()
    for brand_id, query_ids in per_brand.items():
        mention = Mention.objects.create(
            brand_id=brand_id,
            item=item,
            published_at=published,
            source_kind=item.source_kind,
            lang=item.lang,
            author=(item.author_handle or item.author_name)[:300],
        )
        mention.queries.set(query_ids)
        for query_id in query_ids:
            bump_bucket(query_id, minute(published))
    return len(per_brand)


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
