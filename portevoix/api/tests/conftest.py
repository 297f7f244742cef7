"""Fixtures of the API tests; request helpers live in `helpers.py`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from portevoix.accounts.actions import create_api_token
from portevoix.accounts.models import Brand


@pytest.fixture
def token_for(db: None) -> Callable[..., str]:
    """The secret of a new token of `user` on `brand` (read-write unless read_only=True)."""

    def make(user: Any, brand: Brand, *, read_only: bool = False) -> str:
        _, secret = create_api_token(user, brand, name="script", read_only=read_only)
        return secret

    return make
