from django.contrib import admin

from portevoix.lib.admin import ReadOnlyAdmin
from portevoix.system.models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["hostname", "last_seen_at"]
