from portevoix.connectors.base import Issue
from portevoix.connectors.fake.connector import FakeConnector
from portevoix.editorial.models import TargetStatus
from portevoix.publishing.models import Outcome, PublishAttempt
from portevoix.publishing.tests.factories import DUE, make_target, posts_made

S = TargetStatus


def validate_length(self, draft, limits):
    # The demo channel's own `validate` finds nothing; this one applies its 500-character limit
    # the way every real connector (and the quality app) does.
    if len(draft.text) > limits.max_length:
        return [Issue("too_long", f"{len(draft.text)} characters, {limits.max_length} at most")]
    return [Issue("style", "A warning does not block", severity="warning")]


def test_it_refuses_a_draft_the_recheck_blocks_before_calling_the_platform(
    brand, alice, sweep_at
) -> None:
    # No patch: the quality gate itself measures the text against the channel's live limits.
    target = make_target(brand, text="é" * 501, author=alice)
    sweep_at(DUE)
    target.refresh_from_db()
    assert target.status == S.FAILED
    assert "501" in target.last_error and "500" in target.last_error
    assert PublishAttempt.objects.get(target=target).outcome == Outcome.REFUSED
    assert alice.notifications.filter(kind="publishing.failed").count() == 1
    assert posts_made(target) == 0


def test_it_publishes_despite_warnings(brand, sweep_at, monkeypatch) -> None:
    monkeypatch.setattr(FakeConnector, "validate", validate_length)
    target = make_target(brand, text="é" * 500)
    sweep_at(DUE)
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
