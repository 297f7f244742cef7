"""Thin tasks: an id in, one action called (style.md, "Tasks"). Routed to the `publish` queue."""

from celery import shared_task

from portevoix.publishing import actions


@shared_task
def publish_target_task(target_id: int) -> None:
    actions.publish_target(target_id)


@shared_task
def sweep_task() -> None:
    actions.sweep()
