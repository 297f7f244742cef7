"""Every write on connected accounts goes through here: connecting, credentials, health."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portevoix.accounts import actions as accounts_actions
from portevoix.accounts.audit import record
from portevoix.accounts.models import Brand, Role
from portevoix.connectors import registry
from portevoix.connectors.base import Account, Connector, Credentials, Health
from portevoix.connectors.errors import AuthExpired, ConnectorError
from portevoix.connectors.models import AccountStatus, ConnectedAccount
from portevoix.lib import crypto
from portevoix.lib.http import make_client

T = TypeVar("T")


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


def call_with_refresh(
    connected: ConnectedAccount,
    operation: Callable[[Connector, Account], T],
    *,
    connector: Connector | None = None,
) -> T:
    """Run `operation` with the account; when the platform refuses the access token, refresh
    once (under the lock, the rotated token saved) and run it again. A second refusal, or a
    refused refresh, is AuthExpired for good: the account is marked *needs reconnect* and its
    owners are told (connectors.md: "401 after one refresh")."""
    connector = connector or connector_for(connected.kind)
    try:
        return operation(connector, connected.as_account())
    except AuthExpired:
        pass
    refreshed = refresh_credentials(connected, connector=connector, force=True)
    if refreshed.status != AccountStatus.ACTIVE:
        raise AuthExpired(refreshed.last_error)
    try:
        return operation(connector, refreshed.as_account())
    except AuthExpired as exc:
        mark_needs_reconnect(refreshed, exc.message or str(exc))
        raise


def check_account_health(
    connected: ConnectedAccount, *, connector: Connector | None = None
) -> Health | None:
    """Ask the platform whether the connection works and keep the answer on the account.
    None when the account could not be checked (needs reconnecting, or the platform is down)."""
    if connected.status != AccountStatus.ACTIVE:
        return None
    now = timezone.now()
    try:
        health = call_with_refresh(connected, lambda c, a: c.check_health(a), connector=connector)
    except AuthExpired:
        ConnectedAccount.objects.filter(pk=connected.pk).update(last_checked_at=now)
        return None
    except ConnectorError as exc:
        ConnectedAccount.objects.filter(pk=connected.pk).update(
            last_checked_at=now, last_error=(exc.message or str(exc))[:2000], last_error_at=now
        )
        return None
    changes: dict[str, Any] = {"last_checked_at": now}
    if health.valid:
        changes["last_error"] = ""
    else:
        changes["last_error"] = (health.message or "invalid")[:2000]
        changes["last_error_at"] = now
    ConnectedAccount.objects.filter(pk=connected.pk).update(**changes)
    return health


EXPIRY_WARNING = dt.timedelta(days=7)


def warn_hard_expiry(connected: ConnectedAccount, now: dt.datetime | None = None) -> bool:
    """Tell the owners, once per expiry date, that a connection dies within 7 days unless
    someone logs in again. The conditional UPDATE claims the warning, so two sweeps running
    at once send it once. A refresh that moves the expiry further re-arms it."""
    now = now or timezone.now()
    claimed = (
        ConnectedAccount.objects.filter(
            pk=connected.pk,
            status=AccountStatus.ACTIVE,
            hard_expires_at__gt=now,
            hard_expires_at__lte=now + EXPIRY_WARNING,
        )
        .filter(
            Q(expiry_warned_at__isnull=True)
            | Q(expiry_warned_at__lt=F("hard_expires_at") - EXPIRY_WARNING)
        )
        .update(expiry_warned_at=now)
    )
    if not claimed:
        return False
    connected.refresh_from_db()
    expires = connected.hard_expires_at
    assert expires is not None  # noqa: S101 (the UPDATE above filtered on it)
    zone = ZoneInfo(connected.brand.timezone)
    label, platform = connected.label, connected.get_kind_display()
    for person in owners_of(connected):
        accounts_actions.notify(
            person,
            kind="connectors.expires_soon",
            brand=connected.brand,
            url=health_url(connected),
            # Rendered under the recipient's language, the date in the brand's time zone.
            subject=lambda: (
                _("%(platform)s account “%(label)s” expires on %(date)s")
                % {
                    "platform": platform,
                    "label": label,
                    "date": date_format(expires.astimezone(zone), "DATE_FORMAT"),
                }
            ),
            body=lambda: (
                _(
                    "The connection stops working on %(date)s unless someone reconnects it. "
                    "Reconnecting takes a minute and keeps every scheduled post."
                )
                % {"date": date_format(expires.astimezone(zone), "DATETIME_FORMAT")}
            ),
        )
    return True


HEALTH_CHECK_EVERY = dt.timedelta(hours=6)


def sweep_connections(now: dt.datetime | None = None) -> tuple[list[int], list[int]]:
    """The periodic sweep: warn of coming hard expiries here (cheap), and return the accounts
    to refresh and the accounts to check, for the task to fan out one task per account."""
    now = now or timezone.now()
    to_refresh: list[int] = []
    to_check: list[int] = []
    active = ConnectedAccount.objects.filter(status=AccountStatus.ACTIVE).select_related("brand")
    for connected in active.iterator():
        if connected.hard_expires_at is not None:
            warn_hard_expiry(connected, now)
        if refresh_due(connected, now):
            to_refresh.append(connected.pk)
        elif (
            connected.last_checked_at is None
            or connected.last_checked_at < now - HEALTH_CHECK_EVERY
        ):
            to_check.append(connected.pk)
    return to_refresh, to_check


def refresh_account(account_id: int) -> None:
    connected = ConnectedAccount.objects.filter(pk=account_id).first()
    if connected is not None and connected.status == AccountStatus.ACTIVE:
        try:
            refresh_credentials(connected)
        except ConnectorError as exc:  # the platform is down: the next sweep tries again
            record_error(connected, exc.message or str(exc))


def check_account(account_id: int) -> None:
    connected = ConnectedAccount.objects.filter(pk=account_id).first()
    if connected is not None:
        check_account_health(connected)


def rotate_token_keys() -> tuple[int, int]:
    """Re-encrypt every account's secrets with the newest key (lib/crypto.rotate).
    Returns (rotated, unreadable): an unreadable secret was written with a key no longer
    configured; it is left as is and its account needs reconnecting."""
    rotated = unreadable = 0
    for pk in ConnectedAccount.objects.exclude(secrets="").values_list("pk", flat=True):
        with transaction.atomic():
            connected = ConnectedAccount.objects.select_for_update().get(pk=pk)
            try:
                connected.secrets = crypto.rotate(connected.secrets)
            except crypto.SecretUnreadable:
                unreadable += 1
                continue
            connected.save(update_fields=["secrets"])
            rotated += 1
    return rotated, unreadable
