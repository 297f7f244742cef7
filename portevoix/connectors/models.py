"""A brand's connected accounts. Secrets are encrypted at rest (lib/crypto, MultiFernet)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.accounts.models import Brand
from portevoix.connectors import registry
from portevoix.connectors.base import Account, Credentials
from portevoix.lib import crypto


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Connected")
    # AuthExpired: the platform refuses the credentials. Its queue is paused until a person
    # reconnects; nothing is retried against it.
    NEEDS_RECONNECT = "needs_reconnect", _("Needs reconnecting")
    DISCONNECTED = "disconnected", _("Disconnected")


class ConnectedAccount(models.Model):
    brand = models.ForeignKey(
        Brand, on_delete=models.CASCADE, related_name="connected_accounts", verbose_name=_("brand")
    )
    kind = models.CharField(_("platform"), max_length=32, choices=registry.kind_choices)
    label = models.CharField(_("name"), max_length=120)
    handle = models.CharField(_("handle"), max_length=200, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    base_url = models.URLField(_("server address"), max_length=500, blank=True)
    config = models.JSONField(default=dict, blank=True)
    # Credentials (tokens, app passwords) as MultiFernet ciphertext; see `credentials`.
    secrets = models.TextField(blank=True)
    status = models.CharField(
        _("state"), max_length=20, choices=AccountStatus.choices, default=AccountStatus.ACTIVE
    )
    token_expires_at = models.DateTimeField(_("access expires"), null=True, blank=True)
    # A hard expiry (LinkedIn's 60 days, Instagram's): past it, only a new login helps.
    hard_expires_at = models.DateTimeField(_("connection expires"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_refreshed_at = models.DateTimeField(null=True, blank=True)
    # When the owners were told of the coming hard expiry, so they are told once.
    expiry_warned_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["brand", "kind", "label"]
        verbose_name = _("connected account")
        verbose_name_plural = _("connected accounts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.label}"

    @property
    def credentials(self) -> Credentials:
        return Credentials.from_dict(crypto.decrypt_json(self.secrets))

    def set_credentials(self, credentials: Credentials) -> None:
        """Encrypt and keep; the caller saves (in the same transaction as what caused it)."""
        self.secrets = crypto.encrypt_json(credentials.to_dict())
        self.token_expires_at = credentials.expires_at
        self.hard_expires_at = credentials.refresh_expires_at

    def as_account(self) -> Account:
        return Account(
            kind=self.kind,
            handle=self.handle,
            external_id=self.external_id,
            base_url=self.base_url,
            config=dict(self.config),
            credentials=self.credentials,
        )

    @property
    def is_usable(self) -> bool:
        return self.status == AccountStatus.ACTIVE

    def platform_label(self) -> Any:
        return self.get_kind_display()
