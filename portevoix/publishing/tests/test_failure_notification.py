from django.core import mail
from django.urls import reverse

from portevoix.accounts.models import Notification, Profile
from portevoix.connectors.tests.factories import make_account
from portevoix.publishing.tests.factories import DUE, failing, make_target


def test_it_tells_the_author_in_their_language_with_a_link_to_the_post(
    brand, alice, bob, sweep_at
) -> None:
    alice.email, bob.email = "alice@example.org", "bob@example.org"
    alice.save()
    bob.save()
    Profile.objects.update_or_create(user=bob, defaults={"language": "en"})
    Profile.objects.update_or_create(user=alice, defaults={"language": "fr"})
    account = failing(make_account(brand), "rejected")
    english = make_target(brand, account, author=bob)
    sweep_at(DUE)

    note = Notification.objects.get(user=bob, kind="publishing.failed")
    assert note.subject.startswith("Not published on")
    assert "Text contains a forbidden word (simulated)" in note.body
    assert note.url == reverse("publishing:target", kwargs={"brand_id": brand.pk, "pk": english.pk})
    assert not Notification.objects.filter(user=alice, kind="publishing.failed").exists()
    (sent,) = mail.outbox
    assert sent.to == ["bob@example.org"] and note.url in sent.body

    make_target(brand, account, author=alice, text="Deuxième essai")
    sweep_at(DUE)
    french = Notification.objects.get(user=alice, kind="publishing.failed")
    assert french.subject.startswith("Non publié sur")


def test_it_tells_the_brands_owners_when_the_post_has_no_author(brand, alice, sweep_at) -> None:
    make_target(brand, failing(make_account(brand), "rejected"), author=None)
    sweep_at(DUE)
    assert Notification.objects.filter(user=alice, kind="publishing.failed").count() == 1
