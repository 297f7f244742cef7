"""A bad source is recorded as that source's error, backs off, and never stops the others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from portevoix.listening.models import Mention, Source, SourceStatus
from portevoix.listening.tasks import sweep_sources_task
from portevoix.listening.tests.factories import make_feed, make_query
from portevoix.listening.tests.feedserver import add_item, feed_server


@pytest.fixture
def server() -> Iterator[str]:
    with feed_server() as url:
        yield url


def test_it_records_each_bad_feed_and_ingests_the_good_one(
    brand: Any, server: str, tasks_in_process: None, django_capture_on_commit_callbacks: Any
) -> None:
    make_query(brand, "lumiere")
    add_item("Café Lumière", "Une nouvelle adresse", "https://news.test/lumiere")
    bad = {
        "/error": "HTTP 500",
        "/invalid.xml": "not a valid feed",
        "/huge.xml": "larger than",
        "/to-private": "refused",
    }
    for path in bad:
        make_feed(brand, server + path, name=path)
    good = make_feed(brand, server + "/feed.xml", name="good")
    with django_capture_on_commit_callbacks(execute=True):
        sweep_sources_task()
    for path, message in bad.items():
        source = Source.objects.get(name=path)
        assert source.status == SourceStatus.ERROR
        assert message in source.last_error
        assert source.next_poll_at is not None
        assert source.next_poll_at > timezone.now() + dt.timedelta(minutes=20)  # backed off
    good.refresh_from_db()
    assert good.status == SourceStatus.OK and good.last_error == ""
    assert Mention.objects.filter(brand=brand).count() == 1


def test_it_backs_off_longer_after_each_failure(brand: Any, server: str) -> None:
    from portevoix.listening.sources import poll_source

    source = make_feed(brand, server + "/error", poll_interval=60)
    waits = []
    for _ in range(3):
        before = timezone.now()
        poll_source(source.pk)
        source.refresh_from_db()
        assert source.next_poll_at is not None
        waits.append((source.next_poll_at - before).total_seconds())
    assert waits[0] < waits[1] < waits[2]
    assert source.consecutive_failures == 3


def test_it_uses_conditional_get_between_polls(brand: Any, server: str) -> None:
    from portevoix.listening.sources import poll_source
    from portevoix.listening.tests.feedserver import FeedHandler

    add_item("Un", "texte", "https://news.test/1")
    source = make_feed(brand, server + "/feed.xml")
    poll_source(source.pk)
    poll_source(source.pk)
    source.refresh_from_db()
    assert source.etag == '"v1"' and source.items_seen == 1
    assert FeedHandler.hits["/feed.xml"] == 2


def test_it_claims_a_due_source_once(brand: Any, server: str) -> None:
    from portevoix.listening.sources import claim_source

    source = make_feed(brand, server + "/feed.xml")
    now = timezone.now()
    assert claim_source(source.pk, now)
    assert not claim_source(source.pk, now)
