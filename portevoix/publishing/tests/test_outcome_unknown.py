import datetime as dt

import pytest

from portevoix.connectors import errors
from portevoix.connectors.fake.connector import FakeConnector
from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import TargetStatus
from portevoix.publishing.models import AttemptKind, Outcome, PublishAttempt
from portevoix.publishing.tests.factories import DUE, failing, healed, make_target, posts_made

S = TargetStatus
LATER = DUE + dt.timedelta(seconds=10)


def outcomes(target):
    return list(
        PublishAttempt.objects.filter(target=target)
        .order_by("number")
        .values_list("kind", "outcome")
    )


def test_it_looks_up_a_post_sent_before_the_timeout_and_does_not_post_again(
    brand, sweep_at
) -> None:
    account = failing(make_account(brand), "sent_then_timeout")
    target = make_target(brand, account)
    sweep_at(DUE)
    target.refresh_from_db()
    assert target.status == S.UNKNOWN
    assert target.platform_id  # checkpointed by the connector before the answer was lost
    assert posts_made(target) == 1

    sweep_at(LATER)  # still failing: a blind retry would post it a second time
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
    assert posts_made(target) == 1
    assert outcomes(target) == [
        (AttemptKind.PUBLISH, Outcome.UNKNOWN),
        (AttemptKind.LOOKUP, Outcome.FOUND),  # the saved id answers, no call needed
    ]


def test_it_asks_the_platform_when_no_id_was_saved(brand, sweep_at, monkeypatch) -> None:
    account = failing(make_account(brand), "sent_then_timeout")
    target = make_target(brand, account)
    # A connector that cannot checkpoint before the timeout: only the platform knows.
    monkeypatch.setattr("portevoix.connectors.base.PublishState.checkpoint", lambda self, **v: None)
    sweep_at(DUE)
    target.refresh_from_db()
    assert (target.status, target.platform_id) == (S.UNKNOWN, "")
    sweep_at(LATER)
    target.refresh_from_db()
    assert target.status == S.PUBLISHED and target.platform_id
    assert posts_made(target) == 1
    assert outcomes(target) == [
        (AttemptKind.PUBLISH, Outcome.UNKNOWN),
        (AttemptKind.LOOKUP, Outcome.FOUND),
    ]


def test_it_posts_again_only_once_the_platform_says_it_has_nothing(brand, sweep_at) -> None:
    account = failing(make_account(brand), "outcome_unknown")  # nothing reached the platform
    target = make_target(brand, account)
    sweep_at(DUE)
    assert sweep_at(DUE + dt.timedelta(seconds=9)).claimed == []  # the platform gets a moment
    healed(account)
    sweep_at(LATER)
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
    assert posts_made(target) == 1
    assert outcomes(target) == [
        (AttemptKind.PUBLISH, Outcome.UNKNOWN),
        (AttemptKind.LOOKUP, Outcome.NOT_FOUND),
        (AttemptKind.PUBLISH, Outcome.PUBLISHED),
    ]


def test_it_stays_unknown_while_the_look_up_fails(brand, sweep_at, monkeypatch) -> None:
    account = failing(make_account(brand), "outcome_unknown")
    target = make_target(brand, account)
    sweep_at(DUE)
    healed(account)

    def lookup_down(self, *args):
        raise errors.Unavailable("502 Bad Gateway")

    with monkeypatch.context() as patched:
        patched.setattr(FakeConnector, "lookup", lookup_down)
        sweep_at(LATER)
    target.refresh_from_db()
    assert target.status == S.UNKNOWN
    assert target.next_attempt_at is not None and target.next_attempt_at > LATER
    assert outcomes(target)[-1] == (AttemptKind.LOOKUP, Outcome.LOOKUP_FAILED)
    assert posts_made(target) == 0

    sweep_at(target.next_attempt_at)
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
    assert posts_made(target) == 1


@pytest.mark.parametrize("how", ["sent_then_timeout", "outcome_unknown"])
def test_it_never_posts_twice_however_often_the_answer_is_lost(brand, sweep_at, how) -> None:
    target = make_target(brand, failing(make_account(brand), how))
    moment = DUE
    for _ in range(8):
        sweep_at(moment)
        target.refresh_from_db()
        moment = max(moment, target.next_attempt_at or moment) + dt.timedelta(seconds=1)
    assert posts_made(target) == (1 if how == "sent_then_timeout" else 0)
