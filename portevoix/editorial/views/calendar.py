"""Month, week and list views of the brand's targets, drag-and-drop rescheduling, and the share
of content. Every date on these pages is a day in the brand's time zone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portevoix.accounts.decorators import brand_view
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm
from portevoix.editorial import actions
from portevoix.editorial.forms import RescheduleForm, ambiguous_message, nonexistent_message
from portevoix.editorial.models import PostTarget, TargetStatus
from portevoix.editorial.queries import (
    Filters,
    active_accounts,
    brand_now,
    by_local_day,
    cadence_gaps,
    content_share,
    month_weeks,
    targets_between,
    week_start,
)
from portevoix.editorial.views.common import is_htmx, page_context
from portevoix.lib.localtime import AmbiguousTime, NonExistentTime, to_local, to_utc
from portevoix.strategy.models import Campaign


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _filters(request: HttpRequest) -> Filters:
    status = request.GET.get("status", "")
    return Filters(
        account=_int(request.GET.get("channel")),
        campaign=_int(request.GET.get("campaign")),
        status=status if status in TargetStatus.values else "",
        author=_int(request.GET.get("author")),
    )


def _filter_context(request: HttpRequest, brand: Brand, filters: Filters) -> dict[str, Any]:
    authors = get_user_model().objects.filter(posts__brand=brand).distinct().order_by("username")
    query = request.GET.copy()
    for key in ("month", "week"):
        query.pop(key, None)
    return {
        "filters": filters,
        "channels": active_accounts(brand),
        "campaigns": Campaign.objects.filter(brand=brand),
        "statuses": TargetStatus.choices,
        "authors": authors,
        "filter_query": query.urlencode(),
    }


def _parse_date(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@brand_view(Perm.CALENDAR_VIEW)
def month(request: HttpRequest, brand: Brand) -> HttpResponse:
    today = brand_now(brand).date()
    first = _parse_date((request.GET.get("month") or "") + "-01", today.replace(day=1))
    weeks = month_weeks(first.year, first.month)
    filters = _filters(request)
    targets = targets_between(brand, weeks[0][0], weeks[-1][-1] + dt.timedelta(days=1), filters)
    days = by_local_day(brand, targets)
    gaps = cadence_gaps(brand, weeks[0][0], len(weeks))
    gap_weeks = {g.week for g in gaps}
    rows = [
        {
            "start": week[0],
            "gap": week[0] in gap_weeks,
            "days": [
                {"date": d, "in_month": d.month == first.month, "targets": days.get(d, [])}
                for d in week
            ],
        }
        for week in weeks
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    context = page_context(
        request,
        brand,
        "calendar",
        first=first,
        rows=rows,
        today=today,
        gaps=gaps,
        previous=f"{previous:%Y-%m}",
        following=f"{following:%Y-%m}",
        **_filter_context(request, brand, filters),
    )
    return render(request, "editorial/calendar_month.html", context)


@brand_view(Perm.CALENDAR_VIEW)
def week(request: HttpRequest, brand: Brand) -> HttpResponse:
    today = brand_now(brand).date()
    start = week_start(_parse_date(request.GET.get("week"), today))
    filters = _filters(request)
    days = by_local_day(brand, targets_between(brand, start, start + dt.timedelta(days=7), filters))
    gaps = cadence_gaps(brand, start, 1)
    context = page_context(
        request,
        brand,
        "week",
        start=start,
        today=today,
        days=[
            {
                "date": start + dt.timedelta(days=i),
                "targets": days.get(start + dt.timedelta(days=i), []),
            }
            for i in range(7)
        ],
        gaps=gaps,
        previous=(start - dt.timedelta(days=7)).isoformat(),
        following=(start + dt.timedelta(days=7)).isoformat(),
        **_filter_context(request, brand, filters),
    )
    return render(request, "editorial/calendar_week.html", context)


@brand_view(Perm.CALENDAR_VIEW)
def listing(request: HttpRequest, brand: Brand) -> HttpResponse:
    today = brand_now(brand).date()
    start = _parse_date(request.GET.get("from"), today)
    end = _parse_date(request.GET.get("to"), start + dt.timedelta(days=60))
    filters = _filters(request)
    targets = targets_between(brand, start, end + dt.timedelta(days=1), filters)
    gaps = cadence_gaps(brand, start, max(1, (end - start).days // 7 + 1))
    context = page_context(
        request,
        brand,
        "list",
        start=start,
        end=end,
        targets=targets,
        gaps=gaps,
        **_filter_context(request, brand, filters),
    )
    return render(request, "editorial/calendar_list.html", context)


@brand_view(Perm.POSTS_EDIT)
@require_POST
def reschedule(request: HttpRequest, brand: Brand, target_id: int) -> HttpResponse:
    """A drop on the calendar: the target keeps its local time of day on the new day (or takes
    the time sent). The same DST rules as the editor: a gap is refused, a repeat is asked."""
    target = get_object_or_404(
        PostTarget.objects.filter(post__brand=brand).select_related("post"), pk=target_id
    )
    form = RescheduleForm(request.POST)
    error, options = "", []
    if not form.is_valid():
        error = _("This move could not be read; try again.")
    else:
        old_local = to_local(target.scheduled_at, brand.timezone) if target.scheduled_at else None
        time = form.cleaned_data["time"] or (old_local.time() if old_local else dt.time(9, 0))
        naive = dt.datetime.combine(
            form.cleaned_data["date"], time.replace(second=0, microsecond=0)
        )
        fold = form.cleaned_data["fold"]
        try:
            when = to_utc(naive, brand.timezone, fold=int(fold) if fold else None)
            actions.reschedule_target(request.user, target, scheduled_at=when)
        except NonExistentTime:
            error = nonexistent_message(naive, brand.timezone)
        except AmbiguousTime as exc:
            error, options = ambiguous_message(naive, brand.timezone), list(exc.options)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Refresh"] = "true"
                return response
            messages.success(request, _("Moved."))
            return redirect("editorial:calendar", brand_id=brand.pk)
    if is_htmx(request):
        context = page_context(
            request,
            brand,
            "calendar",
            error=error,
            options=options,
            target=target,
            date=request.POST.get("date", ""),
            time=request.POST.get("time", ""),
        )
        return render(request, "editorial/calendar_month.html#reschedule-result", context)
    messages.error(request, error)
    return redirect("editorial:calendar", brand_id=brand.pk)


@brand_view(Perm.CALENDAR_VIEW)
def share(request: HttpRequest, brand: Brand) -> HttpResponse:
    overall, channels = content_share(brand)
    threshold = actions.settings_for(brand).promotional_warning_percent
    for channel in channels:
        channel.too_promotional_flag = channel.too_promotional(threshold)  # type: ignore[attr-defined]
    context = page_context(
        request,
        brand,
        "share",
        overall=overall,
        channels=channels,
        threshold=threshold,
        too_promotional=overall.too_promotional(threshold),
    )
    return render(request, "editorial/share.html", context)
