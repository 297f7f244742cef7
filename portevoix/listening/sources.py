"""Polling one source: fetch what is new, ingest it, and keep the source's health honest.

Whatever one source does (500, invalid XML, 50 MB, a redirect to a private address, a revoked
token) is recorded on that source and pushes its next poll back (exponential back-off up to
six hours); the sweep goes on with the others.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import Q
from django.utils import timezone

from portevoix.connectors import actions as connector_actions
from portevoix.connectors.base import Page, RemotePost
from portevoix.connectors.errors import AuthExpired, ConnectorError
from portevoix.listening.feeds import FeedError, fetch_feed
from portevoix.listening.models import Source, SourceKind, SourceStatus
from portevoix.listening.pipeline import IngestStats, RawItem, ingest

log = logging.getLogger(__name__)
MAX_BACKOFF = dt.timedelta(hours=6)
# A claimed source is not claimed again for this long, even if its poll never reports back.
LEASE = dt.timedelta(minutes=5)


def due_sources(now: dt.datetime) -> list[int]:
    return list(
        Source.objects.filter(enabled=True)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .values_list("pk", flat=True)[:500]
    )


def claim_source(source_id: int, now: dt.datetime) -> bool:
    """Conditional UPDATE: only one sweep hands a due source to a worker."""
    due = Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    return bool(
        Source.objects.filter(due, pk=source_id, enabled=True).update(next_poll_at=now + LEASE)
    )


def poll_source(source_id: int) -> IngestStats | None:
    source = Source.objects.select_related("brand", "account").filter(pk=source_id).first()
    if source is None or not source.enabled:
        return None
    now = timezone.now()
    try:
        raw_items = _fetch(source)
    except (FeedError, ConnectorError) as exc:
        _record_failure(source, now, exc)
        return None
    except Exception as exc:
        # A parser or connector bug must show on this source, not stop the sweep.
        log.exception("source %s: unexpected error", source.pk)
        _record_failure(source, now, exc)
        return None
    stats = ingest(source, raw_items)
    Source.objects.filter(pk=source.pk).update(
        status=SourceStatus.OK,
        consecutive_failures=0,
        last_polled_at=now,
        last_success_at=now,
        next_poll_at=now + dt.timedelta(seconds=source.poll_interval),
        etag=source.etag,
        last_modified=source.last_modified,
        cursor=source.cursor,
    )
    return stats


def _fetch(source: Source) -> list[RawItem]:
    if source.kind == SourceKind.FEED:
        result = fetch_feed(source.url, etag=source.etag, last_modified=source.last_modified)
        if result.not_modified:
            return []
        source.etag, source.last_modified = result.etag[:500], result.last_modified[:100]
        return [
            RawItem(
                source_kind="rss",
                url=e.url,
                title=e.title,
                text=e.text,
                author_name=e.author,
                published_at=e.published_at,
                platform_id=e.guid[:300],
            )
            for e in result.entries
        ]
    if source.account is None:
        raise FeedError("this source has no connected account")
    connected = source.account
    connector = connector_actions.connector_for(connected.kind)
    account = connected.as_account()
    try:
        if source.kind == SourceKind.PLATFORM_SEARCH:
            page: Page = connector.search(account, source.search_terms, source.cursor)
        else:
            page = connector.fetch_mentions(account, source.cursor)
    except AuthExpired as exc:
        connector_actions.mark_needs_reconnect(connected, exc.message or str(exc))
        raise
    source.cursor = page.cursor or source.cursor
    return [_from_remote(connected.kind, post) for post in page.items]


def _from_remote(kind: str, post: RemotePost) -> RawItem:
    return RawItem(
        source_kind=kind,
        url=post.url,
        text=post.text,
        author_handle=post.author_handle,
        author_name=post.author_name,
        author_followers=post.author_followers,
        published_at=post.created_at,
        lang=post.lang,
        platform_id=post.platform_id,
    )


def _record_failure(source: Source, now: dt.datetime, exc: Exception) -> None:
    failures = source.consecutive_failures + 1
    wait = min(dt.timedelta(seconds=source.poll_interval) * (2 ** min(failures, 10)), MAX_BACKOFF)
    message = getattr(exc, "message", "") or str(exc) or type(exc).__name__
    log.info("source %s failed (%s): %s", source.pk, failures, message)
    Source.objects.filter(pk=source.pk).update(
        status=SourceStatus.ERROR,
        last_error=message[:2000],
        last_error_at=now,
        consecutive_failures=failures,
        last_polled_at=now,
        next_poll_at=now + wait,
    )
