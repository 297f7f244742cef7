"""The listening pages: dashboard widgets, archive search in the query language, one-click
correction, standing queries refused with their column, sources with their health."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portevoix.listening import enrichment
from portevoix.listening.models import Mention, MonitorQuery, Source, SourceStatus
from portevoix.listening.pipeline import RawItem, ingest
from portevoix.listening.tests.factories import make_feed, make_query


def client_for(user: Any, lang: str = "fr") -> Client:
    client = Client(headers={"accept-language": lang})
    client.force_login(user)
    return client


def seed(brand: Any) -> None:
    make_query(brand, "lumiere", name="Café Lumière")
    make_query(brand, "brulerie", name="Brûlerie Nord", is_competitor=True)
    now = timezone.now() - dt.timedelta(hours=1)
    ingest(
        None,
        [
            RawItem(
                source_kind="rss",
                url="https://n.test/1",
                text="Service horrible au Café Lumière, plus jamais.",
                author_handle="@fache",
                lang="fr",
                published_at=now,
            ),
            RawItem(
                source_kind="bluesky",
                url="https://n.test/2",
                text="J'adore le Café Lumière <script>alert(1)</script>",
                author_handle="@fan",
                lang="fr",
                published_at=now,
            ),
            RawItem(
                source_kind="rss",
                url="https://n.test/3",
                text="La Brûlerie Nord ouvre",
                author_handle="@presse",
                lang="fr",
                published_at=now,
            ),
        ],
    )
    enrichment.enrich_pending()


def test_it_shows_the_dashboard_widgets(brand: Any, alice: Any) -> None:
    seed(brand)
    page = client_for(alice).get(reverse("listening:overview", args=[brand.pk])).content.decode()
    assert "Part de voix" in page and "Brûlerie Nord" in page
    assert "@fache" in page and "bluesky" in page
    assert 'class="seg sentiment-negative"' in page


def test_it_searches_the_archive_with_the_query_language(brand: Any, alice: Any) -> None:
    seed(brand)
    url = reverse("listening:mentions", args=[brand.pk])
    page = client_for(alice).get(url, {"search": '"cafe lumiere" NOT horrible'}).content.decode()
    assert "J&#x27;adore" in page and "horrible" not in page.split("mentions")[-1]
    assert "<script>alert(1)" not in page  # escaped
    refused = client_for(alice).get(url, {"search": "a OR b AND c"}).content.decode()
    assert "colonne 8" in refused or "colonne 9" in refused


def test_it_corrects_a_sentiment_in_one_click(brand: Any, alice: Any) -> None:
    seed(brand)
    mention = Mention.objects.get(item__url="https://n.test/3")
    url = reverse("listening:mention-sentiment", args=[brand.pk, mention.pk])
    response = client_for(alice).post(
        url, {"sentiment": "negative"}, headers={"hx-request": "true"}
    )
    assert response.status_code == 200 and f'id="mention-{mention.pk}"' in response.content.decode()
    mention.refresh_from_db()
    assert mention.sentiment == "negative" and mention.sentiment_corrected_by == alice


def test_it_refuses_a_query_with_its_column_in_the_users_language(brand: Any, alice: Any) -> None:
    url = reverse("listening:query-create", args=[brand.pk])
    form = {"name": "Ambiguë", "query": "cafe OR the AND lumiere", "enabled": "on"}
    french = client_for(alice, "fr").post(url, form).content.decode()
    english = client_for(alice, "en").post(url, form).content.decode()
    assert "colonne 13" in french and "column 13" in english
    assert MonitorQuery.objects.count() == 0
    form["query"] = "cafe OR (the AND lumiere)"
    assert client_for(alice).post(url, form).status_code == 302
    assert MonitorQuery.objects.get().query == "cafe OR (the AND lumiere)"


def test_it_shows_each_sources_health(brand: Any, alice: Any) -> None:
    source = make_feed(brand, "https://news.example/feed.xml", name="Le Devoir")
    Source.objects.filter(pk=source.pk).update(
        status=SourceStatus.ERROR,
        last_error="HTTP 500 Internal Server Error",
        last_error_at=timezone.now(),
        consecutive_failures=3,
    )
    page = client_for(alice).get(reverse("listening:sources", args=[brand.pk])).content.decode()
    assert "En échec" in page and "HTTP 500" in page and "3 échecs de suite" in page


def test_it_refuses_a_feed_without_an_address(brand: Any, bob: Any) -> None:
    url = reverse("listening:source-create", args=[brand.pk])
    response = client_for(bob).post(
        url, {"kind": "feed", "name": "Sans adresse", "poll_interval": 900, "enabled": "on"}
    )
    assert response.status_code == 200
    assert Source.objects.count() == 0
