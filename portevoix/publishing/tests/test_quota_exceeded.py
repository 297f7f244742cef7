import datetime as dt

import time_machine

from portevoix.accounts.models import Notification
from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import TargetStatus
from portevoix.publishing.models import Outcome, PublishAttempt
from portevoix.publishing.tests.factories import DUE, failing, make_target, posts_made

S = TargetStatus


def test_it_reschedules_after_the_reset_and_tells_the_author(brand, alice, sweep_at) -> None:
    target = make_target(brand, failing(make_account(brand), "quota"), author=alice)
    with time_machine.travel(DUE, tick=False):
        sweep_at(DUE)
    target.refresh_from_db()
    assert target.status == S.SCHEDULED
    # The demo platform resets its daily cap an hour later.
    assert target.next_attempt_at == DUE + dt.timedelta(hours=1)
    assert PublishAttempt.objects.get(target=target).outcome == Outcome.QUOTA
    note = Notification.objects.get(user=alice, kind="publishing.quota")
    assert "daily limit reached" in note.body
    assert posts_made(target) == 0
