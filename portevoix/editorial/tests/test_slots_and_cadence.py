"""Posting slots (next free one, DST-aware), cadence gaps and the share of content."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from portevoix.editorial import actions
from portevoix.editorial.models import ContentKind, PostTarget, TargetStatus
from portevoix.editorial.queries import cadence_gaps, content_share, next_free_slot
from portevoix.editorial.tests.factories import make_channel, make_post


@time_machine.travel("2026-03-02 12:00Z", tick=False)  # a Monday
def test_it_finds_the_next_free_slot_in_local_time(alice: Any, brand: Any) -> None:
    channel = make_channel(brand)
    actions.add_slot(alice, channel, weekday=1, local_time=dt.time(9, 0))  # Tuesday
    actions.add_slot(alice, channel, weekday=3, local_time=dt.time(9, 0))  # Thursday
    first = next_free_slot(channel)
    assert first == dt.datetime(2026, 3, 3, 14, 0, tzinfo=dt.UTC)  # EST
    make_post(brand, alice, accounts=[channel], when=first)
    assert next_free_slot(channel) == dt.datetime(2026, 3, 5, 14, 0, tzinfo=dt.UTC)
    # After the change to EDT (8 March), 09:00 is 13:00 UTC.
    assert next_free_slot(channel, after=dt.datetime(2026, 3, 9, tzinfo=dt.UTC)) == dt.datetime(
        2026, 3, 10, 13, 0, tzinfo=dt.UTC
    )


@time_machine.travel("2026-03-02 12:00Z", tick=False)
def test_it_places_a_target_in_the_next_free_slot(alice: Any, brand: Any) -> None:
    channel = make_channel(brand)
    actions.add_slot(alice, channel, weekday=1, local_time=dt.time(9, 0))
    post = make_post(
        brand, alice, accounts=[channel], when=dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)
    )
    target = actions.add_to_next_free_slot(alice, post.targets.get())
    assert target.scheduled_at == dt.datetime(2026, 3, 3, 14, 0, tzinfo=dt.UTC)


@time_machine.travel("2026-03-02 12:00Z", tick=False)
def test_it_lists_weeks_below_the_cadence_goal(alice: Any, brand: Any) -> None:
    channel = make_channel(brand)
    actions.set_cadence_goal(alice, channel, posts_per_week=2)
    for day in (3, 4):
        post = make_post(
            brand, alice, accounts=[channel], when=dt.datetime(2026, 3, day, 15, tzinfo=dt.UTC)
        )
        PostTarget.objects.filter(post=post).update(status=TargetStatus.SCHEDULED)
    gaps = cadence_gaps(brand, dt.date(2026, 3, 2), 2)
    assert [(g.week, g.planned, g.goal) for g in gaps] == [(dt.date(2026, 3, 9), 0, 2)]


def test_it_warns_when_promotion_dominates_the_last_30_days(alice: Any, brand: Any) -> None:
    channel = make_channel(brand)
    with time_machine.travel("2026-03-01 12:00Z", tick=False):
        kinds = [ContentKind.PROMOTIONAL, ContentKind.PROMOTIONAL, ContentKind.INFORMATIVE]
        for i, kind in enumerate(kinds):
            post = make_post(
                brand,
                alice,
                accounts=[channel],
                when=dt.datetime(2026, 3, 5 + i, 15, tzinfo=dt.UTC),
                content_kind=kind,
            )
            PostTarget.objects.filter(post=post).update(status=TargetStatus.PUBLISHED)
    with time_machine.travel("2026-03-20 12:00Z", tick=False):
        overall, channels = content_share(brand)
    assert overall.counts == {"promotional": 2, "informative": 1}
    assert overall.percent("promotional") == 67
    assert overall.too_promotional(50) and not overall.too_promotional(70)
    assert channels[0].total == 3
