"""A brand's strategic plan: who it speaks to, what it aims at and how that is measured, what it
may spend. Every change is kept as a revision (django-simple-history: who, when, why)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.accounts.models import Brand, Language

NAME_VALIDATORS = [MinLengthValidator(2)]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]
# Django does not check a TextField's max_length on save; the API needs the limit enforced.
TEXT_LIMIT = [MaxLengthValidator(4000)]


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    THREADS = "threads", "Threads"
    PINTEREST = "pinterest", "Pinterest"
    BLOG = "blog", _("Blog / website")
    NEWSLETTER = "newsletter", _("Newsletter")


class Persona(models.Model):
    """An audience target: who they are, what they need, where they are."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(_("name"), max_length=120, validators=NAME_VALIDATORS)
    description = models.TextField(
        _("who are they"), blank=True, max_length=4000, validators=TEXT_LIMIT
    )
    needs = models.TextField(
        _("needs and expectations"), blank=True, max_length=4000, validators=TEXT_LIMIT
    )
    platforms = models.JSONField(_("platforms they use"), default=list, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.FRENCH
    )
    region = models.CharField(_("region"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("audience target")
        verbose_name_plural = _("audience targets")

    def __str__(self) -> str:
        return self.name


class ObjectiveCategory(models.TextChoices):
    AWARENESS = "awareness", _("Awareness")
    REVENUE = "revenue", _("Revenue")
    IMAGE = "image", _("Image")
    ENGAGEMENT = "engagement", _("Engagement")
    TRAFFIC = "traffic", _("Traffic")
    RECRUITMENT = "recruitment", _("Recruitment")
    LOYALTY = "loyalty", _("Loyalty")
    OTHER = "other", _("Other")


class Objective(models.Model):
    """A campaign objective with its KPI: metric, baseline, target, deadline."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("title"), max_length=160, validators=NAME_VALIDATORS)
    category = models.CharField(_("category"), max_length=20, choices=ObjectiveCategory.choices)
    description = models.TextField(
        _("description"), blank=True, max_length=4000, validators=TEXT_LIMIT
    )
    kpi_metric = models.CharField(_("KPI (metric)"), max_length=160, validators=NAME_VALIDATORS)
    kpi_unit = models.CharField(_("unit"), max_length=30, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    current = models.DecimalField(
        _("current value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("deadline"))
    personas = models.ManyToManyField(
        Persona, blank=True, related_name="objectives", verbose_name=_("audience targets")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "title"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.title

    @property
    def progress(self) -> float | None:
        """Share of the way from baseline to target, 0–1 (None until a current value is known)."""
        if self.current is None or self.target == self.baseline:
            return None
        share = (self.current - self.baseline) / (self.target - self.baseline)
        return float(max(Decimal(0), min(Decimal(1), share)))


class Campaign(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField(_("name"), max_length=160, validators=NAME_VALIDATORS)
    description = models.TextField(
        _("description"), blank=True, max_length=4000, validators=TEXT_LIMIT
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, default=0, validators=NOT_NEGATIVE
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="campaigns", verbose_name=_("objectives")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class BudgetCategory(models.TextChoices):
    ADVERTISING = "advertising", _("Advertising")
    CONTESTS = "contests", _("Contests and loyalty operations")
    EVENTS = "events", _("Events")
    TOOLS = "tools", _("Tools")
    CONTENT = "content", _("Content production")
    PEOPLE = "people", _("People")
    OTHER = "other", _("Other")


class BudgetLine(models.Model):
    """A forecast budget line for one period (a month or a quarter): planned against actual."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    label = models.CharField(_("label"), max_length=160, validators=NAME_VALIDATORS)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    planned = models.DecimalField(
        _("planned"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )
    actual = models.DecimalField(
        _("actual"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_lines",
        verbose_name=_("campaign"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period_start", "category", "label"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.label


class Measurement(models.Model):
    """The measurement plan: for an objective, which figure proves it and where it comes from."""

    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("objective"),
    )
    indicator = models.CharField(_("indicator"), max_length=160, validators=NAME_VALIDATORS)
    source = models.CharField(_("data source"), max_length=160, validators=NAME_VALIDATORS)
    frequency = models.CharField(_("how often"), max_length=60, blank=True)
    method = models.TextField(
        _("how it is computed"), blank=True, max_length=4000, validators=TEXT_LIMIT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["objective__deadline", "indicator"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return self.indicator


class Revision(models.Model):
    """One change to the strategy: the object before and after, who made it, when and why.

    Snapshots are plain JSON (ids of linked objects included), so a revision stays readable
    after the object itself is deleted.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="strategy_revisions")
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    object_repr = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} {self.action}"
