"""A worker killed with -9 in the middle of a batch, as the benchmark does it: whatever each of
its targets was doing, the sweeps that follow publish every one of them exactly once, and the
messages it had taken, delivered again, publish nothing twice."""

from __future__ import annotations

import datetime as dt

from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import TargetStatus
from portevoix.publishing import actions
from portevoix.publishing.models import AttemptKind, Outcome, PublishAttempt
from portevoix.publishing.tests.factories import DUE, make_target, posts_made, store

S = TargetStatus
AFTER_LEASE = DUE + dt.timedelta(seconds=121)


def test_it_publishes_every_target_of_a_killed_worker_once(brand, sweep_at, delayed) -> None:
    account = make_account(brand)
    # Its task was in the worker's hands, not yet taken: the message is gone with the worker.
    queued = make_target(brand, account, status=S.QUEUED, claimed_at=DUE)
    # Taken, attempt recorded, killed before the platform got anything.
    before_post = make_target(brand, account, status=S.PUBLISHING, claimed_at=DUE)
    # Killed after the platform took the post, before the answer was saved.
    after_post = make_target(brand, account, status=S.PUBLISHING, claimed_at=DUE)
    # Killed after the platform's id was saved, before the target was moved.
    id_saved = make_target(brand, account, status=S.PUBLISHING, claimed_at=DUE)
    for target in (before_post, after_post, id_saved):
        PublishAttempt.objects.create(
            target=target, number=1, kind=AttemptKind.PUBLISH, started_at=DUE, worker="gone:9"
        )
    store().add(after_post.idempotency_key, "cafe-lumiere", after_post.text, 0)
    platform_id = store().add(id_saved.idempotency_key, "cafe-lumiere", id_saved.text, 0)
    id_saved.platform_id = str(platform_id)
    id_saved.save(update_fields=["platform_id"])
    done = make_target(brand, account, status=S.PUBLISHED, platform_id="1")

    result = sweep_at(AFTER_LEASE)
    assert result.recovered == 3  # publishing → unknown: looked up before anything
    assert result.requeued == [queued.pk]
    assert sorted(result.claimed) == sorted(t.pk for t in (before_post, after_post, id_saved))
    # Redis gives the dead worker's unacknowledged messages back later: delivered again.
    for target in (queued, before_post, after_post, id_saved, done):
        actions.publish_target(target.pk)

    for target in (queued, before_post, after_post, id_saved):
        target.refresh_from_db()
        assert target.status == S.PUBLISHED, target
        assert posts_made(target) == 1, target
    assert posts_made(done) == 0  # published before, elsewhere: left alone
    assert [a.outcome for a in PublishAttempt.objects.filter(target=after_post)] == [
        Outcome.PENDING,
        Outcome.FOUND,
    ]
    assert [a.outcome for a in PublishAttempt.objects.filter(target=before_post)] == [
        Outcome.PENDING,
        Outcome.NOT_FOUND,
        Outcome.PUBLISHED,
    ]
