from __future__ import annotations

import pytest

from portevoix.listening import tasks


@pytest.fixture
def tasks_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """`.delay()` runs the task here and now. Not Celery's global task_always_eager: flipping
    the app's configuration leaks into the broker test that runs later in the same worker."""
    for task in (tasks.poll_source_task, tasks.enrich_mentions_task):
        monkeypatch.setattr(task, "delay", task)
