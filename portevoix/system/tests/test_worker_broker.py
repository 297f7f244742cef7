"""A real Celery worker takes a task from a real broker and writes to the database.

The broker is Redis (or RabbitMQ) when PORTEVOIX_TEST_BROKER_URL is set, as on CI, else the
SQLite-backed broker that `make run` uses, in a temporary file (lib/tests/worker_thread.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from portevoix.celery import app
from portevoix.lib.tests.worker_thread import worker_thread
from portevoix.system.models import WorkerHeartbeat
from portevoix.system.tasks import heartbeat_task


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_task_through_the_broker(tmp_path: Path) -> None:
    before = timezone.now()
    with worker_thread(app, tmp_path, routes=[heartbeat_task.name]) as runs:
        heartbeat_task.delay()
        assert runs.wait_for(heartbeat_task.name) == ["SUCCESS"]
    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.last_seen_at >= before
