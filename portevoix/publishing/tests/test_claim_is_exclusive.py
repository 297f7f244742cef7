import time_machine

from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import TargetStatus
from portevoix.publishing import actions
from portevoix.publishing.models import PublishAttempt
from portevoix.publishing.tests.factories import DUE, make_target, posts_made

S = TargetStatus


def test_it_lets_only_one_of_two_sweeps_claim_a_target(brand, delayed) -> None:
    target = make_target(brand)
    with time_machine.travel(DUE, tick=False):
        first = actions.claim_due(DUE)
        second = actions.claim_due(DUE)
    assert first == [target.pk]
    assert second == []
    target.refresh_from_db()
    assert target.status == S.QUEUED


def test_it_claims_in_bounded_batches_and_enqueues_each_target_once(
    brand, delayed, django_capture_on_commit_callbacks
) -> None:
    account = make_account(brand)
    targets = [make_target(brand, account) for _ in range(7)]
    with time_machine.travel(DUE, tick=False), django_capture_on_commit_callbacks(execute=True):
        result = actions.sweep(batch=3)
    assert sorted(result.claimed) == sorted(t.pk for t in targets)
    assert sorted(delayed) == sorted(t.pk for t in targets)
    assert all(posts_made(t) == 1 for t in targets)


def test_it_publishes_once_when_the_same_task_arrives_twice(brand, delayed) -> None:
    target = make_target(brand, status=S.QUEUED, claimed_at=DUE)
    with time_machine.travel(DUE, tick=False):
        actions.publish_target(target.pk)
        actions.publish_target(target.pk)  # a redelivered message
    assert posts_made(target) == 1
    assert PublishAttempt.objects.filter(target=target).count() == 1
