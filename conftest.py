"""Test set-up that reaches across the apps, kept outside the package so that no app's tests
appear to import another app (import-linter follows `portevoix.conftest`)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def fresh_listening_monitor() -> Any:
    # A worker keeps the standing queries in memory; each test's database is new, so the
    # matcher must start empty too (or it would match queries of another test's brands).
    from portevoix.listening import matching

    matching.reset_monitor()
    yield
    matching.reset_monitor()
