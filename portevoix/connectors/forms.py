"""The connect form of a platform without OAuth, built from its `connect_fields`.

Secret fields (app passwords, bot tokens) use a password input that never renders its value:
a form shown again after an error asks for the secret again rather than echo it in the page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portevoix.connectors.base import Connector, Identity


class ConnectForm(forms.Form):
    def __init__(self, *args: Any, connector: Connector, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connector = connector
        for spec in connector.connect_fields:
            widget: forms.Widget
            if spec.secret:
                widget = forms.PasswordInput(
                    render_value=False,
                    attrs={"autocomplete": "off", "placeholder": spec.placeholder},
                )
            else:
                widget = forms.TextInput(attrs={"placeholder": spec.placeholder})
            self.fields[spec.name] = forms.CharField(
                label=spec.label,
                required=spec.required,
                help_text=spec.help_text,
                max_length=2000,
                strip=True,
                widget=widget,
            )
        self.fields["label"] = forms.CharField(
            label=_("Name in Porte-voix"),
            required=False,
            max_length=120,
            help_text=_("How your team will see this account; the handle if left empty."),
        )

    def connect_values(self) -> dict[str, str]:
        return {
            spec.name: self.cleaned_data.get(spec.name) or ""
            for spec in self.connector.connect_fields
        }


class ConfirmForm(forms.Form):
    """A POST with nothing but its CSRF token (disconnect, check now)."""


IDENTITY_KINDS = {"person": _("%(name)s (profile)"), "organization": _("%(name)s (Page)")}


class IdentityForm(forms.Form):
    """Whom a new connection publishes as, when the platform offers a choice (a LinkedIn member
    or one of their Pages)."""

    identity = forms.ChoiceField(label=_("Publish as"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, identities: list[Identity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["identity"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 (declared just above)
        field.choices = [(i.id, self.label(i)) for i in identities]
        if identities:
            field.initial = identities[0].id

    @staticmethod
    def label(identity: Identity) -> str:
        name = identity.name or identity.id
        template = IDENTITY_KINDS.get(identity.kind)
        return str(template) % {"name": name} if template else name
