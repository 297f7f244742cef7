"""A platform that lives on this machine: the demo brand's channel and the tests' and benchmarks'
stand-in. It is honest about what it is (its label says "demo") and keeps every post it receives,
in a SQLite file shared by every worker process when `store` is set, so the publishing benchmark
can count posts made twice even when a worker is killed in the middle.

`account.config` can make it misbehave, for tests and for showing failure states in the demo:
`fail_with` = "unavailable" | "rate_limited" | "quota" | "auth_expired" | "rejected" |
"outcome_unknown" | "sent_then_timeout" (the post is stored, then the answer is "lost").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from portevoix.connectors.base import (
    Account,
    Capabilities,
    ConnectField,
    Connector,
    CountUnit,
    Credentials,
    Draft,
    Health,
    Limits,
    MediaLimits,
    Published,
    PublishState,
)
from portevoix.connectors.errors import (
    AuthExpired,
    OutcomeUnknown,
    QuotaExceeded,
    RateLimited,
    Rejected,
    Unavailable,
)

_MEMORY_LOCK = threading.Lock()
_LOCAL = threading.local()
_SCHEMA = """
create table if not exists posts (
    id integer primary key autoincrement,
    idempotency_key text not null,
    handle text not null,
    text text not null,
    media_count integer not null,
    created_at text not null
);
create index if not exists posts_key on posts (idempotency_key);
"""


class FakeStore:
    """The fake platform's database: one SQLite file (or memory, for one process).

    Each thread keeps its connection to the file: opening one (and running the schema) for every
    post cost more than the post itself, and closing the last connection checkpoints the WAL.
    WAL with `synchronous=NORMAL` survives a killed process, which is what the benchmark does
    to it; only a power cut may drop the last posts, and this platform is a stand-in."""

    _memory: sqlite3.Connection | None = None

    def __init__(self, path: str = "") -> None:
        self.path = path

    def connect(self) -> sqlite3.Connection:
        if not self.path:
            with _MEMORY_LOCK:
                if FakeStore._memory is None:
                    FakeStore._memory = sqlite3.connect(":memory:", check_same_thread=False)
                    FakeStore._memory.executescript(_SCHEMA)
                return FakeStore._memory
        held: tuple[int, str, sqlite3.Connection] | None = getattr(_LOCAL, "held", None)
        if held is not None and held[:2] == (os.getpid(), self.path):
            return held[2]
        if held is not None and held[0] == os.getpid():
            held[2].close()  # one file per thread at a time: the tests' stores come and go
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.execute("pragma journal_mode=wal")
        connection.execute("pragma synchronous=normal")
        connection.executescript(_SCHEMA)
        _LOCAL.held = (os.getpid(), self.path, connection)
        return connection

    def _lock(self) -> Any:
        return _MEMORY_LOCK if not self.path else contextlib.nullcontext()

    def add(self, key: str, handle: str, text: str, media_count: int) -> int:
        connection = self.connect()
        with self._lock():
            cursor = connection.execute(
                "insert into posts (idempotency_key, handle, text, media_count, created_at)"
                " values (?, ?, ?, ?, ?)",
                (key, handle, text, media_count, dt.datetime.now(dt.UTC).isoformat()),
            )
        return int(cursor.lastrowid or 0)

    def find(self, key: str) -> int | None:
        connection = self.connect()
        with self._lock():
            row = connection.execute(
                "select id from posts where idempotency_key = ? order by id limit 1", (key,)
            ).fetchone()
        return int(row[0]) if row else None

    def counts(self) -> dict[str, int]:
        """idempotency key → how many posts it made (more than 1 is a duplicate)."""
        connection = self.connect()
        with self._lock():
            rows = connection.execute(
                "select idempotency_key, count(*) from posts group by idempotency_key"
            ).fetchall()
        return {key: n for key, n in rows}


class FakeConnector(Connector):
    kind = "fake"
    label = _("Demo channel (simulated, on this machine)")
    capabilities = Capabilities(publish_text=True, images=4, delete=False)
    auth = "fields"
    connect_fields = (ConnectField("handle", _("Channel name"), placeholder="cafe-lumiere-demo"),)
    default_limits = Limits(
        max_length=500,
        unit=CountUnit.CHARACTERS,
        media=MediaLimits(
            max_count=4, max_bytes=5 * 1024 * 1024, types=("image/jpeg", "image/png")
        ),
    )
    BASE_URL = "https://demo.porte-voix.invalid"

    @property
    def store(self) -> FakeStore:
        return FakeStore(self.settings.get("store", ""))

    def connect(self, fields: dict[str, str]) -> Account:
        handle = fields.get("handle", "").strip() or "demo"
        return Account(kind=self.kind, handle=handle, external_id=handle)

    def check_health(self, account: Account) -> Health:
        failing = account.config.get("fail_with") == "auth_expired"
        return Health(valid=not failing, expires_at=account.credentials.expires_at)

    def refresh_credentials(self, account: Account) -> Credentials:
        if account.config.get("fail_with") == "auth_expired":
            raise AuthExpired("invalid_grant: the demo token was revoked")
        # Rotate like real platforms do: a new refresh token every time.
        n = int(account.credentials.extra.get("rotation", 0)) + 1
        return Credentials(
            access_token=f"fake-access-{n}",
            refresh_token=f"fake-refresh-{n}",
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=2),
            refresh_expires_at=account.credentials.refresh_expires_at,
            extra={"rotation": n},
        )

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        delay = float(account.config.get("latency_ms", self.settings.get("latency_ms", 0)))
        if delay:
            time.sleep(delay / 1000)
        failure = account.config.get("fail_with", "")
        if failure == "unavailable":
            raise Unavailable("503 Service Unavailable (simulated)", status=503)
        if failure == "rate_limited":
            raise RateLimited("429 Too Many Requests (simulated)", retry_after=60)
        if failure == "quota":
            raise QuotaExceeded(
                "daily limit reached (simulated)",
                reset_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
            )
        if failure == "auth_expired":
            raise AuthExpired("401 token revoked (simulated)", status=401)
        if failure == "rejected":
            raise Rejected("Text contains a forbidden word (simulated)", status=400)
        if failure == "outcome_unknown":
            raise OutcomeUnknown("timed out after sending (simulated), nothing stored")
        post_id = self.store.add(idempotency_key, account.handle, draft.text, len(draft.media))
        state.checkpoint(platform_id=str(post_id))
        if failure == "sent_then_timeout":
            raise OutcomeUnknown("timed out after sending (simulated), the post exists")
        return self._published(account, post_id)

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        post_id = self.store.find(idempotency_key)
        return None if post_id is None else self._published(account, post_id)

    def _published(self, account: Account, post_id: int) -> Published:
        return Published(
            platform_id=str(post_id),
            url=f"{self.BASE_URL}/{account.handle}/{post_id}",
            published_at=dt.datetime.now(dt.UTC),
        )
