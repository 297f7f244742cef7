"""Listening: where we look (sources), what we look for (standing queries), what we found.

An `Item` is one document of the incoming stream (a feed entry, a post found by a platform
search, a comment on an owned channel), stored once however many sources or brands see it:
de-duplicated by canonical URL and by content hash. Every item is matched against every standing
query of every brand at once; a `Mention` is an item that matched at least one query of a brand,
with that brand's enrichment (sentiment — correctable by the brand —, reach, keyphrases).
`QueryBucket` counts matches per query and minute: the dashboards and the spike detector read
those counters instead of scanning mentions. `MentionHour`, `ArchiveDay`, `AuthorMonth` and
`AuthorDay` are the archive's rollups (see `archive.py`): the dashboard widgets read them
instead of every mention.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portevoix.accounts.models import Brand
from portevoix.connectors.models import ConnectedAccount


class SourceKind(models.TextChoices):
    FEED = "feed", _("RSS/Atom feed")
    PLATFORM_SEARCH = "platform_search", _("Platform search")
    OWNED_MENTIONS = "owned_mentions", _("Mentions of an owned account")


class SourceStatus(models.TextChoices):
    NEW = "new", _("Not polled yet")
    OK = "ok", _("Working")
    ERROR = "error", _("Failing")
    DISABLED = "disabled", _("Disabled")


class Source(models.Model):
    brand = models.ForeignKey(
        Brand, on_delete=models.CASCADE, related_name="sources", verbose_name=_("brand")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    name = models.CharField(_("name"), max_length=160)
    url = models.URLField(_("feed address"), max_length=1000, blank=True)
    account = models.ForeignKey(
        ConnectedAccount,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sources",
        verbose_name=_("account"),
    )
    search_terms = models.CharField(_("search terms"), max_length=500, blank=True)
    poll_interval = models.PositiveIntegerField(_("poll every (seconds)"), default=900)
    enabled = models.BooleanField(_("enabled"), default=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Conditional GET (feeds) and the platform's opaque cursor (searches, mentions).
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    cursor = models.TextField(blank=True)
    # Health, shown next to the source.
    status = models.CharField(
        _("state"), max_length=12, choices=SourceStatus.choices, default=SourceStatus.NEW
    )
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    items_seen = models.PositiveBigIntegerField(_("items seen"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["brand", "name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name


class MonitorQuery(models.Model):
    """A standing query in the monitoring query language (query-language.md)."""

    brand = models.ForeignKey(
        Brand, on_delete=models.CASCADE, related_name="monitor_queries", verbose_name=_("brand")
    )
    name = models.CharField(_("name"), max_length=160)
    query = models.TextField(_("query"), max_length=4096)
    # A competitor's query: counted for share of voice, not alerted on as the brand's own.
    is_competitor = models.BooleanField(_("competitor"), default=False)
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Workers keep a matcher in memory and apply only what changed since they last looked.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["brand", "name"]
        verbose_name = _("standing query")
        verbose_name_plural = _("standing queries")

    def __str__(self) -> str:
        return self.name


def hash_key(content_hash: str) -> int:
    """The 64-bit key under which an item's content hash is indexed (a signed BIGINT).

    The index takes 8-byte keys instead of 64-character text: at 1M items a batch's random
    inserts dirtied about 14,000 of its pages, now about 5,000. Two hashes may share a key, so
    a lookup by key compares the full hashes (store.py)."""
    digest = hashlib.blake2b(content_hash.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class Item(models.Model):
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    source_kind = models.CharField(max_length=40)  # rss, atom, bluesky, mastodon, …
    url = models.URLField(max_length=2000, blank=True)
    # Indexed in Meta.indexes: `db_index=True` also gives a CharField a second index on
    # PostgreSQL, for LIKE, that nothing here queries and that every insert paid for.
    canonical_url = models.CharField(max_length=2000, blank=True)
    content_hash = models.CharField(max_length=64)
    content_key = models.BigIntegerField(editable=False)  # hash_key(content_hash), indexed
    platform_id = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=1000, blank=True)
    text = models.TextField(blank=True)
    lang = models.CharField(max_length=8, blank=True)
    author_handle = models.CharField(max_length=300, blank=True)
    author_name = models.CharField(max_length=300, blank=True)
    author_followers = models.PositiveBigIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        # The two de-duplication keys (store.py), looked up by equality only.
        indexes = [
            models.Index(fields=["canonical_url"], name="item_canonical_url"),
            models.Index(fields=["content_key"], name="item_content_key"),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The bulk write (store.py) sets it itself; this is for any other writer.
        self.content_key = hash_key(self.content_hash)
        super().save(*args, **kwargs)


class Sentiment(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class Mention(models.Model):
    """An item that matched at least one of a brand's queries; fields used by the dashboards are
    copied here from the item so that each widget reads one indexed table."""

    # No index of its own: the unique (brand, item) index starts with the brand.
    brand = models.ForeignKey(
        Brand, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="mentions")
    queries = models.ManyToManyField(MonitorQuery, related_name="mentions", blank=True)
    # No index of its own: every reader by date is one brand's (brand, date, … below).
    published_at = models.DateTimeField()
    source_kind = models.CharField(_("source"), max_length=40)
    lang = models.CharField(_("language"), max_length=8, blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    # Empty until the worker has classified it (in batches, never on the matching path).
    sentiment = models.CharField(
        _("sentiment"), max_length=10, choices=Sentiment.choices, blank=True
    )
    sentiment_score = models.FloatField(null=True, blank=True)
    sentiment_corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # indexed where set only (Meta.indexes): most mentions have none
    )
    reach = models.PositiveSmallIntegerField(_("reach"), null=True, blank=True)
    keyphrases = models.JSONField(default=list, blank=True)
    enriched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["brand", "item"], name="one_mention_per_brand_item")
        ]
        # Each index costs every insert (≈ 4 µs at 1M mentions on SQLite): none is a prefix of
        # another, and the worker's queue is a partial index holding only what waits.
        indexes = [
            models.Index(
                fields=["id"], condition=Q(enriched_at__isnull=True), name="mention_to_enrich"
            ),
            models.Index(
                fields=["sentiment_corrected_by"],
                condition=Q(sentiment_corrected_by__isnull=False),
                name="mention_corrected_by",
            ),
            # The archive list (newest first) and the edges of the rollups (queries.py).
            models.Index(
                fields=["brand", "published_at", "sentiment"], name="mention_brand_day_sentiment"
            ),
            # Exact counts of the top authors' candidates, read from the index alone.
            models.Index(
                fields=["brand", "author", "published_at", "sentiment"],
                name="mention_brand_author_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brand}: {self.item}"


class QueryBucket(models.Model):
    """Matches of one query in one minute: volume and negative share, for alerts and charts."""

    query = models.ForeignKey(MonitorQuery, on_delete=models.CASCADE, related_name="buckets")
    start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
    negative = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["query", "start"]
        constraints = [
            models.UniqueConstraint(fields=["query", "start"], name="one_bucket_per_minute")
        ]

    def __str__(self) -> str:
        return f"{self.query_id}@{self.start:%Y-%m-%d %H:%M} {self.count}"


class MentionHour(models.Model):
    """Mentions per brand and UTC hour, by sentiment: the per-day chart sums these (24 rows a day
    at most, whatever the volume) in the brand's time zone. `hour` counts hours since 1970-01-01
    00:00 UTC, so that both databases group it by plain integer arithmetic; a sentiment the
    worker has not given yet (or any other value) counts as unclassified.

    The rollups are counted by `archive.count_mentions` when mentions are stored and moved by
    database triggers when a mention changes or goes (whoever changes it); `portevoix
    rebuild-search-index` rebuilds them from the mentions. On SQLite the table is WITHOUT ROWID
    (migration 0005): the key is the table, so a widget reads its rows in one b-tree walk."""

    pk = models.CompositePrimaryKey("brand_id", "hour")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
    hour = models.IntegerField()
    positive = models.IntegerField(default=0)
    neutral = models.IntegerField(default=0)
    negative = models.IntegerField(default=0)
    unclassified = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.brand_id} h{self.hour}"


class AuthorMonth(models.Model):
    """Mentions per brand, UTC month and author: the top-authors widget walks these, largest
    first, to bound what any author can have in a period (queries.top_authors)."""

    pk = models.CompositePrimaryKey("brand_id", "month", "author")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()  # the first day of the UTC month
    author = models.CharField(max_length=300)
    count = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["brand", "month", "count"], name="author_month_rank")]

    def __str__(self) -> str:
        return f"{self.brand_id} {self.month:%Y-%m} {self.author}: {self.count}"


class AuthorDay(models.Model):
    """Mentions per brand, author and UTC day (and how many negative): the exact counts of the
    authors `AuthorMonth` says may rank."""

    pk = models.CompositePrimaryKey("brand_id", "author", "day")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
    author = models.CharField(max_length=300)
    day = models.DateField()
    count = models.IntegerField(default=0)
    negative = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.brand_id} {self.author} {self.day}: {self.count}"


class ArchiveDay(models.Model):
    """Mentions per brand, UTC day and source kind (and how many negative): the whole-archive
    chart and the sources widget read these rows instead of every mention. Counted like
    `MentionHour`."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    source_kind = models.CharField(max_length=40)
    count = models.IntegerField(default=0)
    negative = models.IntegerField(default=0)

    class Meta:
        ordering = ["day", "source_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "day", "source_kind"], name="one_archive_day_per_source"
            )
        ]
        indexes = [models.Index(fields=["day", "source_kind"], name="archive_day_source")]

    def __str__(self) -> str:
        return f"{self.brand_id} {self.day} {self.source_kind}: {self.count}"


class SentimentCorrection(models.Model):
    """A person's one-click correction: kept for ever (the brand's classifier learns from it)."""

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="corrections")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.CharField(max_length=10, choices=Sentiment.choices, blank=True)
    after = models.CharField(max_length=10, choices=Sentiment.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sentiment correction")
        verbose_name_plural = _("sentiment corrections")

    def __str__(self) -> str:
        return f"{self.mention_id}: {self.before} → {self.after}"


class BrandClassifier(models.Model):
    """A brand's learned sentiment adjustments (nlp.BrandSentimentModel as JSON)."""

    brand = models.OneToOneField(Brand, on_delete=models.CASCADE, related_name="classifier")
    model = models.JSONField(default=dict, blank=True)
    corrections = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"classifier of {self.brand}"
