"""The demo seed fills the brand's listening: queries, the live feed source, a week of classified
mentions, a past spike turned into a real alert, and a French digest for the French demo user."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.core import mail
from django.core.management import call_command

from portevoix.accounts.models import Brand
from portevoix.alerts import digest
from portevoix.alerts.models import Alert, AlertKind
from portevoix.demo.feed import demo_feed_url
from portevoix.demo.listening_seed import SPIKE_DAYS_AGO
from portevoix.listening.models import Mention, MonitorQuery, QueryBucket, Sentiment, Source


def counts() -> tuple[int, ...]:
    return (
        MonitorQuery.objects.count(),
        Source.objects.count(),
        Mention.objects.count(),
        QueryBucket.objects.count(),
        Alert.objects.count(),
    )


def test_it_seeds_classified_mentions_a_past_alert_and_a_french_digest_once(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first

    brand = Brand.objects.get()
    assert set(brand.monitor_queries.values_list("is_competitor", flat=True)) == {True, False}
    assert brand.sources.get().url == demo_feed_url()
    mentions = Mention.objects.filter(brand=brand)
    assert mentions.count() > 50
    assert not mentions.filter(sentiment="").exists()
    assert {s for s in mentions.values_list("sentiment", flat=True)} == set(Sentiment.values)

    alert = Alert.objects.get()
    assert alert.kind == AlertKind.VOLUME
    assert alert.mentions.count() >= 5
    assert alert.mentions.filter(sentiment=Sentiment.NEGATIVE).count() >= 3
    # The alert was delivered by e-mail to the people who handle alerts.
    assert any("Café Lumière" in m.subject for m in mail.outbox)

    mail.outbox.clear()
    tz = zoneinfo.ZoneInfo(brand.timezone)
    spike_day = alert.bucket_start.astimezone(tz).date()
    assert spike_day >= dt.datetime.now(tz).date() - dt.timedelta(days=SPIKE_DAYS_AGO + 1)
    assert digest.send_digest(brand, spike_day) == 5
    to_demo = next(m for m in mail.outbox if m.to == ["demo@porte-voix.example"])
    assert "Synthèse de veille de Café Lumière" in to_demo.subject
