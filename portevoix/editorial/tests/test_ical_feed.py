"""The brand's iCalendar feed: a secret URL; bad tokens get 404; the feed parses."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from icalendar import Calendar

from portevoix.editorial import actions
from portevoix.editorial.tests.factories import make_post, set_mode


def test_it_serves_scheduled_targets_with_stable_uids(
    alice: Any, bob: Any, brand: Any, client: Any
) -> None:
    set_mode(brand)
    post = make_post(brand, alice)
    actions.submit_for_approval(alice, post)
    actions.approve(bob, post, stage="internal")
    make_post(brand, alice)  # a draft: not in the feed
    token = actions.settings_for(brand).ical_token
    response = client.get(reverse("editorial-public:ical", args=[token]))
    assert response.status_code == 200
    events = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
    target = post.targets.get()
    assert len(events) == 1
    assert str(events[0]["uid"]) == f"target-{target.pk}@porte-voix"
    assert events[0].decoded("dtstart") == target.scheduled_at
    assert "dtstamp" in events[0] and target.account.label in str(events[0]["summary"])


def test_it_gives_404_to_a_bad_or_old_token(alice: Any, brand: Any, client: Any) -> None:
    old = actions.settings_for(brand).ical_token
    assert client.get(reverse("editorial-public:ical", args=["nope"])).status_code == 404
    actions.regenerate_ical_token(alice, brand)
    assert client.get(reverse("editorial-public:ical", args=[old])).status_code == 404
