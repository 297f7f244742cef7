from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per worker host, touched by a beat task: tells the UI the worker is alive."""

    hostname = models.CharField(max_length=200, unique=True)
    last_seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.hostname} {self.last_seen_at:%Y-%m-%d %H:%M:%S}"
