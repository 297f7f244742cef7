from celery import shared_task
from celery.signals import worker_ready

from portevoix.system.actions import record_heartbeat


@shared_task
def heartbeat_task() -> None:
    record_heartbeat()


@worker_ready.connect
def announce_worker(**kwargs: object) -> None:
    """Say so as soon as a worker is up, rather than at the first beat 30 s later."""
    record_heartbeat()
