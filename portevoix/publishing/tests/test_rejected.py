from django.test import Client
from django.urls import reverse

from portevoix.accounts.models import Notification
from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import TargetStatus
from portevoix.publishing.models import Outcome, PublishAttempt
from portevoix.publishing.tests.factories import DUE, failing, make_target, posts_made

S = TargetStatus


def test_it_fails_the_target_with_the_platforms_own_words(brand, alice, sweep_at) -> None:
    target = make_target(brand, failing(make_account(brand), "rejected"), author=alice)
    sweep_at(DUE)
    target.refresh_from_db()
    assert target.status == S.FAILED
    assert target.last_error == "Text contains a forbidden word (simulated)"
    assert PublishAttempt.objects.get(target=target).outcome == Outcome.REJECTED
    assert "Text contains a forbidden word (simulated)" in (
        Notification.objects.get(user=alice, kind="publishing.failed").body
    )
    # No retry: the same content would be refused again.
    assert sweep_at(DUE).claimed == []
    assert posts_made(target) == 0

    client = Client()
    client.force_login(alice)
    page = client.get(reverse("publishing:target", kwargs={"brand_id": brand.pk, "pk": target.pk}))
    assert "Text contains a forbidden word (simulated)" in page.content.decode()
