"""The daily watch digest goes out once a day at the brand's hour, in each person's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail

from portevoix.accounts import actions as accounts_actions
from portevoix.alerts.digest import send_due_digests
from portevoix.listening import enrichment
from portevoix.listening.pipeline import RawItem, ingest
from portevoix.listening.tests.factories import make_query

# 08:30 in Montréal (UTC−5 in December): the default digest hour has come.
MORNING = dt.datetime(2026, 12, 1, 13, 30, tzinfo=dt.UTC)
YESTERDAY = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)


def test_it_sends_yesterday_once_in_each_recipients_language(
    brand: Any, alice: Any, bob: Any
) -> None:
    for user, lang in ((alice, "fr"), (bob, "en")):
        user.email = f"{user.username}@example.org"
        user.save()
        accounts_actions.set_profile(user, user, language=lang)
    make_query(brand, "lumiere", name="Café Lumière")
    ingest(
        None,
        [
            RawItem(
                source_kind="rss",
                url="https://n.test/1",
                text="Le Café Lumière, une honte : service horrible, je ne reviendrai jamais.",
                author_handle="@fache",
                lang="fr",
                published_at=YESTERDAY,
            )
        ],
    )
    enrichment.enrich_pending()
    assert send_due_digests(MORNING - dt.timedelta(hours=2)) == 0  # 06:30 local: too early
    assert send_due_digests(MORNING) == 2
    assert send_due_digests(MORNING + dt.timedelta(hours=1)) == 0  # once a day
    french = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    english = next(m for m in mail.outbox if m.to == ["bob@example.org"])
    assert "Synthèse de veille" in french.subject and "1 mention — négatives : 1," in french.body
    assert "Watch digest" in english.subject and "1 mention — negative: 1," in english.body
    assert "@fache" in french.body
