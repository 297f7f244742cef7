"""The single-machine broker's SQLite connections: WAL, no fsync per commit."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from portevoix.lib.sqlite import WalConnection


def test_it_opens_the_broker_file_in_wal_without_a_sync_per_commit(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "broker.sqlite", factory=WalConnection)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
    connection.close()
