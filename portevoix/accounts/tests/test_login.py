import pytest
from django.test import Client
from django.urls import reverse

from portevoix.conftest import PASSWORD


def test_it_shows_the_login_page_in_french_by_default(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Se connecter" in response.content.decode()


def test_it_follows_accept_language(client: Client, db: None) -> None:
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-CA,en;q=0.9")
    assert "Log in" in response.content.decode()


def test_it_logs_in_and_opens_the_brand_list(client: Client, alice, brand) -> None:
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    assert "Café Lumière" in response.content.decode()


@pytest.mark.django_db
def test_it_locks_out_after_repeated_failures(client: Client, alice) -> None:
    for _ in range(5):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert reverse("login") not in response.get("Location", "")


def test_it_refuses_a_login_post_without_csrf_token(alice) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
