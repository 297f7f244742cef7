import datetime as dt

from portevoix.accounts.models import Notification
from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import TargetStatus
from portevoix.publishing.models import Outcome, PublishAttempt
from portevoix.publishing.tests.factories import DUE, failing, healed, make_target, posts_made

S = TargetStatus


def test_it_retries_a_5xx_later_with_backoff(brand, sweep_at) -> None:
    account = failing(make_account(brand), "unavailable")
    target = make_target(brand, account)
    sweep_at(DUE)
    target.refresh_from_db()
    assert target.status == S.SCHEDULED
    assert target.attempt_count == 1
    # First retry: 30 s with jitter (half to full).
    assert target.next_attempt_at is not None
    assert 15 <= (target.next_attempt_at - DUE).total_seconds() <= 30
    attempt = PublishAttempt.objects.get(target=target)
    assert (attempt.outcome, attempt.error_class) == (Outcome.UNAVAILABLE, "Unavailable")
    assert "503" in attempt.message

    assert sweep_at(DUE + dt.timedelta(seconds=14)).claimed == []
    healed(account)
    sweep_at(target.next_attempt_at)
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
    assert posts_made(target) == 1


def test_it_waits_longer_after_each_failure(brand, sweep_at) -> None:
    target = make_target(brand, failing(make_account(brand), "unavailable"))
    waits = []
    moment = DUE
    for _ in range(3):
        sweep_at(moment)
        target.refresh_from_db()
        assert target.next_attempt_at is not None
        waits.append((target.next_attempt_at - moment).total_seconds())
        moment = target.next_attempt_at
    assert 15 <= waits[0] <= 30 and 30 <= waits[1] <= 60 and 60 <= waits[2] <= 120


def test_it_gives_up_after_six_attempts_and_tells_the_author(brand, alice, sweep_at) -> None:
    target = make_target(brand, failing(make_account(brand), "unavailable"), author=alice)
    moment = DUE
    for _ in range(6):
        sweep_at(moment)
        target.refresh_from_db()
        moment = target.next_attempt_at or moment
    assert target.status == S.FAILED
    assert "6" in target.last_error
    assert PublishAttempt.objects.filter(target=target).count() == 6
    assert Notification.objects.filter(user=alice, kind="publishing.failed").count() == 1
    assert posts_made(target) == 0
