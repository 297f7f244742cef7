import datetime as dt

import time_machine

from portevoix.editorial.models import TargetStatus
from portevoix.publishing import actions
from portevoix.publishing.tests.factories import DUE, make_target, posts_made

S = TargetStatus


def test_it_does_not_claim_a_target_one_second_before_it_is_due(brand, sweep_at) -> None:
    target = make_target(brand)
    result = sweep_at(DUE - dt.timedelta(seconds=1))
    target.refresh_from_db()
    assert result.claimed == []
    assert target.status == S.SCHEDULED
    assert posts_made(target) == 0


def test_it_publishes_a_target_at_its_time(brand, sweep_at) -> None:
    target = make_target(brand)
    result = sweep_at(DUE)
    target.refresh_from_db()
    assert result.claimed == [target.pk]
    assert target.status == S.PUBLISHED
    assert target.platform_id and target.platform_url
    assert target.published_at == DUE
    assert posts_made(target) == 1


def test_it_leaves_a_target_whose_retry_time_has_not_come(brand, sweep_at) -> None:
    target = make_target(brand, next_attempt_at=DUE + dt.timedelta(minutes=1))
    assert sweep_at(DUE + dt.timedelta(seconds=59)).claimed == []
    assert sweep_at(DUE + dt.timedelta(minutes=1)).claimed == [target.pk]


def test_it_makes_the_worker_refuse_a_target_that_is_not_due_yet(brand) -> None:
    # A sweep on a host whose clock runs ahead claimed it: the worker's clock has the last word.
    target = make_target(brand, status=S.QUEUED, claimed_at=DUE - dt.timedelta(seconds=5))
    with time_machine.travel(DUE - dt.timedelta(seconds=2), tick=False):
        actions.publish_target(target.pk)
    target.refresh_from_db()
    assert target.status == S.SCHEDULED
    assert posts_made(target) == 0
