from typing import Any

from django.test import Client
from django.urls import reverse

from portevoix.accounts import actions
from portevoix.accounts.models import AuditEvent, Role


def test_it_records_who_did_what_for_every_account_write(alice: Any, org: Any, brand: Any) -> None:
    membership = actions.add_member(alice, org, username="erin", role=Role.ANALYST)
    actions.update_membership(alice, membership, role=Role.CLIENT, brands=[brand])
    actions.update_brand(alice, brand, name="Café Lumière Québec")
    token, _secret = actions.create_api_token(alice, brand, name="ci")
    actions.revoke_api_token(alice, token)
    actions.remove_member(alice, membership)
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "accounts.organisation.create",
        "accounts.brand.create",
        "accounts.membership.set",
        "accounts.membership.update",
        "accounts.brand.update",
        "accounts.api_token.create",
        "accounts.api_token.revoke",
        "accounts.membership.delete",
    ]
    update = AuditEvent.objects.get(action="accounts.brand.update")
    assert update.actor == alice
    assert update.changes["name"] == ["Café Lumière", "Café Lumière Québec"]
    assert AuditEvent.objects.get(action="accounts.membership.update").changes["role"] == [
        "analyst",
        "client",
    ]


def test_it_shows_the_audit_log_to_owners_only_with_escaped_text(
    alice: Any, org: Any, brand: Any, bob: Any
) -> None:
    actions.update_brand(alice, brand, name="<script>alert(1)</script>")
    client = Client()
    client.force_login(alice)
    page = client.get(reverse("audit-log", args=[org.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_it_never_stores_an_api_token_in_clear(alice: Any, brand: Any) -> None:
    token, secret = actions.create_api_token(alice, brand, name="ci")
    token.refresh_from_db()
    assert secret.startswith("pv_") and len(secret) > 40
    assert secret not in (token.token_hash, token.prefix)
    assert token.token_hash == actions.hash_token(secret)
