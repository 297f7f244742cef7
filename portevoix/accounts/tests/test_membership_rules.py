"""Organisation-wide pages belong to whole-organisation members; nobody edits their own
membership, and an organisation always keeps an owner."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from portevoix.accounts import actions
from portevoix.accounts.models import Membership, Role


def client_for(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_it_keeps_organisation_pages_from_members_narrowed_to_a_brand(
    alice: Any, org: Any, brand: Any
) -> None:
    secret = actions.create_brand(alice, org, name="Projet secret")
    narrowed = actions.add_member(alice, org, username="olga", role=Role.OWNER, brands=[brand])
    client = client_for(narrowed.user)
    for name in ("audit-log", "members", "brand-create"):
        assert client.get(reverse(name, args=[org.pk])).status_code == 403
    assert "Projet secret" not in client.get(reverse("brand-list")).content.decode()
    assert client.get(reverse("brand-home", args=[secret.pk])).status_code == 404


def test_it_refuses_changes_to_ones_own_membership(alice: Any, org: Any, brand: Any) -> None:
    response = client_for(alice).post(
        reverse("members", args=[org.pk]), {"username": "alice", "role": Role.CLIENT}
    )
    assert response.status_code == 200
    assert "You cannot change your own membership" in response.content.decode()
    assert Membership.objects.get(user=alice).role == Role.OWNER


def test_it_keeps_at_least_one_owner(alice: Any, org: Any, bob: Any) -> None:
    owner = Membership.objects.get(user=alice)
    with pytest.raises(ValidationError):
        actions.update_membership(bob, owner, role=Role.CLIENT, brands=[])
    with pytest.raises(ValidationError):
        actions.remove_member(bob, owner)
    actions.add_member(alice, org, username="bob", role=Role.OWNER)
    actions.update_membership(bob, owner, role=Role.STRATEGIST, brands=[])  # bob is owner now
    assert Membership.objects.get(user=alice).role == Role.STRATEGIST


def test_it_lets_only_owners_revoke_other_peoples_tokens(alice: Any, brand: Any, bob: Any) -> None:
    alices, _secret = actions.create_api_token(alice, brand, name="alice's script")
    bobs, _secret = actions.create_api_token(bob, brand, name="bob's script")
    strategist = client_for(bob)
    url = "api-token-revoke"
    assert strategist.post(reverse(url, args=[brand.pk, alices.pk])).status_code == 403
    assert strategist.post(reverse(url, args=[brand.pk, bobs.pk])).status_code == 302
    assert client_for(alice).post(reverse(url, args=[brand.pk, alices.pk])).status_code == 302
    alices.refresh_from_db()
    bobs.refresh_from_db()
    assert alices.revoked_at is not None and bobs.revoked_at is not None
