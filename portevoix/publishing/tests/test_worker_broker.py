"""A real Celery worker takes the sweep's task from a real broker and publishes the target.

The broker is Redis when PORTEVOIX_TEST_BROKER_URL is set (CI), else the SQLite-backed broker
of `make run`, in a temporary file. The task's arguments cross the broker as JSON.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from portevoix.celery import app
from portevoix.editorial.models import TargetStatus
from portevoix.publishing import actions
from portevoix.publishing.models import Outcome, PublishAttempt
from portevoix.publishing.tests.factories import make_target, posts_made


def fresh_pools() -> None:
    # The sweep fans out through the app's producer pool, made for the broker of whatever ran
    # before in this process: drop it so the next send connects to the broker now configured.
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@pytest.fixture
def broker_url(tmp_path: Path) -> str:
    return (
        os.environ.get("PORTEVOIX_TEST_BROKER_URL")
        or f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    )


# The worker runs as a thread of this process. On SQLite it then shares the in-memory test
# database with the test, and SQLite's shared cache locks whole tables between the two threads
# ("database table is locked"): an artefact of the test set-up, never of a real deployment
# (separate processes on a file database). The PostgreSQL pass of `make test` runs it, with Redis.
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="in-process worker thread and SQLite's shared in-memory test database lock each other",
)
@pytest.mark.django_db(transaction=True)
def test_it_publishes_a_due_target_through_the_broker_and_a_worker(brand, broker_url) -> None:
    keys = ("broker_url", "task_always_eager", "task_routes")
    saved = {k: app.conf[k] for k in keys}
    queue = f"test-publish-{os.getpid()}-{time.monotonic_ns()}"  # parallel runs never share
    app.conf.update(
        broker_url=broker_url,
        task_always_eager=False,
        task_routes={"portevoix.publishing.tasks.*": {"queue": queue}},
    )
    fresh_pools()
    app.connection_for_write().ensure_connection(max_retries=3)
    target = make_target(brand, scheduled_at=timezone.now() - dt.timedelta(seconds=1))
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10
        ):
            assert actions.sweep().claimed == [target.pk]
            deadline = time.monotonic() + 60  # a loaded shared machine
            while time.monotonic() < deadline:
                try:
                    target.refresh_from_db()
                except OperationalError:
                    # SQLite's shared in-memory test database: the worker thread holds the
                    # table while it writes; read again in a moment.
                    time.sleep(0.1)
                    continue
                if target.status == TargetStatus.PUBLISHED:
                    break
                time.sleep(0.1)
    finally:
        app.conf.update(saved)
        fresh_pools()
    assert target.status == TargetStatus.PUBLISHED
    assert posts_made(target) == 1
    assert PublishAttempt.objects.get(target=target).outcome == Outcome.PUBLISHED
