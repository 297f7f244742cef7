from portevoix.accounts.models import Notification
from portevoix.connectors.models import AccountStatus
from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import TargetStatus
from portevoix.publishing.models import Outcome, PublishAttempt
from portevoix.publishing.tests.factories import DUE, failing, make_target, posts_made

S = TargetStatus


def test_it_pauses_a_revoked_account_and_warns_its_owner(brand, alice, sweep_at) -> None:
    account = failing(make_account(brand), "auth_expired")
    target = make_target(brand, account)
    sweep_at(DUE)
    target.refresh_from_db()
    account.refresh_from_db()
    assert target.status == S.PAUSED
    assert account.status == AccountStatus.NEEDS_RECONNECT
    assert Notification.objects.filter(user=alice, kind="connectors.needs_reconnect").count() == 1
    assert PublishAttempt.objects.get(target=target).outcome == Outcome.AUTH_EXPIRED
    assert posts_made(target) == 0


def test_it_pauses_the_accounts_other_due_targets_without_calling_the_platform(
    brand, sweep_at
) -> None:
    account = failing(make_account(brand), "auth_expired")
    first = make_target(brand, account)
    sweep_at(DUE)
    second = make_target(brand, account)
    result = sweep_at(DUE)
    second.refresh_from_db()
    assert result.claimed == [] and result.paused == 1
    assert second.status == S.PAUSED
    assert not PublishAttempt.objects.filter(target=second).exists()
    assert posts_made(first) == posts_made(second) == 0
