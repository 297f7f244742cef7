"""Drag-and-drop rescheduling: keeps the local time on the new day, same DST rules, refuses
published targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.urls import reverse

from portevoix.editorial.models import PostTarget, TargetStatus
from portevoix.editorial.tests.factories import client_for, make_post


@time_machine.travel("2026-02-20 12:00Z", tick=False)
def test_it_moves_a_target_keeping_its_local_time_across_dst(alice: Any, brand: Any) -> None:
    # 09:00 EST on 2026-03-06 → dropped on 2026-03-10 (EDT): still 09:00 in Montréal.
    post = make_post(brand, alice, when=dt.datetime(2026, 3, 6, 14, 0, tzinfo=dt.UTC))
    target = post.targets.get()
    url = reverse("editorial:target-reschedule", args=[brand.pk, target.pk])
    response = client_for(alice).post(url, {"date": "2026-03-10"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    target.refresh_from_db()
    assert target.scheduled_at == dt.datetime(2026, 3, 10, 13, 0, tzinfo=dt.UTC)


@time_machine.travel("2026-02-20 12:00Z", tick=False)
def test_it_refuses_a_drop_into_the_gap_and_asks_about_a_repeat(alice: Any, brand: Any) -> None:
    post = make_post(brand, alice, when=dt.datetime(2026, 3, 6, 7, 30, tzinfo=dt.UTC))  # 02:30 EST
    target = post.targets.get()
    url = reverse("editorial:target-reschedule", args=[brand.pk, target.pk])
    gap = client_for(alice).post(url, {"date": "2026-03-08"}, HTTP_HX_REQUEST="true")
    assert gap.status_code == 200 and "02:30" in gap.content.decode()
    repeat = client_for(alice).post(
        url, {"date": "2026-11-01", "time": "01:30"}, HTTP_HX_REQUEST="true"
    )
    assert "UTC−4" in repeat.content.decode() and "UTC−5" in repeat.content.decode()
    target.refresh_from_db()
    assert target.scheduled_at == dt.datetime(2026, 3, 6, 7, 30, tzinfo=dt.UTC)
    client_for(alice).post(
        url, {"date": "2026-11-01", "time": "01:30", "fold": "1"}, HTTP_HX_REQUEST="true"
    )
    target.refresh_from_db()
    assert target.scheduled_at == dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)


def test_it_refuses_to_move_a_published_target(alice: Any, brand: Any) -> None:
    post = make_post(brand, alice)
    target = post.targets.get()
    PostTarget.objects.filter(pk=target.pk).update(status=TargetStatus.PUBLISHED)
    before = target.scheduled_at
    url = reverse("editorial:target-reschedule", args=[brand.pk, target.pk])
    response = client_for(alice).post(url, {"date": "2030-01-01"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.scheduled_at == before


def test_it_shows_targets_in_the_month_of_the_brand(alice: Any, brand: Any) -> None:
    when = dt.datetime(2030, 3, 1, 3, 30, tzinfo=dt.UTC)  # 22:30 on 28 February in Montréal
    make_post(brand, alice, when=when, text="Soirée jazz")
    page = client_for(alice).get(reverse("editorial:calendar", args=[brand.pk]) + "?month=2030-02")
    assert "Soirée jazz" in page.content.decode()
    march = client_for(alice).get(
        reverse("editorial:calendar", args=[brand.pk]) + "?month=2030-03&status=published"
    )
    assert "Soirée jazz" not in march.content.decode()
