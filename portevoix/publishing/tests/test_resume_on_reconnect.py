import datetime as dt

from portevoix.connectors import actions as connectors_actions
from portevoix.connectors.base import Credentials
from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import TargetStatus
from portevoix.publishing import actions
from portevoix.publishing.tests.factories import DUE, failing, make_target, posts_made

S = TargetStatus


def reconnect(account) -> None:
    fresh = account.as_account()
    fresh.config = {}
    fresh.credentials = Credentials(access_token="new", refresh_token="new")
    connectors_actions.connect_account(None, account.brand, fresh)


def test_it_publishes_paused_targets_once_the_account_is_reconnected(brand, sweep_at) -> None:
    account = failing(make_account(brand), "auth_expired")
    target = make_target(brand, account)
    sweep_at(DUE)
    target.refresh_from_db()
    assert target.status == S.PAUSED

    reconnect(account)
    account.refresh_from_db()
    account.config = {}
    account.save()
    sweep_at(DUE + dt.timedelta(minutes=5))
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
    assert posts_made(target) == 1


def test_it_resumes_an_accounts_targets_when_asked(brand) -> None:
    account = make_account(brand)
    paused = make_target(brand, account, status=S.PAUSED)
    other = make_target(brand, make_account(brand, handle="autre"), status=S.PAUSED)
    other.account.status = "needs_reconnect"
    other.account.save()
    assert actions.resume_account_targets(account) == 1
    assert actions.resume_account_targets(other.account) == 0
    paused.refresh_from_db()
    assert paused.status == S.SCHEDULED
