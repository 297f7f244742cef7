"""The demo brand on the local Bluesky network (`make test-e2e`: PLC + PDS + AppView on
127.0.0.1): seed-demo connects the brand's account there and searches for its queries,
`demo-bluesky --post` has its fans post, and the worker's sweep brings the posts in as mentions
with their sentiment, on the brand's mentions page; a wave of angry posts raises an alert."""

from __future__ import annotations

import datetime as dt
import io
import os
from typing import Any

import httpx
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from portevoix.accounts.models import Brand
from portevoix.alerts import actions as alerts_actions
from portevoix.alerts.models import Alert
from portevoix.connectors.models import AccountStatus, ConnectedAccount
from portevoix.demo import bluesky
from portevoix.listening import tasks
from portevoix.listening.models import Mention, Sentiment, SourceKind, SourceStatus

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.environ.get("PORTEVOIX_E2E_FULL") != "1",
        reason="needs the AppView's search: atproto-local.sh start-full (make test-e2e)",
    ),
]
PDS = os.environ.get("PORTEVOIX_E2E_PDS", "http://localhost:2583")
APPVIEW = os.environ.get("PORTEVOIX_E2E_APPVIEW", "http://localhost:2584")


@pytest.fixture
def local_network(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PORTEVOIX_DEMO_BLUESKY_URL = PDS
    settings.PORTEVOIX_DEMO_BLUESKY_APP_URL = APPVIEW
    # The sweep's tasks run here and now, as the worker would run them.
    for task in (tasks.poll_source_task, tasks.enrich_mentions_task):
        monkeypatch.setattr(task, "delay", task)


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def sweep(capture: Any) -> None:
    """The beat's source sweep: due sources polled, new mentions classified."""
    with capture(execute=True):
        tasks.sweep_sources_task()


def posted(output: str) -> list[tuple[str, str]]:
    """(handle, text) of each post that demo-bluesky says it made."""
    lines = [line.strip() for line in output.splitlines() if line.startswith("  @")]
    return [tuple(line[1:].split(": ", 1)) for line in lines]  # type: ignore[misc]


def test_it_shows_live_bluesky_mentions_with_sentiment_and_alerts_on_a_wave(
    db: None,
    client: Any,
    local_network: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    said = run("seed_demo")
    assert f"Local Bluesky network at {PDS}: @{bluesky.DEMO_HANDLE} connected" in said
    brand = Brand.objects.get()
    connected = ConnectedAccount.objects.get(brand=brand, kind="bluesky")
    assert connected.status == AccountStatus.ACTIVE and connected.external_id.startswith("did:")
    searches = brand.sources.filter(kind=SourceKind.PLATFORM_SEARCH, account=connected)
    assert sorted(searches.values_list("search_terms", flat=True)) == ["Boréale", "Lumière"]
    # Seeding again reuses the account and its searches.
    run("seed_demo")
    assert list(ConnectedAccount.objects.values_list("pk", flat=True)) == [connected.pk]
    assert brand.sources.filter(kind=SourceKind.PLATFORM_SEARCH).count() == 2

    output = run("demo_bluesky", "--post", "5")
    made = posted(output)
    assert len(made) == 5, output
    assert {handle for handle, _text in made} <= {handle for handle, _name in bluesky.FANS}
    assert "AppView has not indexed" not in output
    sweep(django_capture_on_commit_callbacks)

    for source in searches:
        source.refresh_from_db()
        assert (source.status, source.last_error) == (SourceStatus.OK, "")
    found = Mention.objects.filter(brand=brand, source_kind="bluesky").select_related("item")
    by_text = {m.item.text: m for m in found}
    assert {text for _handle, text in made} <= set(by_text), sorted(by_text)
    for handle, text in made:
        mention = by_text[text]
        assert mention.sentiment in Sentiment.values
        assert mention.item.author_handle == handle
        # The item is the post on the network, and its link names the local AppView.
        assert mention.item.url.startswith(f"{APPVIEW}/profile/{handle}/post/")
        rkey = mention.item.platform_id.rsplit("/", 1)[1]
        record = httpx.get(
            f"{PDS}/xrpc/com.atproto.repo.getRecord",
            params={"repo": handle, "collection": "app.bsky.feed.post", "rkey": rkey},
        ).json()
        assert record["value"]["text"] == text

    client.force_login(brand.organisation.memberships.get(user__username="demo").user)
    page = client.get(
        reverse("listening:mentions", kwargs={"brand_id": brand.pk}), {"source": "bluesky"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    for _handle, text in made:
        mention = by_text[text]
        assert escape(text) in html
        assert (
            f'class="card mention sentiment-{mention.sentiment}" id="mention-{mention.pk}"' in html
        )
    assert "sentiment-unclassified" not in html

    # A wave of angry posts in one minute: the spike detector raises an alert on them.
    before = Alert.objects.count()
    output = run("demo_bluesky", "--post", "15", "--angry")
    sweep(django_capture_on_commit_callbacks)
    angry = {text for _handle, text in posted(output)}
    assert len(angry) == 15
    raised = alerts_actions.detect(now=timezone.now() + dt.timedelta(minutes=3))
    assert len(raised) >= 1 and Alert.objects.count() > before
    wave = {m.item.text for alert in raised for m in alert.mentions.select_related("item")}
    assert wave & angry
    negative = Mention.objects.filter(item__text__in=angry, sentiment=Sentiment.NEGATIVE)
    assert negative.count() >= 10
