"""A real Celery worker, in a thread of the test process, on a real broker.

The broker is the one PORTEVOIX_TEST_BROKER_URL names (Redis on CI), else the SQLite-backed
broker of `make run` (kombu's SQLAlchemy transport, lib/broker.py) in a file of the test's
temporary directory. Tasks cross it as JSON, as in production.

On SQLite the test database lives in memory, and a second connection to it from the worker
thread would go through SQLite's shared cache, which locks whole tables between connections
("database table is locked", no busy timeout): an artefact of the test set-up, never of a real
deployment (separate processes on a file database). So the worker thread uses the test's own
connection, as Django's live server thread does for the same reason. The test waits for the
worker to finish its tasks (task_postrun) instead of reading the database meanwhile, so the two
threads never use that connection at the same time.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from celery import Celery
from celery.contrib.testing.worker import TestWorkController, start_worker
from celery.signals import task_postrun
from celery.worker import loops
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

# A loaded shared machine: a task normally finishes within a second.
TIMEOUT = 30.0
# How long the worker waits on the SQLite broker before it looks whether it was told to stop.
DRAIN = 0.2


def broker_url(tmp_path: Path) -> str:
    return (
        os.environ.get("PORTEVOIX_TEST_BROKER_URL")
        or f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    )


def fresh_pools(app: Celery) -> None:
    # Sends go through the app's producer pool, made for the broker of whatever ran before in
    # this process: drop it so the next send connects to the broker now configured.
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


class SharedDatabaseWorker(TestWorkController):
    """The embedded worker, using the test's in-memory SQLite connections in its thread."""

    def __init__(self, *args: Any, shared: dict[str, BaseDatabaseWrapper], **kwargs: Any):
        self.shared = shared
        super().__init__(*args, **kwargs)
        consumer: Any = self.consumer  # type: ignore[attr-defined]  # set by the blueprint
        if consumer.loop is loops.synloop:
            consumer.loop = short_drains_synloop

    def start(self) -> Any:
        for alias, connection in self.shared.items():
            connections[alias] = connection
        try:
            return super().start()
        finally:
            # The worker's own connections (PostgreSQL), else the test database could not be
            # dropped; closing a shared in-memory one is a no-op.
            connections.close_all()


class ShortDrains:
    """A broker connection whose waits for a message last DRAIN at most."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def drain_events(self, timeout: float | None = None, **kwargs: Any) -> Any:
        return self._connection.drain_events(timeout=min(timeout or DRAIN, DRAIN), **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def short_drains_synloop(obj: Any, connection: Any, *args: Any, **kwargs: Any) -> Any:
    """Celery's loop for transports without an event loop (the SQLAlchemy one), with shorter
    waits: its own waits 2 s for a message, and once more after it is told to stop, which made
    each test spend 4 s stopping the worker. Messages are taken as they come either way."""
    return loops.synloop(obj, ShortDrains(connection), *args, **kwargs)


@dataclass
class Runs:
    """The tasks the worker finished, by name, with their final state."""

    states: dict[str, list[str]] = field(default_factory=dict)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def record(self, sender: Any = None, state: str | None = None, **kwargs: Any) -> None:
        if getattr(sender.request, "is_eager", False):
            return
        with self.changed:
            self.states.setdefault(sender.name, []).append(state or "")
            self.changed.notify_all()

    def wait_for(self, name: str, count: int = 1, timeout: float = TIMEOUT) -> list[str]:
        """The states of the first `count` runs of task `name`, once the worker finished them."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while len(self.states.get(name, [])) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{name} ran {self.states.get(name, [])}, not {count}x")
                self.changed.wait(left)
            return list(self.states[name])


@contextmanager
def worker_thread(app: Celery, tmp_path: Path, *, routes: list[str]) -> Iterator[Runs]:
    """A worker consuming a queue of its own (parallel runs never share one), to which the
    tasks matching `routes` (glob patterns of task names) are sent while it runs."""
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    keys = ("broker_url", "task_always_eager", "task_routes")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        broker_url=broker_url(tmp_path),
        task_always_eager=False,
        task_routes={pattern: {"queue": queue} for pattern in routes},
    )
    fresh_pools(app)
    shared = {
        c.alias: c
        for c in connections.all()
        if c.vendor == "sqlite" and c.is_in_memory_db()  # type: ignore[attr-defined]
    }
    for database in shared.values():
        database.inc_thread_sharing()
    runs = Runs()
    task_postrun.connect(runs.record, weak=False)
    try:
        app.connection_for_write().ensure_connection(max_retries=3)
        with start_worker(
            app,
            pool="solo",
            perform_ping_check=False,
            queues=[queue],
            shutdown_timeout=10,
            WorkController=lambda **kwargs: SharedDatabaseWorker(shared=shared, **kwargs),
        ):
            yield runs
        # Nothing left in the queue to be delivered again.
        with app.connection_for_write() as broker:
            channel: Any = broker.default_channel
            assert channel.queue_declare(queue=queue).message_count == 0
            channel.queue_delete(queue=queue)
    finally:
        task_postrun.disconnect(runs.record)
        for database in shared.values():
            database.dec_thread_sharing()
        app.conf.update(saved)
        fresh_pools(app)
