"""`make run`'s broker (`sqla+sqlite://`): kombu's SQLAlchemy transport with the WAL connection
and a polling interval short enough that a busy worker takes its next task at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from portevoix.celery import app
from portevoix.lib.broker import BrokerTransport


def test_it_polls_the_sqlite_broker_ten_times_a_second(tmp_path: Path) -> None:
    with app.connection_for_write(f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}") as connection:
        assert isinstance(connection.transport, BrokerTransport)
        assert connection.transport.polling_interval == 0.1


def test_it_writes_the_broker_file_in_wal(tmp_path: Path) -> None:
    path = tmp_path / "broker.sqlite"
    with app.connection_for_write(f"sqla+sqlite:///{path}") as connection:
        connection.default_channel.queue_declare(queue="publish")  # type: ignore[attr-defined]
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)
