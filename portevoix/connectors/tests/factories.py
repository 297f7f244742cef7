"""Builders for connected accounts, made through the actions like the app makes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portevoix.accounts.models import Brand
from portevoix.connectors import actions
from portevoix.connectors.base import Account, Credentials
from portevoix.connectors.models import ConnectedAccount


def make_account(brand: Brand, kind: str = "fake", **overrides: Any) -> ConnectedAccount:
    credentials = overrides.pop(
        "credentials",
        Credentials(
            access_token="access-0",
            refresh_token="refresh-0",
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=2),
        ),
    )
    handle = overrides.pop("handle", "cafe-lumiere")
    account = Account(
        kind=kind, handle=handle, external_id=handle, credentials=credentials, **overrides
    )
    return actions.connect_account(None, brand, account)
