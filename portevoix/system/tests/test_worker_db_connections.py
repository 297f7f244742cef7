"""A worker keeps its database connection from one task to the next, as CONN_MAX_AGE says,
instead of Celery's default of a new one around every task (on PostgreSQL a new server
process each time); a connection past its age, or broken, is dropped."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from celery.fixups.django import DjangoWorkerFixup  # type: ignore[attr-defined]
from django.db import connection

from portevoix.celery import app, close_old_connections

TASK = SimpleNamespace(request=SimpleNamespace(is_eager=False))


def between_tasks() -> None:
    """What a worker runs after one task and before the next (Celery's fixup, then ours)."""
    fixup = DjangoWorkerFixup(app)
    fixup.on_task_postrun(sender=TASK)
    close_old_connections(task=TASK)
    fixup.on_task_prerun(sender=TASK)
    close_old_connections(task=TASK)


@pytest.fixture
def closes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time the connection is closed (SQLite's in-memory test database never really is)."""
    calls: list[str] = []
    monkeypatch.setattr(connection, "close", lambda: calls.append(connection.alias))
    connection.ensure_connection()
    return calls


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_connection_between_tasks(closes: list[str]) -> None:
    connection.close_at = time.monotonic() + 60
    between_tasks()
    assert closes == []


@pytest.mark.django_db(transaction=True)
def test_it_drops_a_connection_past_its_age(closes: list[str]) -> None:
    connection.close_at = time.monotonic() - 1
    between_tasks()
    assert closes


@pytest.mark.django_db(transaction=True)
def test_it_leaves_a_task_run_eagerly_alone(closes: list[str]) -> None:
    connection.close_at = time.monotonic() - 1
    close_old_connections(task=SimpleNamespace(request=SimpleNamespace(is_eager=True)))
    assert closes == []
