"""SQLite connections for the single-machine install's Celery broker (`sqla+sqlite://`).

Imported by the settings: no kombu or SQLAlchemy here (lib/broker.py has the transport)."""

from __future__ import annotations

import sqlite3
from typing import Any


class WalConnection(sqlite3.Connection):
    """WAL, and no fsync at each commit: kombu's SQLAlchemy transport commits once per message
    sent and once per message taken, and in the default rollback-journal mode each commit cost
    several fsyncs (about 20 ms a message sent on the benchmark machine, 5 ms in WAL). A power
    cut may drop the last messages, never corrupt the file; the database, not the queue, holds
    what is due (a queued target whose task is gone is sent again)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execute("PRAGMA journal_mode=WAL")
        self.execute("PRAGMA synchronous=NORMAL")
