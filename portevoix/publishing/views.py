from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from portevoix.accounts.decorators import brand_view
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm
from portevoix.publishing import queries


@brand_view(Perm.CALENDAR_VIEW)
def target_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    """The brand's posts on their channels with their publishing state, soonest first."""
    targets = queries.targets_of(brand).exclude(status="draft")[:200]
    return render(request, "publishing/target_list.html", {"brand": brand, "targets": targets})


@brand_view(Perm.CALENDAR_VIEW)
def target_detail(request: HttpRequest, brand: Brand, pk: int) -> HttpResponse:
    """One post on one channel: its state, the platform's link, and every attempt."""
    target = get_object_or_404(queries.targets_of(brand), pk=pk)
    context = {"brand": brand, "target": target, "attempts": queries.attempts_of(target)}
    return render(request, "publishing/target_detail.html", context)
