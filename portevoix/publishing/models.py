"""Every attempt to publish a target, kept for ever: the history behind a target's state.

A publish attempt asks the platform to post; a lookup attempt asks it whether a post whose
outcome is unknown exists. The last attempt decides whether the next one must look up first.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.editorial.models import PostTarget


class AttemptKind(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    LOOKUP = "lookup", _("Look up")


class Outcome(models.TextChoices):
    # Empty while the worker talks to the platform; still empty later means the worker died.
    PENDING = "", _("In progress")
    PUBLISHED = "published", _("Published")
    UNAVAILABLE = "unavailable", _("Platform unavailable")
    RATE_LIMITED = "rate_limited", _("Rate limited")
    QUOTA = "quota", _("Quota reached")
    AUTH_EXPIRED = "auth_expired", _("Access revoked or expired")
    REJECTED = "rejected", _("Refused by the platform")
    UNKNOWN = "unknown", _("Outcome unknown")
    REFUSED = "refused", _("Refused by the quality check")
    FOUND = "found", _("Found on the platform")
    NOT_FOUND = "not_found", _("Not found on the platform")
    LOOKUP_FAILED = "lookup_failed", _("Look-up failed")


# After these, the platform may hold the post: the next attempt looks it up before posting.
MAY_HAVE_POSTED = frozenset({Outcome.PENDING, Outcome.UNKNOWN, Outcome.LOOKUP_FAILED})


class PublishAttempt(models.Model):
    target = models.ForeignKey(
        PostTarget, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("target")
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=AttemptKind.choices, default=AttemptKind.PUBLISH
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    error_class = models.CharField(_("error"), max_length=60, blank=True)
    # The platform's own words, shown as they are (escaped on output).
    message = models.TextField(_("platform message"), blank=True)
    platform_id = models.CharField(max_length=200, blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)

    class Meta:
        ordering = ["target", "number"]
        verbose_name = _("publish attempt")
        verbose_name_plural = _("publish attempts")
        constraints = [
            models.UniqueConstraint(fields=["target", "number"], name="one_attempt_number")
        ]

    def __str__(self) -> str:
        return f"{self.target_id} #{self.number} {self.kind} {self.outcome or 'pending'}"
