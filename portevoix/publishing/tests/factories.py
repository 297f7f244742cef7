"""Builders: an approved post on a connected account, scheduled at a given time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from portevoix.accounts.models import Brand
from portevoix.connectors.fake.connector import FakeStore
from portevoix.connectors.models import ConnectedAccount
from portevoix.connectors.tests.factories import make_account
from portevoix.editorial.models import Post, PostStatus, PostTarget, TargetStatus

DUE = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)  # 10:00 in Montréal


def make_target(
    brand: Brand,
    account: ConnectedAccount | None = None,
    *,
    scheduled_at: dt.datetime = DUE,
    text: str = "Nouveau menu d'automne au Café Lumière ☕",
    author: Any = None,
    status: str = TargetStatus.SCHEDULED,
    **fields: Any,
) -> PostTarget:
    account = account or make_account(brand)
    post = Post.objects.create(
        brand=brand, title="Menu d'automne", text=text, author=author, status=PostStatus.APPROVED
    )
    return PostTarget.objects.create(
        post=post, account=account, text=text, scheduled_at=scheduled_at, status=status, **fields
    )


def failing(account: ConnectedAccount, how: str) -> ConnectedAccount:
    """Make the demo platform answer `how` (see connectors/fake) for this account."""
    account.config = {**account.config, "fail_with": how}
    account.save(update_fields=["config"])
    return account


def healed(account: ConnectedAccount) -> ConnectedAccount:
    account.config = {k: v for k, v in account.config.items() if k != "fail_with"}
    account.save(update_fields=["config"])
    return account


def store() -> FakeStore:
    return FakeStore(settings.PORTEVOIX_CONNECTORS["fake"]["store"])


def posts_made(target: PostTarget) -> int:
    return store().counts().get(target.idempotency_key, 0)
