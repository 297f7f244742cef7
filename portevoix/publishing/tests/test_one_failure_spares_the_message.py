"""A message carries several targets: one whose publish fails unexpectedly (the database went
away under it) leaves the others of the message to be published, and is itself left for the
sweep to send again."""

from __future__ import annotations

import pytest
import time_machine

from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import TargetStatus
from portevoix.publishing import actions
from portevoix.publishing.tests.factories import DUE, make_target, posts_made

S = TargetStatus


def test_it_publishes_the_rest_of_a_message_after_a_failure(
    brand, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = make_account(brand)
    broken, fine = (make_target(brand, account, status=S.QUEUED, claimed_at=DUE) for _ in "ab")
    real = actions.publish_target

    def publish(target_id: int) -> None:
        if target_id == broken.pk:
            raise ConnectionError("the database went away")
        real(target_id)

    monkeypatch.setattr(actions, "publish_target", publish)
    with time_machine.travel(DUE, tick=False):
        actions.publish_targets([broken.pk, fine.pk])
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert fine.status == S.PUBLISHED
    assert posts_made(fine) == 1
    assert broken.status == S.QUEUED  # requeue_stale sends it again
    assert posts_made(broken) == 0


def test_it_sends_a_burst_in_messages_of_a_few_targets(
    brand, delayed, sweep_at, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages: list[list[int]] = []
    monkeypatch.setattr(actions, "publish_targets", messages.append)
    account = make_account(brand)
    targets = [make_target(brand, account) for _ in range(actions.PER_MESSAGE + 3)]
    sweep_at(DUE)
    assert [len(m) for m in messages] == [actions.PER_MESSAGE, 3]
    assert sorted(pk for m in messages for pk in m) == sorted(t.pk for t in targets)
