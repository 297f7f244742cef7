"""A real Celery worker takes a task from a real broker and writes to the database.

The broker is Redis (or RabbitMQ) when PORTEVOIX_TEST_BROKER_URL is set, as on CI, else the
SQLite-backed broker that `make run` uses, in a temporary file.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from portevoix.celery import app
from portevoix.system.models import WorkerHeartbeat
from portevoix.system.tasks import heartbeat_task


@pytest.fixture
def broker_url(tmp_path: Path) -> str:
    return (
        os.environ.get("PORTEVOIX_TEST_BROKER_URL")
        or f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    )


# As in publishing/tests/test_worker_broker.py: the worker is a thread of this process, and on
# SQLite it shares the in-memory test database, whose shared cache locks tables between the two
# threads (seen failing under load). The PostgreSQL pass of `make test` runs it, with Redis.
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="in-process worker thread and SQLite's shared in-memory test database lock each other",
)
@pytest.mark.django_db(transaction=True)
def test_it_runs_a_task_through_the_broker(broker_url: str) -> None:
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")}
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"  # parallel runs never share a queue
    app.conf.update(broker_url=broker_url, task_always_eager=False, task_default_queue=queue)
    app.connection_for_write().ensure_connection(max_retries=3)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10
        ):
            heartbeat_task.delay()
            deadline = time.monotonic() + 20
            while not WorkerHeartbeat.objects.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
        assert WorkerHeartbeat.objects.count() == 1
    finally:
        app.conf.update(saved)
