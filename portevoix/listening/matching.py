"""The standing queries of every brand, held in memory by each worker and kept in step with the
database without rebuilding: a sync applies only the queries changed since the last one (and
drops the deleted ones), so adding or editing a query costs one `Monitor.add`.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Protocol

from portevoix.listening.models import MonitorQuery
from portevoix.listening.query import Document, Monitor, QueryError

# A worker looks for changed queries at most this often (seconds): a query saved in the UI is
# live within a few seconds, and a flood of items does not cost a database round trip each.
SYNC_EVERY = 2.0


class Matchable(Protocol):
    """What the matcher reads of an item: a stored `Item` or one about to be (`NewItem`)."""

    title: str
    text: str
    lang: str
    author_handle: str
    author_name: str
    url: str
    source_kind: str


class BrandMonitor:
    def __init__(self) -> None:
        self.engine = Monitor()
        self.brand_of: dict[int, int] = {}
        self.changed_since: dt.datetime | None = None
        self.last_sync = 0.0
        self.lock = threading.Lock()

    def sync(self, *, force: bool = False) -> None:
        if not force and time.monotonic() - self.last_sync < SYNC_EVERY:
            return
        with self.lock:
            changed = MonitorQuery.objects.all()
            if self.changed_since is not None:
                # A little overlap: two saves in the same clock tick are both seen.
                changed = changed.filter(
                    updated_at__gte=self.changed_since - dt.timedelta(seconds=1)
                )
            newest = self.changed_since
            for query_id, brand_id, text, enabled, updated in changed.values_list(
                "id", "brand_id", "query", "enabled", "updated_at"
            ):
                newest = updated if newest is None or updated > newest else newest
                self._apply(query_id, brand_id, text, enabled)
            live = set(MonitorQuery.objects.values_list("id", flat=True))
            for gone in set(self.brand_of) - live:
                self.engine.remove(gone)
                del self.brand_of[gone]
            self.changed_since = newest
            self.last_sync = time.monotonic()

    def _apply(self, query_id: int, brand_id: int, text: str, enabled: bool) -> None:
        if query_id in self.brand_of:
            self.engine.remove(query_id)
            del self.brand_of[query_id]
        if not enabled:
            return
        try:
            self.engine.add(query_id, text)
        except QueryError:
            return  # refused when saved; an old row from before a rule changed stays out
        self.brand_of[query_id] = brand_id

    def match_item(self, item: Matchable) -> list[tuple[int, int]]:
        """(brand id, query id) for every query the item matches."""
        self.sync()
        document = Document(
            title=item.title,
            text=item.text,
            lang=item.lang,
            author=item.author_handle or item.author_name,
            url=item.url,
            source=item.source_kind,
        )
        matched = [q for q in self.engine.match(document) if isinstance(q, int)]
        return [(self.brand_of[q], q) for q in matched if q in self.brand_of]


_monitor: BrandMonitor | None = None


def current_monitor() -> BrandMonitor:
    global _monitor
    if _monitor is None:
        _monitor = BrandMonitor()
    return _monitor


def reset_monitor() -> None:
    """Tests start each with an empty monitor (their database is new)."""
    global _monitor
    _monitor = None


def language_of(text: str, brand_languages: list[str]) -> str:
    from portevoix.listening.nlp import detect_language

    lang, _confidence = detect_language(text, brand_languages)
    return lang
