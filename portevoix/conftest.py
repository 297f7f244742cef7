"""Personas (healthchecks style): alice owns the organisation, bob is her teammate (strategist),
charlie belongs to another organisation and is the outsider of every permission test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from portevoix.accounts import actions
from portevoix.accounts.models import Brand, Organisation, Role

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    # Tests create many users; PBKDF2 at its real cost would make the suite take minutes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def loopback_servers_allowed(settings: Any) -> None:
    # Tests run their feed and platform servers on 127.0.0.1; private ranges stay refused.
    settings.PORTEVOIX_HTTP_ALLOW_LOOPBACK = True


@pytest.fixture(autouse=True)
def fake_platform_store(settings: Any, tmp_path: Any) -> None:
    # Each test has its own demo platform: post ids and idempotency keys never leak between tests.
    settings.PORTEVOIX_CONNECTORS = {
        **settings.PORTEVOIX_CONNECTORS,
        "fake": {"store": str(tmp_path / "fake-platform.sqlite3")},
    }


def make_user(username: str) -> Any:
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


@pytest.fixture
def alice(db: None) -> Any:
    return make_user("alice")


@pytest.fixture
def org(alice: Any) -> Organisation:
    return actions.create_organisation(alice, name="Agence Alice")


@pytest.fixture
def brand(alice: Any, org: Organisation) -> Brand:
    return actions.create_brand(alice, org, name="Café Lumière", timezone="America/Montreal")


@pytest.fixture
def bob(alice: Any, org: Organisation) -> Any:
    user = make_user("bob")
    actions.add_member(alice, org, username="bob", role=Role.STRATEGIST)
    return user


@pytest.fixture
def charlie(db: None) -> Any:
    user = make_user("charlie")
    other = actions.create_organisation(user, name="Agence Charlie")
    actions.create_brand(user, other, name="Autre marque")
    return user


@pytest.fixture
def member_with_role(alice: Any, org: Organisation) -> Callable[[str], Any]:
    """A new member of alice's organisation holding `role`."""

    def make(role: str) -> Any:
        if role == Role.OWNER:
            return alice
        user = make_user(f"user-{role}")
        actions.add_member(alice, org, username=user.username, role=role)
        return user

    return make
