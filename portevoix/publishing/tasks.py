"""Thin tasks: an id in, one action called (style.md, "Tasks"). Routed to the `publish` queue."""

from celery import shared_task

from portevoix.publishing import actions


@shared_task
def publish_target_task(target_id: int) -> None:
    """One target per message, as earlier versions sent them (still in a queue at upgrade)."""
    actions.publish_target(target_id)


@shared_task
def publish_targets_task(target_ids: list[int]) -> None:
    """What the sweep sends: a few targets per message (actions.enqueue)."""
    actions.publish_targets(target_ids)


@shared_task
def sweep_task() -> None:
    actions.sweep()
