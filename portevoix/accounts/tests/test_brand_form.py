from typing import Any

from django.test import Client
from django.urls import reverse

from portevoix.accounts.models import Brand


def owner_client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(user)
    return client


def test_it_creates_a_brand_with_its_time_zone(alice: Any, org: Any) -> None:
    response = owner_client(alice).post(
        reverse("brand-create", args=[org.pk]),
        {
            "name": "Boulangerie Soleil",
            "timezone": "Europe/Paris",
            "currency": "EUR",
            "languages": ["fr"],
        },
    )
    assert response.status_code == 302
    brand = Brand.objects.get(name="Boulangerie Soleil")
    assert (brand.timezone, brand.currency, brand.languages, brand.slug) == (
        "Europe/Paris",
        "EUR",
        ["fr"],
        "boulangerie-soleil",
    )


def test_it_refuses_an_empty_or_too_long_name_in_french(alice: Any, org: Any) -> None:
    client = owner_client(alice)
    empty = client.post(reverse("brand-create", args=[org.pk]), {"name": "", "timezone": "UTC"})
    assert "Ce champ est obligatoire." in empty.content.decode()
    long = client.post(
        reverse("brand-create", args=[org.pk]), {"name": "x" * 121, "timezone": "UTC"}
    )
    assert "au plus 120 caractères" in long.content.decode()
    assert not Brand.objects.filter(organisation=org).exists()


def test_it_keeps_the_saved_brand_when_an_edit_is_refused(alice: Any, brand: Any) -> None:
    response = owner_client(alice).post(
        reverse("brand-settings", args=[brand.pk]),
        {"name": "", "timezone": "Mars/Olympus", "description": "nouvelle description"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "nouvelle description" in page  # the user's input is shown again, not lost
    brand.refresh_from_db()
    assert (brand.name, brand.timezone) == ("Café Lumière", "America/Montreal")


def test_it_uses_the_profile_language_over_the_browser(alice: Any, brand: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(alice)
    client.post(reverse("profile"), {"language": "en"})
    page = client.get(reverse("profile"))
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()


def test_it_remembers_the_language_switch_in_the_profile(alice: Any, brand: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(alice)
    client.post(reverse("profile"), {"language": "fr"})
    response = client.post(reverse("set-language"), {"language": "en", "next": "/profile/"})
    assert response.status_code == 302
    assert client.get(reverse("profile"))["Content-Language"] == "en"
