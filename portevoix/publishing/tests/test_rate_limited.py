import datetime as dt

from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import TargetStatus
from portevoix.publishing.models import Outcome, PublishAttempt
from portevoix.publishing.tests.factories import DUE, failing, healed, make_target, posts_made

S = TargetStatus


def test_it_retries_a_429_after_the_wait_the_platform_asked_for(brand, sweep_at) -> None:
    account = failing(make_account(brand), "rate_limited")  # Retry-After: 60
    target = make_target(brand, account)
    sweep_at(DUE)
    target.refresh_from_db()
    assert target.status == S.SCHEDULED
    assert target.next_attempt_at == DUE + dt.timedelta(seconds=60)
    assert PublishAttempt.objects.get(target=target).outcome == Outcome.RATE_LIMITED

    healed(account)
    assert sweep_at(DUE + dt.timedelta(seconds=59)).claimed == []
    sweep_at(DUE + dt.timedelta(seconds=60))
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
    assert posts_made(target) == 1
