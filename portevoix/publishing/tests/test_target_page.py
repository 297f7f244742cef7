from django.test import Client
from django.urls import reverse

from portevoix.connectors.tests.factories import make_account
from portevoix.publishing.tests.factories import DUE, failing, make_target


def test_it_shows_the_state_and_every_attempt_escaped(brand, alice, sweep_at) -> None:
    account = failing(make_account(brand), "unavailable")
    target = make_target(brand, account)
    target.post.title = "<script>alert(1)</script>"
    target.post.save()
    sweep_at(DUE)
    client = Client()
    client.force_login(alice)
    url = reverse("publishing:target", kwargs={"brand_id": brand.pk, "pk": target.pk})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "503 Service Unavailable (simulated)" in page
    assert "Unavailable" in page
    assert "<script>alert(1)</script>" not in page
    listing = client.get(reverse("publishing:list", kwargs={"brand_id": brand.pk})).content
    assert url in listing.decode()


def test_it_hides_another_brands_target(brand, charlie) -> None:
    target = make_target(brand)
    client = Client()
    client.force_login(charlie)
    url = reverse("publishing:target", kwargs={"brand_id": brand.pk, "pk": target.pk})
    assert client.get(url).status_code == 404
