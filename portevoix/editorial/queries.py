"""Read helpers for the calendar: entries in a range, free slots, cadence gaps, content share.

Every day and week boundary is the brand's: a week starts on Monday at 00:00 in the brand's time
zone, converted to UTC for the query (so a post at 23:30 in Montréal is on that day, not the
next one as UTC would have it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from portevoix.accounts.models import Brand
from portevoix.connectors.models import AccountStatus, ConnectedAccount
from portevoix.editorial.models import (
    CadenceGoal,
    ContentKind,
    PostingSlot,
    PostTarget,
    TargetStatus,
)
from portevoix.lib.localtime import options_for, zone

# Targets that will or did go out: what cadence and share count.
LIVE_STATUSES = (
    TargetStatus.SCHEDULED,
    TargetStatus.QUEUED,
    TargetStatus.PUBLISHING,
    TargetStatus.PUBLISHED,
    TargetStatus.UNKNOWN,
    TargetStatus.PAUSED,
)


def brand_now(brand: Brand) -> dt.datetime:
    return timezone.now().astimezone(zone(brand.timezone))


def day_start_utc(brand: Brand, day: dt.date) -> dt.datetime:
    """Midnight of `day` in the brand's zone, in UTC. Midnight itself can be in a DST gap
    (some zones switch at 00:00): then the day starts at the first instant that exists."""
    naive = dt.datetime.combine(day, dt.time(0))
    for minutes in range(0, 180, 30):
        found = options_for(naive + dt.timedelta(minutes=minutes), brand.timezone)
        if found:
            return found[0].utc
    raise ValueError(f"no start for {day} in {brand.timezone}")


def active_accounts(brand: Brand) -> QuerySet[ConnectedAccount]:
    return ConnectedAccount.objects.filter(brand=brand, status=AccountStatus.ACTIVE)


@dataclass
class Filters:
    account: int | None = None
    campaign: int | None = None
    status: str = ""
    author: int | None = None


def targets_between(
    brand: Brand, start: dt.date, end: dt.date, filters: Filters | None = None
) -> QuerySet[PostTarget]:
    """Targets with a time in [start, end) (dates in the brand's zone)."""
    qs = PostTarget.objects.filter(
        post__brand=brand,
        scheduled_at__gte=day_start_utc(brand, start),
        scheduled_at__lt=day_start_utc(brand, end),
    ).select_related("post", "account", "post__campaign", "post__author")
    f = filters or Filters()
    if f.account:
        qs = qs.filter(account_id=f.account)
    if f.campaign:
        qs = qs.filter(post__campaign_id=f.campaign)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.author:
        qs = qs.filter(post__author_id=f.author)
    return qs.order_by("scheduled_at", "pk")


def by_local_day(brand: Brand, targets: QuerySet[PostTarget]) -> dict[dt.date, list[PostTarget]]:
    tz = zone(brand.timezone)
    days: dict[dt.date, list[PostTarget]] = defaultdict(list)
    for target in targets:
        if target.scheduled_at is None:
            continue
        days[target.scheduled_at.astimezone(tz).date()].append(target)
    return days


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def month_weeks(year: int, month: int) -> list[list[dt.date]]:
    """The Monday-to-Sunday weeks that cover the month."""
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    weeks, day = [], week_start(first)
    while day <= last:
        weeks.append([day + dt.timedelta(days=i) for i in range(7)])
        day += dt.timedelta(days=7)
    return weeks


# -- slots ---------------------------------------------------------------------------------


def slot_instants(
    account: ConnectedAccount, after: dt.datetime, weeks: int = 8
) -> list[dt.datetime]:
    """The UTC instants of the account's slots after `after`, in order. A slot whose local time
    does not exist that day (spring forward) is skipped that day; one that happens twice (fall
    back) is taken at its first occurrence, the one people mean by "9:00 as usual"."""
    brand = account.brand
    tz = zone(brand.timezone)
    slots = list(PostingSlot.objects.filter(account=account))
    if not slots:
        return []
    start = after.astimezone(tz).date()
    found: list[dt.datetime] = []
    for offset in range(weeks * 7 + 1):
        day = start + dt.timedelta(days=offset)
        for slot in slots:
            if slot.weekday != day.weekday():
                continue
            options = options_for(dt.datetime.combine(day, slot.local_time), tz)
            if options and options[0].utc > after:
                found.append(options[0].utc)
    return sorted(found)


def next_free_slot(
    account: ConnectedAccount, after: dt.datetime | None = None
) -> dt.datetime | None:
    after = after or timezone.now()
    taken = set(
        PostTarget.objects.filter(account=account, scheduled_at__gt=after)
        .exclude(status__in=[TargetStatus.CANCELLED, TargetStatus.FAILED])
        .values_list("scheduled_at", flat=True)
    )
    for instant in slot_instants(account, after):
        if instant not in taken:
            return instant
    return None


# -- cadence -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    account: ConnectedAccount
    week: dt.date  # the Monday, in the brand's calendar
    planned: int
    goal: int

    @property
    def missing(self) -> int:
        return self.goal - self.planned


def cadence_gaps(brand: Brand, first_week: dt.date, weeks: int) -> list[Gap]:
    """Weeks in which a channel with a goal has fewer live posts than its goal."""
    first_week = week_start(first_week)
    goals = list(
        CadenceGoal.objects.filter(account__brand=brand, account__status=AccountStatus.ACTIVE)
        .select_related("account")
        .order_by("account__label")
    )
    if not goals:
        return []
    end = first_week + dt.timedelta(days=7 * weeks)
    counts: Counter[tuple[int, dt.date]] = Counter()
    targets = targets_between(brand, first_week, end).filter(status__in=LIVE_STATUSES)
    for day, items in by_local_day(brand, targets).items():
        for target in items:
            counts[(target.account_id, week_start(day))] += 1
    gaps = []
    for goal in goals:
        for i in range(weeks):
            week = first_week + dt.timedelta(days=7 * i)
            planned = counts[(goal.account_id, week)]
            if planned < goal.posts_per_week:
                gaps.append(Gap(goal.account, week, planned, goal.posts_per_week))
    return gaps


# -- share of content ----------------------------------------------------------------------


@dataclass
class Share:
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, kind: str) -> int:
        return round(100 * self.counts.get(kind, 0) / self.total) if self.total else 0

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"kind": label, "count": self.counts.get(kind, 0), "percent": self.percent(kind)}
            for kind, label in ContentKind.choices
        ]

    def too_promotional(self, threshold: int) -> bool:
        return self.total > 0 and self.percent(ContentKind.PROMOTIONAL) > threshold


def content_share(brand: Brand, days: int = 30) -> tuple[Share, list[Share]]:
    """Live posts of the last `days` days by kind: all channels, then each channel."""
    now = timezone.now()
    targets = PostTarget.objects.filter(
        post__brand=brand,
        status__in=LIVE_STATUSES,
        scheduled_at__gte=now - dt.timedelta(days=days),
        scheduled_at__lte=now,
    ).select_related("account", "post")
    overall: Counter[str] = Counter()
    per_channel: dict[int, tuple[ConnectedAccount, Counter[str]]] = {}
    for target in targets:
        overall[target.post.content_kind] += 1
        per_channel.setdefault(target.account_id, (target.account, Counter()))[1][
            target.post.content_kind
        ] += 1
    channels = [
        Share(label=str(account), counts=dict(counter))
        for account, counter in sorted(per_channel.values(), key=lambda pair: pair[0].label)
    ]
    return Share(label="", counts=dict(overall)), channels
