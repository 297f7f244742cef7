from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def eager_celery() -> Iterator[None]:
    from portevoix.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
