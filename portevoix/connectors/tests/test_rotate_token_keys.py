"""`portevoix rotate-token-keys` re-encrypts every account's secrets with the newest key, so the
old key can then be removed."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from portevoix.connectors.models import ConnectedAccount
from portevoix.connectors.tests.factories import make_account
from portevoix.lib import crypto


def test_it_reencrypts_every_secret_with_the_newest_key(brand: Any, settings: Any) -> None:
    old, new = crypto.new_key(), crypto.new_key()
    settings.PORTEVOIX_TOKEN_KEYS = [old]
    accounts = [make_account(brand, handle=f"compte-{n}") for n in range(3)]
    make_account(brand, handle="vide").__class__.objects.filter(handle="vide").update(secrets="")
    settings.PORTEVOIX_TOKEN_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_token_keys", stdout=out)
    assert "rotated: 3, unreadable: 0" in out.getvalue()
    settings.PORTEVOIX_TOKEN_KEYS = [new]  # the old key is gone: everything still reads
    for account in accounts:
        stored = ConnectedAccount.objects.get(pk=account.pk)
        assert stored.credentials.refresh_token == "refresh-0"
        Fernet(new.encode()).decrypt(stored.secrets.encode())


def test_it_reports_secrets_no_key_can_read(brand: Any, settings: Any) -> None:
    lost = crypto.new_key()
    settings.PORTEVOIX_TOKEN_KEYS = [lost]
    make_account(brand)
    settings.PORTEVOIX_TOKEN_KEYS = [crypto.new_key()]
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("rotate_token_keys", stdout=out)
    assert "rotated: 0, unreadable: 1" in out.getvalue()
