from celery import shared_task

from portevoix.system.actions import record_heartbeat


@shared_task
def heartbeat_task() -> None:
    record_heartbeat()
