"""Pages without an account: the client's signed approval link and the brand's iCalendar feed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from portevoix.accounts.decorators import public_view
from portevoix.editorial import actions, links
from portevoix.editorial.checks import finding_message
from portevoix.editorial.forms import DecisionForm
from portevoix.editorial.models import (
    ApprovalStage,
    EditorialSettings,
    Post,
    PostStatus,
    PostTarget,
    TargetStatus,
)

FEED_STATUSES = (
    TargetStatus.SCHEDULED,
    TargetStatus.QUEUED,
    TargetStatus.PUBLISHING,
    TargetStatus.PUBLISHED,
)


@public_view
def client_approval(request: HttpRequest, token: str) -> HttpResponse:
    try:
        claim = links.read_token(token)
    except links.BadLink:
        return render(request, "editorial/client_approval.html", {"invalid": True}, status=404)
    post = Post.objects.filter(pk=claim.post_id).select_related("brand").first()
    if post is None:
        return render(request, "editorial/client_approval.html", {"invalid": True}, status=404)
    changed = post.version != claim.version
    error, done = "", ""
    if request.method == "POST" and not changed:
        form = DecisionForm(request.POST)
        if form.is_valid() and form.cleaned_data["version"] == claim.version:
            comment = form.cleaned_data["comment"]
            try:
                if form.cleaned_data["decision"] == "approve":
                    actions.approve(
                        None,
                        post,
                        stage=ApprovalStage.CLIENT,
                        comment=comment,
                        based_on=claim.version,
                        via_link=True,
                    )
                    done = _("Thank you: the post is approved.")
                else:
                    actions.request_changes(
                        None,
                        post,
                        stage=ApprovalStage.CLIENT,
                        comment=comment,
                        based_on=claim.version,
                        via_link=True,
                    )
                    done = _("Thank you: your request was sent to the team.")
            except ValidationError as exc:
                error = " ".join(exc.messages)
            post.refresh_from_db()
        else:
            error = _("This decision could not be read; try again.")
    context = {
        "post": post,
        "brand": post.brand,
        "brand_tz": post.brand.timezone,
        "targets": post.targets.select_related("account").prefetch_related("media"),
        "changed": changed,
        "waiting": post.status == PostStatus.PENDING_CLIENT and not changed,
        "version": claim.version,
        "error": error,
        "done": done,
        "finding_message": finding_message,
    }
    return render(request, "editorial/client_approval.html", context)


@public_view
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    found = EditorialSettings.objects.filter(ical_token=token).select_related("brand").first()
    if found is None or not token:
        raise Http404
    brand = found.brand
    calendar = Calendar()
    calendar.add("prodid", "-//Porte-voix//editorial calendar//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{brand.name} · Porte-voix")
    now = timezone.now()
    targets = (
        PostTarget.objects.filter(
            post__brand=brand, status__in=FEED_STATUSES, scheduled_at__isnull=False
        )
        .select_related("account", "post")
        .order_by("scheduled_at")
    )
    for target in targets:
        start = target.published_at or target.scheduled_at
        if start is None:
            continue
        event = Event()
        # Stable per target: calendar apps update the event when the post moves.
        event.add("uid", f"target-{target.pk}@porte-voix")
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("dtstart", start.astimezone(dt.UTC))
        event.add("dtend", start.astimezone(dt.UTC) + dt.timedelta(minutes=15))
        event.add("summary", f"[{target.account.label}] {(target.text or str(target.post))[:80]}")
        event.add("description", target.text)
        event.add("status", "CONFIRMED")
        if target.platform_url:
            event.add("url", target.platform_url)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
