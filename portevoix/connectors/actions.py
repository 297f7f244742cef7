"""Every write on connected accounts goes through here: connecting, credentials, health."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portevoix.accounts import actions as accounts_actions
from portevoix.accounts.audit import record
from portevoix.accounts.models import Brand, Role
from portevoix.connectors import registry
from portevoix.connectors.base import Account, Connector, Credentials
from portevoix.connectors.errors import AuthExpired
from portevoix.connectors.models import AccountStatus, ConnectedAccount
from portevoix.lib.http import make_client


def connector_for(kind: str, http: httpx.Client | None = None) -> Connector:
    """A connector with its deployment settings and a guarded HTTP client (the addresses of
    Mastodon instances, PDSs, WordPress sites and webhooks are typed by users)."""
    return registry.connector_class(kind)(
        http if http is not None else make_client(), registry.connector_settings(kind)
    )


@transaction.atomic
def connect_account(
    actor: Any, brand: Brand, account: Account, *, label: str = "", via: str = "web"
) -> ConnectedAccount:
    """Save an account the platform has just accepted; connecting it again updates it."""
    existing = ConnectedAccount.objects.filter(
        brand=brand, kind=account.kind, external_id=account.external_id or account.handle
    ).first()
    connected = existing or ConnectedAccount(brand=brand, kind=account.kind)
    connected.label = (label or account.handle or account.kind)[:120]
    connected.handle = account.handle
    connected.external_id = account.external_id or account.handle
    connected.base_url = account.base_url
    connected.config = {**connected.config, **account.config}
    connected.set_credentials(account.credentials)
    connected.status = AccountStatus.ACTIVE
    connected.last_error = ""
    connected.last_refreshed_at = timezone.now()
    connected.expiry_warned_at = None
    if existing is None:
        connected.created_by = actor if getattr(actor, "is_authenticated", False) else None
    connected.save()
    record(
        actor,
        "connectors.account.reconnect" if existing else "connectors.account.connect",
        connected,
        brand=brand,
        via=via,
    )
    return connected


@transaction.atomic
def disconnect_account(actor: Any, connected: ConnectedAccount, *, via: str = "web") -> None:
    """Forget the credentials; the row stays so that published posts keep their channel."""
    connected.secrets = ""
    connected.status = AccountStatus.DISCONNECTED
    connected.save(update_fields=["secrets", "status", "updated_at"])
    record(actor, "connectors.account.disconnect", connected, brand=connected.brand, via=via)


def owners_of(connected: ConnectedAccount) -> list[Any]:
    """Who must act when an account breaks: its owners and strategists (and who connected it)."""
    people = accounts_actions.people_to_tell(connected.brand, Role.OWNER, Role.STRATEGIST)
    if connected.created_by and connected.created_by not in people:
        people.append(connected.created_by)
    return people


def health_url(connected: ConnectedAccount) -> str:
    return reverse("connectors:list", kwargs={"brand_id": connected.brand_id})


@transaction.atomic
def mark_needs_reconnect(connected: ConnectedAccount, message: str) -> bool:
    """AuthExpired: pause the account's queue and tell its owners (once per breakage).

    Returns False when it was already marked (another worker got there first)."""
    changed = (
        ConnectedAccount.objects.filter(pk=connected.pk)
        .exclude(status=AccountStatus.NEEDS_RECONNECT)
        .update(
            status=AccountStatus.NEEDS_RECONNECT,
            last_error=message[:2000],
            last_error_at=timezone.now(),
        )
    )
    connected.refresh_from_db()
    if not changed:
        return False
    record(
        None, "connectors.account.needs_reconnect", connected, brand=connected.brand, via="worker"
    )
    label, platform = connected.label, connected.get_kind_display()
    for person in owners_of(connected):
        accounts_actions.notify(
            person,
            kind="connectors.needs_reconnect",
            brand=connected.brand,
            url=health_url(connected),
            subject=lambda: (
                _("Reconnect %(platform)s account “%(label)s”")
                % {"platform": platform, "label": label}
            ),
            body=lambda: (
                _(
                    "The platform no longer accepts this account's access (%(error)s). Its "
                    "scheduled posts wait until someone reconnects it; none will be lost."
                )
                % {"error": message[:300]}
            ),
        )
    return True


def record_error(connected: ConnectedAccount, message: str) -> None:
    ConnectedAccount.objects.filter(pk=connected.pk).update(
        last_error=message[:2000], last_error_at=timezone.now()
    )


def refresh_due(connected: ConnectedAccount, now: dt.datetime | None = None) -> bool:
    """Refresh when under a quarter of the access token's lifetime is left (connectors.md)."""
    now = now or timezone.now()
    expires = connected.token_expires_at
    if expires is None or connected.status != AccountStatus.ACTIVE:
        return False
    issued = connected.last_refreshed_at or connected.created_at
    lifetime = max((expires - issued).total_seconds(), 60.0)
    return (expires - now).total_seconds() < lifetime / 4


def refresh_credentials(
    connected: ConnectedAccount, *, connector: Connector | None = None, force: bool = False
) -> ConnectedAccount:
    """Refresh under a per-account lock; a rotated refresh token is saved in the same
    transaction that takes the lock, so two workers never both spend the same refresh token
    (platforms that rotate revoke the whole chain when an old one is replayed)."""
    with transaction.atomic():
        locked = ConnectedAccount.objects.select_for_update().get(pk=connected.pk)
        if not force and not refresh_due(locked):
            return locked  # another worker refreshed it while we waited for the lock
        connector = connector or connector_for(locked.kind)
        try:
            credentials: Credentials = connector.refresh_credentials(locked.as_account())
        except AuthExpired as exc:
            # Leave the transaction first: the notification and status must be kept.
            error: AuthExpired | None = exc
        else:
            error = None
            locked.set_credentials(credentials)
            locked.last_refreshed_at = timezone.now()
            locked.save()
    if error is not None:
        mark_needs_reconnect(locked, error.message or str(error))
        locked.refresh_from_db()
    return locked
