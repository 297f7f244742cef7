from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from portevoix.publishing import actions
from portevoix.publishing.tasks import publish_targets_task


@pytest.fixture
def delayed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Tasks run in the test's process as a worker would run them: their arguments go through
    JSON first (the broker's serializer), so a non-JSON argument fails here too."""
    sent: list[int] = []

    def apply_async(args: tuple[Any, ...], **options: Any) -> None:
        (target_ids,) = json.loads(json.dumps(args))
        sent.extend(target_ids)
        publish_targets_task(target_ids)

    monkeypatch.setattr(publish_targets_task, "apply_async", apply_async)
    # Nothing waits in a broker: every task sent ran at once.
    monkeypatch.setattr(actions, "waiting_in_queue", lambda: 0)
    return sent


@pytest.fixture
def sweep_at(
    delayed: list[int], django_capture_on_commit_callbacks: Any
) -> Callable[[dt.datetime], actions.SweepResult]:
    """Run the beat sweep at a moment, and the tasks it enqueues once it commits."""

    def run(moment: dt.datetime) -> actions.SweepResult:
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return actions.sweep()

    return run
