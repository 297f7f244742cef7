"""`portevoix worker [celery options]`: a Celery worker for this project (scale mode: run many).

Defaults to every queue; pass `-Q publish` etc. to split them across hosts.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a Celery worker (options after the command go to celery)."

    def run_from_argv(self, argv: list[str]) -> None:
        extra = argv[2:]
        if not any(a in ("-Q", "--queues") or a.startswith("--queues=") for a in extra):
            extra = ["-Q", "default,publish,ingest", *extra]
        self._exec(["worker", *extra])

    def _exec(self, args: list[str]) -> None:
        # Replace this process so signals from a process manager reach Celery directly.
        os.execv(sys.executable, [sys.executable, "-m", "celery", "-A", "portevoix", *args])  # noqa: S606

    def handle(self, *args: Any, **options: Any) -> None:  # pragma: no cover - run_from_argv execs
        raise SystemExit("use: portevoix worker [celery worker options]")
