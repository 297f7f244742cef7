from __future__ import annotations

from collections.abc import Iterator

import pytest

from portevoix.listening import matching


@pytest.fixture(autouse=True)
def fresh_monitor() -> Iterator[None]:
    # Each test has a new database: the worker's in-memory matcher must start empty too.
    matching.reset_monitor()
    yield
    matching.reset_monitor()


@pytest.fixture
def eager_celery() -> Iterator[None]:
    from portevoix.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
