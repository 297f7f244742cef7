from __future__ import annotations

from typing import Any

from django import forms

from portevoix.alerts.models import AlertSettings


class WebhookURLField(forms.URLField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(assume_scheme="https", **kwargs)


class AlertSettingsForm(forms.ModelForm):
    class Meta:
        model = AlertSettings
        fields = [
            "enabled",
            "threshold",
            "min_mentions",
            "at_most_every",
            "email",
            "webhook_url",
            "webhook_format",
            "digest",
            "digest_hour",
        ]
        field_classes = {"webhook_url": WebhookURLField}
        widgets = {
            "threshold": forms.NumberInput(attrs={"min": 2, "max": 10, "step": 0.5}),
            "digest_hour": forms.NumberInput(attrs={"min": 0, "max": 23}),
        }

    def clean_threshold(self) -> float:
        value: float = self.cleaned_data["threshold"]
        if not 2 <= value <= 10:
            raise forms.ValidationError(self.fields["threshold"].help_text)
        return value

    def clean_digest_hour(self) -> int:
        value: int = self.cleaned_data["digest_hour"]
        if not 0 <= value <= 23:
            raise forms.ValidationError("0–23")
        return value
