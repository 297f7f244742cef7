"""Bad-buzz alerts: a brand's alert settings, each query's detector state, and the alerts raised
with the mentions that caused them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.accounts.models import Brand
from portevoix.listening.models import Mention, MonitorQuery


class WebhookFormat(models.TextChoices):
    SLACK = "slack", "Slack"
    DISCORD = "discord", "Discord"
    TEAMS = "teams", "Microsoft Teams"
    JSON = "json", _("Plain JSON")


class AlertSettings(models.Model):
    brand = models.OneToOneField(Brand, on_delete=models.CASCADE, related_name="alert_settings")
    enabled = models.BooleanField(_("spike alerts"), default=True)
    threshold = models.FloatField(
        _("sensitivity (z-score)"),
        default=4.0,
        help_text=_("How unusual a minute must be: 3 is sensitive, 5 only catches big spikes."),
    )
    min_mentions = models.PositiveIntegerField(_("minimum mentions in a minute"), default=5)
    at_most_every = models.PositiveIntegerField(
        _("at most one alert per query every (minutes)"), default=60
    )
    email = models.BooleanField(_("by e-mail"), default=True)
    webhook_url = models.URLField(_("chat webhook address"), max_length=1000, blank=True)
    webhook_format = models.CharField(
        _("chat"), max_length=10, choices=WebhookFormat.choices, default=WebhookFormat.SLACK
    )
    digest = models.BooleanField(_("daily watch digest by e-mail"), default=True)
    digest_hour = models.PositiveSmallIntegerField(_("digest hour (brand's time)"), default=8)
    last_digest_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert settings")
        verbose_name_plural = _("alert settings")

    def __str__(self) -> str:
        return f"alerts of {self.brand}"


class SeriesState(models.Model):
    """The detector's memory for one query (see alerts/detector.py)."""

    query = models.OneToOneField(MonitorQuery, on_delete=models.CASCADE, related_name="series")
    volume_mean = models.FloatField(default=0)
    volume_var = models.FloatField(default=0)
    share_mean = models.FloatField(default=0)
    share_var = models.FloatField(default=0)
    volume_seen = models.PositiveIntegerField(default=0)
    share_seen = models.PositiveIntegerField(default=0)
    last_bucket = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"series of query {self.query_id}"


class AlertKind(models.TextChoices):
    VOLUME = "volume", _("Volume spike")
    NEGATIVE = "negative", _("Negative share spike")


class Alert(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="alerts")
    query = models.ForeignKey(
        MonitorQuery, null=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AlertKind.choices)
    bucket_start = models.DateTimeField(_("minute"))
    observed = models.FloatField(_("observed"))
    expected = models.FloatField(_("expected"))
    zscore = models.FloatField(_("z-score"))
    mentions = models.ManyToManyField(Mention, related_name="alerts", blank=True)
    # Raised but not sent: an alert for the same query and kind went out within the window.
    throttled = models.BooleanField(default=False)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivery_errors = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["query", "kind", "bucket_start"], name="one_alert_per_query_minute"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.query} {self.bucket_start:%Y-%m-%d %H:%M}"
