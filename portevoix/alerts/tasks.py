"""Thin tasks: the spike sweep (every 30 s) and the digest sweep (every 15 min)."""

from __future__ import annotations

from celery import shared_task

from portevoix.alerts import actions, digest


@shared_task(name="portevoix.alerts.tasks.detect_spikes_task")
def detect_spikes_task() -> None:
    actions.detect()


@shared_task(name="portevoix.alerts.tasks.send_digests_task")
def send_digests_task() -> None:
    digest.send_due_digests()
