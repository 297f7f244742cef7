"""A spike in a query's minute buckets raises an alert carrying its mentions, delivered in the
app, by e-mail (in each person's language) and to the chat by webhook, and throttled."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from django.core import mail

from portevoix.accounts import actions as accounts_actions
from portevoix.accounts.models import Notification, Role
from portevoix.alerts import actions
from portevoix.alerts.models import Alert, AlertKind
from portevoix.listening.models import Mention, QueryBucket
from portevoix.listening.pipeline import RawItem, bump_bucket, ingest
from portevoix.listening.tests.factories import make_query

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


class Chat(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        Chat.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def chat() -> Iterator[str]:
    Chat.received = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Chat)
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/hook"
    httpd.shutdown()


def quiet_then_burst(brand: Any, burst_minute: int = 90, burst: int = 25) -> Any:
    query = make_query(brand, "lumiere", name="Café Lumière")
    for m in range(burst_minute):
        bump_bucket(query.pk, T0 + dt.timedelta(minutes=m), count=1 + m % 2)
    at = T0 + dt.timedelta(minutes=burst_minute, seconds=5)
    ingest(
        None,
        [
            RawItem(
                source_kind="bluesky",
                url=f"https://b.test/{i}",
                text=f"Café Lumière: intoxication alimentaire ? #{i}",
                author_handle=f"@p{i}",
                lang="fr",
                published_at=at,
            )
            for i in range(burst)
        ],
    )
    return query


def test_it_raises_an_alert_with_the_mentions_that_caused_it(
    brand: Any, alice: Any, chat: str, django_capture_on_commit_callbacks: Any
) -> None:
    alice.email = "alice@example.org"
    alice.save()
    accounts_actions.set_profile(alice, alice, language="fr")
    conf = actions.settings_for(brand)
    conf.webhook_url = chat
    conf.save()
    query = quiet_then_burst(brand)
    with django_capture_on_commit_callbacks(execute=True):
        raised = actions.detect(now=T0 + dt.timedelta(minutes=92))
    [alert] = raised
    assert alert.kind == AlertKind.VOLUME and alert.observed == 25
    assert alert.mentions.count() == 25
    assert set(alert.mentions.all()) == set(Mention.objects.filter(queries=query))
    notification = Notification.objects.get(user=alice)
    assert notification.subject.startswith("Alerte")
    assert "25 mentions" in notification.body
    assert len(mail.outbox) == 1
    [payload] = Chat.received
    assert "Café Lumière" in payload["text"] and payload["blocks"]
    assert Alert.objects.get().delivered_at is not None


def test_it_reads_each_minute_once(brand: Any) -> None:
    quiet_then_burst(brand)
    assert len(actions.detect(now=T0 + dt.timedelta(minutes=92))) == 1
    assert actions.detect(now=T0 + dt.timedelta(minutes=93)) == []


def test_it_throttles_repeated_alerts(brand: Any, django_capture_on_commit_callbacks: Any) -> None:
    query = quiet_then_burst(brand)
    actions.detect(now=T0 + dt.timedelta(minutes=92))
    bump_bucket(query.pk, T0 + dt.timedelta(minutes=95), count=30)
    with django_capture_on_commit_callbacks(execute=True):
        [second] = actions.detect(now=T0 + dt.timedelta(minutes=97))
    assert second.throttled and second.delivered_at is None


def test_it_alerts_on_a_jump_in_the_negative_share(brand: Any) -> None:
    query = make_query(brand, "lumiere")
    for m in range(60):
        bump_bucket(query.pk, T0 + dt.timedelta(minutes=m), count=10, negative=1)
    bump_bucket(query.pk, T0 + dt.timedelta(minutes=60), count=10, negative=8)
    raised = actions.detect(now=T0 + dt.timedelta(minutes=62))
    assert [a.kind for a in raised] == [AlertKind.NEGATIVE]
    assert raised[0].observed == pytest.approx(0.8)


def test_it_tells_only_people_of_the_brand(brand: Any, alice: Any, org: Any, charlie: Any) -> None:
    analyst = accounts_actions.add_member(alice, org, username="ana", role=Role.ANALYST)
    quiet_then_burst(brand)
    actions.detect(now=T0 + dt.timedelta(minutes=92))
    from portevoix.alerts.delivery import deliver

    deliver(Alert.objects.get().pk)
    assert Notification.objects.filter(user=alice).exists()
    assert not Notification.objects.filter(user=charlie).exists()
    assert not Notification.objects.filter(user=analyst.user).exists()
    assert QueryBucket.objects.count() == 91
