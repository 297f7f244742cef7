"""Secrets at rest: encrypted, readable with any configured key, re-encrypted on rotation."""

from __future__ import annotations

from typing import Any

import pytest

from portevoix.lib import crypto


def test_it_encrypts_and_decrypts(settings: Any) -> None:
    settings.PORTEVOIX_TOKEN_KEYS = [crypto.new_key()]
    secret = crypto.encrypt_json({"access_token": "abc"})
    assert "abc" not in secret
    assert crypto.decrypt_json(secret) == {"access_token": "abc"}


def test_it_reads_old_secrets_after_a_new_key_and_rotates_them(settings: Any) -> None:
    old, new = crypto.new_key(), crypto.new_key()
    settings.PORTEVOIX_TOKEN_KEYS = [old]
    secret = crypto.encrypt("refresh-me")
    settings.PORTEVOIX_TOKEN_KEYS = [new, old]
    assert crypto.decrypt(secret) == "refresh-me"
    rotated = crypto.rotate(secret)
    settings.PORTEVOIX_TOKEN_KEYS = [new]
    assert crypto.decrypt(rotated) == "refresh-me"
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(secret)
