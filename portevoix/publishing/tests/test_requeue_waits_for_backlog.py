"""A `queued` target whose task may still be waiting in the broker, behind a burst, is not sent
again; once the queue has drained, one whose task was lost is."""

from __future__ import annotations

import datetime as dt

import pytest

from portevoix.editorial.models import TargetStatus
from portevoix.publishing import actions
from portevoix.publishing.tests.factories import DUE, make_target, posts_made

S = TargetStatus
LATER = DUE + dt.timedelta(seconds=121)


def test_it_sends_nothing_again_while_the_queue_holds_messages(
    brand, sweep_at, delayed, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = make_target(brand, status=S.QUEUED, claimed_at=DUE)
    monkeypatch.setattr(actions, "waiting_in_queue", lambda: 2_500)
    assert sweep_at(LATER).requeued == []
    assert delayed == []
    monkeypatch.setattr(actions, "waiting_in_queue", lambda: 0)
    assert sweep_at(LATER).requeued == [target.pk]
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
    assert posts_made(target) == 1


def test_it_sends_again_when_the_broker_cannot_say(
    brand, sweep_at, delayed, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = make_target(brand, status=S.QUEUED, claimed_at=DUE)
    monkeypatch.setattr(actions, "waiting_in_queue", lambda: None)
    assert sweep_at(LATER).requeued == [target.pk]


def test_it_reads_the_queue_length_from_the_broker(tmp_path) -> None:
    from typing import Any

    from portevoix.celery import app

    saved = app.conf["broker_url"]
    app.conf.update(broker_url=f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}")
    try:
        with app.connection_for_write() as connection:
            channel: Any = connection.default_channel
            channel.queue_declare(queue="publish")
            assert actions.waiting_in_queue() == 0
            for target_id in (1, 2, 3):
                channel.basic_publish(channel.prepare_message(str(target_id)), "", "publish")
        assert actions.waiting_in_queue() == 3
    finally:
        app.conf.update(broker_url=saved)
