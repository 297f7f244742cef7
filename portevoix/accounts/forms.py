from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portevoix.accounts.models import Brand, Language, Organisation, Profile, Role

COMMON_TIMEZONES = [
    "America/Montreal",
    "America/Toronto",
    "America/Vancouver",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Zurich",
    "Europe/Luxembourg",
    "UTC",
]


def timezone_choices() -> list[tuple[str, str]]:
    rest = sorted(zoneinfo.available_timezones() - set(COMMON_TIMEZONES))
    return [(tz, tz) for tz in COMMON_TIMEZONES + rest]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name"]


class BrandForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("time zone"), choices=timezone_choices)
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Used when the language of a short text is uncertain."),
    )

    class Meta:
        model = Brand
        fields = ["name", "description", "timezone", "currency", "languages"]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["language"]
        labels = {"language": _("interface language")}
        help_texts = {"language": _("Leave empty to follow your browser.")}


class MemberForm(forms.Form):
    username = forms.CharField(label=_("user name"), max_length=150)
    email = forms.EmailField(label=_("e-mail"), required=False)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    brands = forms.ModelMultipleChoiceField(
        label=_("brands"),
        queryset=Brand.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every brand of the organisation."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["brands"].queryset = organisation.brands.all()  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        field = get_user_model()._meta.get_field("username")
        for validator in field.validators:
            validator(username)
        return username


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=80)
    read_only = forms.BooleanField(label=_("read only"), required=False, initial=True)
