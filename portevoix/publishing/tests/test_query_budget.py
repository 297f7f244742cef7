"""What a publish costs the database, counted: the benchmark's 10,000 targets a minute rest on
it (bench/publish.py). A sweep costs the same few queries per batch however many targets are
due, and a publish a fixed handful of statements."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import TargetStatus
from portevoix.publishing import actions
from portevoix.publishing.tests.factories import DUE, make_target, posts_made

S = TargetStatus


def statements(queries: CaptureQueriesContext) -> list[str]:
    """The reads and writes, without BEGIN/COMMIT/SAVEPOINT."""
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(
            ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")
        )
    ]  # fmt: skip


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sent: list[int] = []
    monkeypatch.setattr(actions, "enqueue", sent.extend)
    return sent


def sweep_queries(brand: Any, n: int, django_capture_on_commit_callbacks: Any) -> int:
    account = make_account(brand, handle=f"channel-{n}")
    for _ in range(n):
        make_target(brand, account)
    with (
        time_machine.travel(DUE, tick=False),
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as queries,
    ):
        claimed = actions.sweep().claimed
    assert len(claimed) == n
    return len(statements(queries))


def test_it_claims_many_targets_in_as_many_queries_as_few(
    brand, enqueued, django_capture_on_commit_callbacks
) -> None:
    few = sweep_queries(brand, 3, django_capture_on_commit_callbacks)
    many = sweep_queries(brand, 60, django_capture_on_commit_callbacks)
    assert many == few
    assert len(enqueued) == 63


def test_it_publishes_a_target_in_six_statements_four_on_postgresql(brand) -> None:
    target = make_target(brand, status=S.QUEUED, claimed_at=DUE)
    with time_machine.travel(DUE, tick=False), CaptureQueriesContext(connection) as queries:
        actions.publish_target(target.pk)
    made = statements(queries)
    # Read the target with its account, post, last attempt and media flag; claim it; record
    # the attempt; save the platform's id; move the target; close the attempt. PostgreSQL
    # claims and records in one statement, and moves and closes in another.
    expected = 4 if connection.vendor == "postgresql" else 6
    assert len(made) == expected, "\n".join(made)
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
    assert posts_made(target) == 1


def test_it_does_nothing_with_a_task_for_a_target_another_worker_has(brand) -> None:
    target = make_target(brand, status=S.PUBLISHING, claimed_at=DUE)
    with time_machine.travel(DUE, tick=False), CaptureQueriesContext(connection) as queries:
        actions.publish_target(target.pk)
    assert len(statements(queries)) == 1  # the read that finds it is not queued
    target.refresh_from_db()
    assert target.status == S.PUBLISHING
    assert posts_made(target) == 0
