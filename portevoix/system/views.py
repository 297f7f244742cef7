from django.db import connection
from django.http import HttpRequest, JsonResponse

from portevoix.accounts.decorators import public_view
from portevoix.system.actions import worker_alive


@public_view
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and `make run`: the database answers; says whether a worker beats."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"database": "ok", "worker": "ok" if worker_alive() else "stale"})
