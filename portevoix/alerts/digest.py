"""The daily watch digest: yesterday in a few lines, per brand, in each recipient's language."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from portevoix.accounts import actions as accounts_actions
from portevoix.accounts.models import Brand, Role
from portevoix.alerts.models import Alert, AlertSettings
from portevoix.listening.models import Mention, MonitorQuery, Sentiment

DIGEST_ROLES = (Role.OWNER, Role.STRATEGIST, Role.COMMUNITY_MANAGER, Role.ANALYST, Role.CLIENT)


def digest_context(brand: Brand, day: dt.date) -> dict[str, Any]:
    tz = zoneinfo.ZoneInfo(brand.timezone)
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    end = start + dt.timedelta(days=1)
    mentions = Mention.objects.filter(brand=brand, published_at__gte=start, published_at__lt=end)
    counts = mentions.aggregate(
        total=Count("pk"),
        negative=Count("pk", filter=Q(sentiment=Sentiment.NEGATIVE)),
        positive=Count("pk", filter=Q(sentiment=Sentiment.POSITIVE)),
        neutral=Count("pk", filter=Q(sentiment=Sentiment.NEUTRAL)),
    )
    return {
        "brand": brand,
        "day": day,
        "counts": counts,
        "queries": MonitorQuery.objects.filter(brand=brand)
        .annotate(
            n=Count(
                "mentions",
                filter=Q(mentions__published_at__gte=start, mentions__published_at__lt=end),
            )
        )
        .order_by("-n")[:5],
        "negatives": mentions.filter(sentiment=Sentiment.NEGATIVE)
        .select_related("item")
        .order_by("-reach", "-published_at")[:5],
        "alerts": Alert.objects.filter(brand=brand, bucket_start__gte=start, bucket_start__lt=end),
        "url": settings.PORTEVOIX_BASE_URL + reverse("listening:overview", args=[brand.pk]),
    }


def send_digest(brand: Brand, day: dt.date) -> int:
    """Send the digest of `day` to everyone who follows the brand's listening; returns how many."""
    context = digest_context(brand, day)
    sent = 0
    for person in accounts_actions.people_to_tell(brand, *DIGEST_ROLES):
        if not person.email:
            continue
        with override(accounts_actions.language_of(person)):
            subject = render_to_string("alerts/digest_subject.txt", context).strip()
            body = render_to_string("alerts/digest_email.txt", context)
        sent += send_mail(subject, body, None, [person.email], fail_silently=True)
    return sent


def send_due_digests(now: dt.datetime | None = None) -> int:
    """Each brand's digest once a day, at its hour in the brand's own time zone."""
    now = now or timezone.now()
    sent = 0
    brand_ids = MonitorQuery.objects.values_list("brand_id", flat=True).distinct()
    for brand in Brand.objects.filter(pk__in=brand_ids):
        conf, _created = AlertSettings.objects.get_or_create(brand=brand)
        local = now.astimezone(zoneinfo.ZoneInfo(brand.timezone))
        if not conf.digest or local.hour < conf.digest_hour or conf.last_digest_on == local.date():
            continue
        # Claim the day first: two beat processes must not send it twice.
        claimed = (
            AlertSettings.objects.filter(pk=conf.pk)
            .exclude(last_digest_on=local.date())
            .update(last_digest_on=local.date())
        )
        if claimed:
            sent += send_digest(brand, local.date() - dt.timedelta(days=1))
    return sent
