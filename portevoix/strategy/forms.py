"""Forms for the strategy pages. They check and convert input; the actions save it.

Each form takes the brand, so a choice of linked objects only offers the brand's own, and adds an
optional reason for the change that the action keeps on the revision.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portevoix.accounts.models import Brand
from portevoix.strategy.actions import KINDS, check_rules, serialise, version_of
from portevoix.strategy.models import (
    BudgetLine,
    Campaign,
    Measurement,
    Objective,
    Persona,
    Platform,
)


class DateInput(forms.DateInput):
    # A native date picker sends and expects ISO dates whatever the interface language.
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("reason for the change"),
        max_length=500,
        required=False,
        help_text=_("Optional. Kept in the history with your name."),
    )


def money_field(label: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=14, decimal_places=2, min_value=0, required=required
    )


class StrategyForm(forms.ModelForm):  # type: ignore[type-arg]
    """Base for the item forms: `action_fields()` is what the action receives."""

    reason = reason_field()
    # The version the editor opened: a change saved meanwhile by someone else is not overwritten.
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, brand: Brand, **kwargs: Any) -> None:
        self.brand = brand
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["based_on"].initial = version_of(self.instance)
        # Taken before validation writes the input onto the instance: some rules depend on what
        # changed (a deadline already past may stay, a new one may not).
        self.previous = serialise(self.instance) if self.instance.pk else None

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        # The action checks these rules again when saving; checking them here as well shows
        # every refusal at once, not one more after the field errors are fixed. The probe is a
        # copy: the form's own instance is only filled in after `clean()`.
        probe = copy.copy(self.instance)
        columns = {f.name for f in probe._meta.concrete_fields}
        for name, value in cleaned_data.items():
            if name in columns:
                setattr(probe, name, value)
        try:
            check_rules(probe, self.brand, self.previous)
        except ValidationError as exc:
            attach_errors(self, exc)
        return cleaned_data

    def action_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"reason", "based_on"}}

    def restart_from(self, saved: models.Model) -> None:
        """After a conflict: keep the typed input, but base the next save on what is saved now."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data[self.add_prefix("based_on")] = version_of(saved)
        self.data = data

    @property
    def reason_text(self) -> str:
        return str(self.cleaned_data.get("reason", ""))


class PersonaForm(StrategyForm):
    platforms = forms.MultipleChoiceField(
        label=_("platforms they use"),
        choices=Platform.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Persona
        fields = ["name", "description", "needs", "platforms", "language", "region"]


class ObjectiveForm(StrategyForm):
    class Meta:
        model = Objective
        fields = [
            "title",
            "category",
            "description",
            "kpi_metric",
            "kpi_unit",
            "baseline",
            "target",
            "current",
            "deadline",
            "personas",
        ]
        widgets = {
            "deadline": DateInput(),
            "personas": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "kpi_metric": _("The figure that tells whether the objective is reached."),
            "current": _("Leave empty until the first measurement."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["personas"].queryset = Persona.objects.filter(brand=self.brand)  # type: ignore[attr-defined]


class CampaignForm(StrategyForm):
    budget = money_field(_("budget"))

    class Meta:
        model = Campaign
        fields = ["name", "description", "starts_on", "ends_on", "budget", "objectives"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "objectives": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objectives"].queryset = Objective.objects.filter(brand=self.brand)  # type: ignore[attr-defined]
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("budget", 0)


class BudgetLineForm(StrategyForm):
    planned = money_field(_("planned"))
    actual = money_field(_("actual"), required=False)

    class Meta:
        model = BudgetLine
        fields = [
            "category",
            "label",
            "period_start",
            "period_end",
            "planned",
            "actual",
            "campaign",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}
        help_texts = {"actual": _("Leave empty until the money is spent.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(brand=self.brand)  # type: ignore[attr-defined]


class MeasurementForm(StrategyForm):
    class Meta:
        model = Measurement
        fields = ["objective", "indicator", "source", "frequency", "method"]
        help_texts = {
            "indicator": _("The figure that proves the objective."),
            "source": _("Where the figure comes from (a platform's statistics, a shop, a survey)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = Objective.objects.filter(brand=self.brand)  # type: ignore[attr-defined]


FORMS: dict[str, type[StrategyForm]] = {
    "persona": PersonaForm,
    "objective": ObjectiveForm,
    "campaign": CampaignForm,
    "budget_line": BudgetLineForm,
    "measurement": MeasurementForm,
}


class DeleteForm(forms.Form):
    reason = reason_field()


class HistoryFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("object type"), required=False)
    id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", pgettext_lazy("object types", "All"))] + [  # type: ignore[attr-defined]
            (kind, capfirst(KINDS[kind]._meta.verbose_name_plural)) for kind in kinds
        ]


class PeriodFilterForm(forms.Form):
    period = forms.TypedChoiceField(
        label=_("period"), required=False, coerce=dt.date.fromisoformat, empty_value=None
    )

    def __init__(self, *args: Any, periods: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("All periods"))] + [  # type: ignore[attr-defined]
            (day.isoformat(), formats.date_format(day, "SHORT_DATE_FORMAT")) for day in periods
        ]


def attach_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show an action's refusal next to the field it names, or above the form otherwise."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
