"""The Celery app. The database is the source of truth for schedules; beat only runs sweeps."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.settings")

app = Celery("portevoix")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
