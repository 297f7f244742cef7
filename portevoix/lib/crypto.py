"""Encryption at rest for the secrets that open a brand's accounts (OAuth tokens, app passwords).

MultiFernet with key rotation: `PORTEVOIX_TOKEN_KEYS` holds comma-separated Fernet keys, newest
first. New secrets are encrypted with the first key; every listed key can still decrypt, so an
operator rotates by putting a new key in front, running `portevoix rotate-token-keys` (which
re-encrypts every stored secret with the new key), then dropping the old key.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SecretUnreadable(Exception):
    """No configured key decrypts this secret: the key that wrote it was removed too early."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.PORTEVOIX_TOKEN_KEYS))


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable from exc


def encrypt_json(value: dict[str, Any]) -> str:
    return encrypt(json.dumps(value, sort_keys=True))


def decrypt_json(token: str) -> dict[str, Any]:
    if not token:
        return {}
    value: dict[str, Any] = json.loads(decrypt(token))
    return value


def rotate(token: str) -> str:
    """The same secret, encrypted with the newest key."""
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable from exc


def new_key() -> str:
    return Fernet.generate_key().decode()
