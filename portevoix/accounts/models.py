"""Organisations own brands; people belong to organisations with a role, optionally narrowed
to some of its brands. Every write is recorded in the audit log by the actions module."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=120, validators=[MinLengthValidator(2)])
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class Currency(models.TextChoices):
    EUR = "EUR", _("EUR (euro)")
    CAD = "CAD", _("CAD (Canadian dollar)")
    USD = "USD", _("USD (US dollar)")
    CHF = "CHF", _("CHF (Swiss franc)")
    GBP = "GBP", _("GBP (pound sterling)")


class Brand(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="brands",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=120, validators=[MinLengthValidator(2)])
    slug = models.SlugField(_("short name"), max_length=60)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=2000,
        # Django does not check a TextField's max_length on save; the API needs it enforced.
        validators=[MaxLengthValidator(2000)],
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.PORTEVOIX_DEFAULT_TIMEZONE,
        validators=[validate_timezone],
    )
    # The currency of its budget: amounts without one are ambiguous between France and Québec.
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    # The languages the brand speaks: the fallback when a short text's language is uncertain.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="brand_slug_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    STRATEGIST = "strategist", _("Strategist (social media manager)")
    COMMUNITY_MANAGER = "community_manager", _("Community manager")
    ANALYST = "analyst", _("Analyst")
    CLIENT = "client", _("Client")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # Empty means every brand of the organisation; otherwise only these.
    brands = models.ManyToManyField(Brand, blank=True, related_name="+", verbose_name=_("brands"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    # Blank: follow the browser's Accept-Language.
    language = models.CharField(
        _("interface language"), max_length=8, choices=Language.choices, blank=True
    )
    last_brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"profile of {self.user}"


class AuditEvent(models.Model):
    """Who did what, when. Written by every action; never edited."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    brand = models.ForeignKey(
        Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What ran, e.g. "strategy.objective.update"; with the object it touched.
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    via = models.CharField(max_length=16, default="web")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


class ApiToken(models.Model):
    """A secret that lets a script act on one brand with its creator's role (read-only if set).

    Only a SHA-256 of the secret is stored; the secret is shown once, at creation.
    """

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="api_tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    read_only = models.BooleanField(_("read only"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Notification(models.Model):
    """Something a person must know: a failed post, an account to reconnect, a bad-buzz alert.

    The text is written in the recipient's language when the notification is made (the worker
    has no request to take a language from), and each one is also sent by e-mail when asked.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    brand = models.ForeignKey(
        Brand, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # What it is about, for filtering and de-duplication: "publishing.failed", "alerts.spike", …
    kind = models.CharField(max_length=60)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    # Where to act on it (a path of this site).
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"
