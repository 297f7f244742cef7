"""The Celery app. The database is the source of truth for schedules; beat only runs sweeps."""

import os
from typing import Any

from celery import Celery
from celery.signals import task_postrun, task_prerun
from kombu.transport import TRANSPORT_ALIASES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.settings")
# `sqla+sqlite://…` (make run): the SQLAlchemy transport with a usable polling interval.
TRANSPORT_ALIASES["sqla"] = "portevoix.lib.broker:BrokerTransport"

app = Celery("portevoix")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_old_connections(task: Any = None, **kwargs: Any) -> None:
    """Workers keep database connections as long as CONN_MAX_AGE says, like web requests do.

    Celery's own Django fixup closes every connection before and after each task unless
    CELERY_DB_REUSE_MAX is set (settings.py sets it out of reach): on PostgreSQL that is one new
    server process per task, more CPU than the publish itself. Django's check drops a
    connection that broke or outlived its age. Not for a task run eagerly, inside a test's
    transaction (Celery's fixup spares those too)."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections as close

    close()
