"""A real Celery worker takes the sweep's task from a real broker and publishes the target once.

The broker is Redis when PORTEVOIX_TEST_BROKER_URL is set (CI), else the SQLite-backed broker
of `make run`, in a temporary file (lib/tests/worker_thread.py). The task's arguments cross the
broker as JSON.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from portevoix.celery import app
from portevoix.editorial.models import TargetStatus
from portevoix.lib.tests.worker_thread import worker_thread
from portevoix.publishing import actions
from portevoix.publishing.models import Outcome, PublishAttempt
from portevoix.publishing.tasks import publish_targets_task
from portevoix.publishing.tests.factories import make_target, posts_made


@pytest.mark.django_db(transaction=True)
def test_it_publishes_a_due_target_through_the_broker_and_a_worker(brand, tmp_path: Path) -> None:
    target = make_target(brand, scheduled_at=timezone.now() - dt.timedelta(seconds=1))
    with worker_thread(app, tmp_path, routes=["portevoix.publishing.tasks.*"]) as runs:
        assert actions.sweep().claimed == [target.pk]
        assert runs.wait_for(publish_targets_task.name) == ["SUCCESS"]
        # Claimed already: a second sweep sends nothing more.
        assert actions.sweep().claimed == []
    assert runs.states == {publish_targets_task.name: ["SUCCESS"]}
    target.refresh_from_db()
    assert target.status == TargetStatus.PUBLISHED
    assert posts_made(target) == 1
    assert PublishAttempt.objects.get(target=target).outcome == Outcome.PUBLISHED
