"""`portevoix beat [celery options]`: the one scheduler of a scale-mode deployment.

Run exactly one: it only sends the periodic sweeps; the sweeps claim due rows with a conditional
UPDATE, so a second beat by mistake duplicates sweeps, never work.
"""

from __future__ import annotations

from django.conf import settings

from portevoix.system.management.commands.worker import Command as WorkerCommand


class Command(WorkerCommand):
    help = "Run Celery beat (options after the command go to celery)."

    def run_from_argv(self, argv: list[str]) -> None:
        self._exec(["beat", "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME, *argv[2:]])
