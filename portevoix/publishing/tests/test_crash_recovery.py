import datetime as dt

from portevoix.editorial.models import TargetStatus
from portevoix.publishing.models import AttemptKind, Outcome, PublishAttempt
from portevoix.publishing.tests.factories import DUE, make_target, posts_made, store

S = TargetStatus
LEASE_OVER = DUE + dt.timedelta(seconds=121)


def died_while_publishing(brand, *, reached_platform: bool):
    """What a worker killed with -9 in the middle of `connector.publish` leaves behind."""
    target = make_target(brand, status=S.PUBLISHING, claimed_at=DUE)
    PublishAttempt.objects.create(
        target=target, number=1, kind=AttemptKind.PUBLISH, started_at=DUE, worker="gone:1"
    )
    if reached_platform:
        store().add(target.idempotency_key, "cafe-lumiere", target.text, 0)
    return target


def test_it_looks_up_a_target_stuck_in_publishing_instead_of_posting_it_again(
    brand, sweep_at
) -> None:
    target = died_while_publishing(brand, reached_platform=True)
    assert sweep_at(DUE + dt.timedelta(seconds=119)).recovered == 0  # the worker may be alive
    result = sweep_at(LEASE_OVER)
    target.refresh_from_db()
    assert result.recovered == 1
    assert target.status == S.PUBLISHED and target.platform_id
    assert posts_made(target) == 1
    last = PublishAttempt.objects.filter(target=target).order_by("-number")[0]
    assert (last.kind, last.outcome) == (AttemptKind.LOOKUP, Outcome.FOUND)


def test_it_posts_a_stuck_target_the_platform_never_got(brand, sweep_at) -> None:
    target = died_while_publishing(brand, reached_platform=False)
    sweep_at(LEASE_OVER)
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
    assert posts_made(target) == 1


def test_it_sends_again_a_queued_target_whose_task_was_lost(brand, sweep_at, delayed) -> None:
    target = make_target(brand, status=S.QUEUED, claimed_at=DUE)
    assert sweep_at(DUE + dt.timedelta(seconds=119)).requeued == []
    result = sweep_at(DUE + dt.timedelta(seconds=121))
    target.refresh_from_db()
    assert result.requeued == [target.pk] and delayed == [target.pk]
    assert target.status == S.PUBLISHED
    assert posts_made(target) == 1


def test_it_does_not_let_a_late_worker_undo_the_recovery(brand, sweep_at) -> None:
    from portevoix.publishing.publish import Run

    target = died_while_publishing(brand, reached_platform=True)
    stale = Run(target, PublishAttempt.objects.get(target=target), DUE)
    sweep_at(LEASE_OVER)
    assert stale.finish(Outcome.UNAVAILABLE, S.SCHEDULED) is False
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
