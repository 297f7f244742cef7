from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portevoix.accounts.models import Brand
from portevoix.connectors.models import AccountStatus, ConnectedAccount
from portevoix.listening.models import MonitorQuery, Sentiment, Source
from portevoix.listening.query import QueryError, parse

PERIODS = [("7", _("7 days")), ("30", _("30 days")), ("90", _("90 days"))]


class QueryForm(forms.ModelForm):
    class Meta:
        model = MonitorQuery
        fields = ["name", "query", "is_competitor", "enabled"]
        widgets = {"query": forms.Textarea(attrs={"rows": 3, "spellcheck": "false"})}
        help_texts = {
            "query": _(
                'Example: ("café lumière" OR #cafelumiere) NOT emploi lang:fr — AND, OR, NOT, '
                "NEAR/n, quotes for phrases, * for a prefix, site:, author:, source:."
            ),
            "is_competitor": _("Counted in the share of voice, against the brand's own queries."),
        }

    def clean_query(self) -> str:
        text = self.cleaned_data["query"].strip()
        try:
            parse(text)
        except QueryError as exc:
            raise ValidationError(str(exc)) from exc
        return text


class FeedURLField(forms.URLField):
    """A feed address typed without a scheme is taken as https (Django 6's default)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(assume_scheme="https", **kwargs)


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["kind", "name", "url", "account", "search_terms", "poll_interval", "enabled"]
        field_classes = {"url": FeedURLField}

    def __init__(self, *args: Any, brand: Brand, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        accounts = ConnectedAccount.objects.filter(brand=brand, status=AccountStatus.ACTIVE)
        self.fields["account"].queryset = accounts  # type: ignore[attr-defined]
        self.fields["url"].help_text = _("For a feed: the address of its RSS or Atom file.")
        self.fields["search_terms"].help_text = _(
            "For a platform search: the words to search for (the platform's own search syntax)."
        )


class ArchiveFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), required=False, max_length=4096)
    query = forms.ModelChoiceField(
        label=_("Standing query"), queryset=MonitorQuery.objects.none(), required=False
    )
    source = forms.ChoiceField(label=_("Source"), required=False)
    lang = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All")), ("fr", _("French")), ("en", _("English"))],
    )
    sentiment = forms.ChoiceField(
        label=_("Sentiment"), required=False, choices=[("", _("All")), *Sentiment.choices]
    )
    author = forms.CharField(label=_("Author"), required=False, max_length=200)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, brand: Brand, sources: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["query"].queryset = MonitorQuery.objects.filter(brand=brand)  # type: ignore[attr-defined]
        self.fields["source"].choices = [("", _("All")), *((s, s) for s in sources)]  # type: ignore[attr-defined]

    def clean_search(self) -> str:
        text = self.cleaned_data["search"].strip()
        if text:
            try:
                parse(text)
            except QueryError as exc:
                raise ValidationError(str(exc)) from exc
        return text


class PeriodForm(forms.Form):
    days = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
