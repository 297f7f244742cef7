"""Posts written once and adapted per channel.

A `Post` is the idea and its master text; a `PostTarget` is that post on one connected account,
with its own text, media and time. Approval is given to the post (with every variant in it);
only targets of an approved post are ever scheduled, and only scheduled targets are published.
Times are stored in UTC and shown in the brand's time zone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.accounts.models import Brand
from portevoix.connectors.models import ConnectedAccount
from portevoix.strategy.models import Campaign

TEXT_LIMIT = 70_000  # above every platform's limit (Facebook: 63,206); the quality gate says more


class ContentKind(models.TextChoices):
    """For the share-of-content view: one-way advertising is the classic mistake."""

    PROMOTIONAL = "promotional", _("Promotional")
    CONVERSATIONAL = "conversational", _("Conversational")
    INFORMATIVE = "informative", _("Informative")


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_INTERNAL = "pending_internal", _("Awaiting internal approval")
    PENDING_CLIENT = "pending_client", _("Awaiting client approval")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")


class Post(models.Model):
    brand = models.ForeignKey(
        Brand, on_delete=models.CASCADE, related_name="posts", verbose_name=_("brand")
    )
    title = models.CharField(_("working title"), max_length=200, blank=True)
    text = models.TextField(
        _("text"), blank=True, max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        verbose_name=_("campaign"),
    )
    content_kind = models.CharField(
        _("kind of content"),
        max_length=20,
        choices=ContentKind.choices,
        default=ContentKind.CONVERSATIONAL,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        verbose_name=_("author"),
    )
    # Raised on every edit: a form carries it, and an edit made on a stale copy is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return self.title or self.text[:60] or f"#{self.pk}"


class PostMedia(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    file = models.FileField(_("file"), upload_to="posts/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True)
    alt_text = models.CharField(_("description (alt text)"), max_length=1500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["post", "position", "pk"]
        verbose_name = _("media")
        verbose_name_plural = _("media")

    def __str__(self) -> str:
        return self.file.name


class TargetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # Approved, with a time: the beat sweep claims it when due.
    SCHEDULED = "scheduled", _("Scheduled")
    QUEUED = "queued", _("Queued")  # claimed by the sweep, handed to a worker
    PUBLISHING = "publishing", _("Being published")  # a worker is talking to the platform
    PUBLISHED = "published", _("Published")
    # The platform may or may not have it (a timeout after sending): looked up before anything.
    UNKNOWN = "unknown", _("Outcome unknown")
    # Its account needs reconnecting: it waits, it is not lost.
    PAUSED = "paused", _("Paused")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class PostTarget(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="targets")
    account = models.ForeignKey(
        ConnectedAccount,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("channel"),
    )
    text = models.TextField(
        _("text"), blank=True, max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    media = models.ManyToManyField(PostMedia, blank=True, related_name="targets")
    scheduled_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TargetStatus.choices, default=TargetStatus.DRAFT
    )
    # The last quality-gate findings (connectors.Issue-like dicts), refreshed on every save.
    findings = models.JSONField(default=list, blank=True)
    # Publishing: what the platform said, and what a resumed attempt needs (PublishState).
    platform_id = models.CharField(max_length=200, blank=True)
    platform_url = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    publish_state = models.JSONField(default=dict, blank=True)
    attempt_count = models.PositiveIntegerField(default=0)
    # A retry (Unavailable, RateLimited) waits until then; the sweep ignores it before.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scheduled_at", "pk"]
        verbose_name = _("post on a channel")
        verbose_name_plural = _("posts on channels")
        constraints = [
            models.UniqueConstraint(fields=["post", "account"], name="one_target_per_account")
        ]
        indexes = [models.Index(fields=["status", "scheduled_at"], name="target_due")]

    def __str__(self) -> str:
        return f"{self.post} → {self.account}"

    @property
    def idempotency_key(self) -> str:
        """The key platforms de-duplicate on: one per target, for ever (style.md)."""
        return f"porte-voix-target-{self.pk}"
