"""Thin tasks: a beat sweep claims due sources and fans out one poll per source."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from portevoix.listening import enrichment, sources


@shared_task(name="portevoix.listening.tasks.sweep_sources_task")
def sweep_sources_task() -> None:
    now = timezone.now()
    for source_id in sources.due_sources(now):
        if sources.claim_source(source_id, now):
            transaction.on_commit(lambda sid=source_id: poll_source_task.delay(sid))  # type: ignore[misc]


@shared_task(name="portevoix.listening.tasks.poll_source_task")
def poll_source_task(source_id: int) -> None:
    stats = sources.poll_source(source_id)
    if stats is not None and stats.mentions:
        enrich_mentions_task.delay()


@shared_task(name="portevoix.listening.tasks.enrich_mentions_task")
def enrich_mentions_task() -> None:
    """Classify what is waiting, a batch at a time, until nothing is left."""
    while enrichment.enrich_pending():
        pass
