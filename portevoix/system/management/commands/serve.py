"""`portevoix serve`: the web app and its Celery worker (with embedded beat) in one command.

Ctrl-C (or SIGTERM) stops every process it started: the worker first gets a warm shutdown so
the task in hand finishes, then anything still alive after 10 s is killed.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve the web app with its Celery worker and embedded beat."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="Serve the web app alone.")

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        processes: list[subprocess.Popen[bytes]] = []
        if not options["no_worker"]:
            processes.append(
                subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
                    [
                        python,
                        "-m",
                        "celery",
                        "-A",
                        "portevoix",
                        "worker",
                        "-B",
                        # Every queue: `publish`, `ingest` and `default` (settings.CELERY_TASK_ROUTES).
                        "-Q",
                        "default,publish,ingest",
                        "--loglevel",
                        "INFO",
                        "--concurrency",
                        "2",
                        "--schedule",
                        settings.CELERY_BEAT_SCHEDULE_FILENAME,
                    ]
                )
            )
        processes.append(
            subprocess.Popen(  # noqa: S603
                [python, "-m", "portevoix.cli", "runserver", options["addr"], "--noreload"]
            )
        )
        self.stdout.write(f"Porte-voix: http://{options['addr']}/  (Ctrl-C to stop)")
        if settings.DEBUG and apps.is_installed("portevoix.demo"):
            # The demo brand's live feed, in a daemon thread: it ends with this process.
            # By command name: the system layer does not import the demo app.
            threading.Thread(target=self._demo_feed, daemon=True, name="demo-feed").start()

        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(p.poll() is None for p in processes):
                time.sleep(0.3)
        finally:
            for p in processes:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 10
            for p in processes:
                try:
                    p.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        failed = [
            p.args for p in processes if p.returncode not in (0, -signal.SIGTERM, -signal.SIGINT)
        ]
        if failed and not stopping:
            raise SystemExit(f"a process stopped unexpectedly: {failed[0]!r}")

    def _demo_feed(self) -> None:
        try:
            call_command("demo_feed")
        except CommandError as exc:
            self.stderr.write(f"demo feed not started: {exc}")
