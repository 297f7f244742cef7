"""Builders for posts, made through the actions like the app makes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from portevoix.accounts.models import Brand
from portevoix.connectors.models import ConnectedAccount
from portevoix.connectors.tests.factories import make_account
from portevoix.editorial import actions
from portevoix.editorial.models import ApprovalMode, Post


def soon(days: int = 7, hour: int = 15) -> dt.datetime:
    base = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    return base.replace(hour=hour, minute=0, second=0, microsecond=0)


def make_channel(brand: Brand, handle: str = "cafe-lumiere", **overrides: Any) -> ConnectedAccount:
    return make_account(brand, handle=handle, **overrides)


def set_mode(brand: Brand, mode: str = ApprovalMode.INTERNAL) -> None:
    actions.update_settings(None, brand, approval_mode=mode)


def make_post(
    brand: Brand,
    author: Any = None,
    *,
    accounts: list[ConnectedAccount] | None = None,
    when: dt.datetime | None = None,
    text: str = "Nouveau menu d'automne au Café Lumière ☕",
    **fields: Any,
) -> Post:
    if accounts is None:
        accounts = [make_channel(brand)]
    targets = [
        actions.TargetInput(account=a, text=text, scheduled_at=when if when is not None else soon())
        for a in accounts
    ]
    result = actions.save_post(author, brand, None, text=text, targets=targets, **fields)
    return result.post


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def editorial_world(author: Any, brand: Brand) -> tuple[Post, Any, Any]:
    """A post with one target and a posting slot: fills the editorial URL parameters."""
    channel = make_channel(brand, handle="matrix-channel")
    post = make_post(brand, author, accounts=[channel])
    slot = actions.add_slot(author, channel, weekday=1, local_time=dt.time(9, 0))
    return post, post.targets.get(), slot
