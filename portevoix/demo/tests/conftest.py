from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from portevoix.demo.tests.browser import chromium
from portevoix.publishing.tasks import publish_targets_task


@pytest.fixture(autouse=True)
def no_local_bluesky(settings: Any) -> None:
    # seed-demo looks for a local Bluesky network; a test that wants one says where it is.
    settings.PORTEVOIX_DEMO_BLUESKY_URL = "off"


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told that this is deliberate.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium() as launched:
        yield launched


@pytest.fixture
def in_process_worker(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Publishing tasks run here as a worker would: their arguments go through JSON first."""
    sent: list[int] = []

    def apply_async(args: tuple[Any, ...], **options: Any) -> None:
        (target_ids,) = json.loads(json.dumps(args))
        sent.extend(target_ids)
        publish_targets_task(target_ids)

    monkeypatch.setattr(publish_targets_task, "apply_async", apply_async)
    return sent
