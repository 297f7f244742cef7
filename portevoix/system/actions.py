import socket
from datetime import timedelta

from django.utils import timezone

from portevoix.system.models import WorkerHeartbeat

# Beat sends a heartbeat every 30 s; two missed beats mean the worker is down.
STALE_AFTER = timedelta(seconds=75)


def record_heartbeat(hostname: str | None = None) -> WorkerHeartbeat:
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname or socket.gethostname(), defaults={"last_seen_at": timezone.now()}
    )
    return heartbeat


def worker_alive() -> bool:
    return WorkerHeartbeat.objects.filter(last_seen_at__gte=timezone.now() - STALE_AFTER).exists()
