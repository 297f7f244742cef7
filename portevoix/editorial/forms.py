"""Forms of the editorial pages. They check and convert input (times typed in the brand's zone
become UTC instants, with the DST questions asked here); the actions save it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portevoix.accounts.models import Brand
from portevoix.connectors.models import ConnectedAccount
from portevoix.editorial.models import (
    TEXT_LIMIT,
    ApprovalMode,
    ContentKind,
    Post,
    PostMedia,
    PostTarget,
    Weekday,
)
from portevoix.editorial.queries import active_accounts
from portevoix.lib.localtime import AmbiguousTime, NonExistentTime, fold_of, to_local, to_utc
from portevoix.strategy.models import Campaign

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.Field):
    """A wall-clock date and time, kept naive: the form decides what instant it names (Django's
    own DateTimeField would refuse a repeated time without offering the choice)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT)
    default_error_messages = {"invalid": gettext_lazy("Enter a date and a time.")}

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        try:
            return dt.datetime.fromisoformat(str(value).strip()).replace(tzinfo=None, second=0)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def nonexistent_message(naive: dt.datetime, tz: str) -> str:
    return _(
        "%(time)s does not exist on %(date)s in %(zone)s: the clocks go forward that night. "
        "Choose another time."
    ) % {"time": f"{naive:%H:%M}", "date": formats.date_format(naive.date()), "zone": tz}


def ambiguous_message(naive: dt.datetime, tz: str) -> str:
    return _(
        "%(time)s happens twice on %(date)s in %(zone)s: the clocks go back that night. "
        "Choose which one you mean."
    ) % {"time": f"{naive:%H:%M}", "date": formats.date_format(naive.date()), "zone": tz}


def resolve_local(
    form: forms.Form, naive: dt.datetime | None, fold: str, tz: str, *, field: str, fold_field: str
) -> dt.datetime | None:
    """The UTC instant of a typed time, or an error on the form: a time in a DST gap is
    refused; a repeated one offers its two instants in `fold_field`."""
    if naive is None:
        return None
    try:
        return to_utc(naive, tz, fold=int(fold) if fold in {"0", "1"} else None)
    except NonExistentTime:
        form.add_error(field, nonexistent_message(naive, tz))
    except AmbiguousTime as exc:
        form.fields[fold_field].choices = [(str(o.fold), o.label) for o in exc.options]  # type: ignore[attr-defined]
        form.ask_fold = True  # type: ignore[attr-defined]
        form.add_error(fold_field, ambiguous_message(naive, tz))
    return None


class PostForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("working title"), max_length=200, required=False)
    text = forms.CharField(
        label=gettext_lazy("text (written once)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_LIMIT,
        required=False,
        strip=False,
    )
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("campaign"), queryset=Campaign.objects.none(), required=False
    )
    content_kind = forms.ChoiceField(
        label=gettext_lazy("kind of content"),
        choices=ContentKind.choices,
        initial=ContentKind.CONVERSATIONAL,
    )
    media_file = forms.FileField(label=gettext_lazy("add an image or a video"), required=False)
    media_alt = forms.CharField(
        label=gettext_lazy("its description (alt text)"), max_length=1500, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, brand: Brand, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(brand=brand)  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, post: Post | None) -> dict[str, Any]:
        if post is None:
            return {}
        return {
            "title": post.title,
            "text": post.text,
            "campaign": post.campaign_id,
            "content_kind": post.content_kind,
            "version": post.version,
        }


class TargetForm(forms.Form):
    """One channel of the post: its own text, media and time (prefix "t<account id>")."""

    enabled = forms.BooleanField(label=gettext_lazy("publish on this channel"), required=False)
    text = forms.CharField(
        label=gettext_lazy("text for this channel"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        required=False,
        strip=False,
    )
    when = LocalDateTimeField(label=gettext_lazy("publish at"), required=False)
    # Shown only when the typed time happens twice (then its choices are the two instants).
    fold = forms.ChoiceField(
        label=gettext_lazy("which one"),
        choices=[("0", "0"), ("1", "1")],
        required=False,
        widget=forms.RadioSelect,
    )
    # Not "media": that name is a form's own (its widgets' CSS and JS).
    attached = forms.ModelMultipleChoiceField(
        label=gettext_lazy("media"),
        queryset=PostMedia.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        account: ConnectedAccount,
        brand: Brand,
        post: Post | None,
        target: PostTarget | None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", f"t{account.pk}")
        initial: dict[str, Any] = {}
        if target is not None:
            initial = {"enabled": True, "text": target.text, "attached": list(target.media.all())}
            if target.scheduled_at:
                initial["when"] = to_local(target.scheduled_at, brand.timezone).replace(tzinfo=None)
                fold = fold_of(target.scheduled_at, brand.timezone)
                if fold is not None:
                    initial["fold"] = str(fold)
        elif post is not None:
            initial = {"text": post.text}
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.account, self.brand, self.target = account, brand, target
        self.ask_fold = False
        if post is not None:
            self.fields["attached"].queryset = post.media.all()  # type: ignore[attr-defined]
        if target is not None and target.scheduled_at and "fold" in initial:
            naive = initial["when"]
            try:
                to_utc(naive, brand.timezone)
            except AmbiguousTime as exc:
                self.fields["fold"].choices = [(str(o.fold), o.label) for o in exc.options]  # type: ignore[attr-defined]
                self.ask_fold = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("enabled"):
            return data
        data["scheduled_at"] = resolve_local(
            self,
            data.get("when"),
            data.get("fold", ""),
            self.brand.timezone,
            field="when",
            fold_field="fold",
        )
        return data


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("approve", "approve"), ("changes", "changes")], widget=forms.HiddenInput
    )


class SendToClientForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("client's e-mail address"))


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RescheduleForm(forms.Form):
    """What a drop on the calendar sends: the new day, and the time if it changes."""

    date = forms.DateField()
    time = forms.TimeField(required=False)
    fold = forms.ChoiceField(choices=[("0", "0"), ("1", "1")], required=False)


class SettingsForm(forms.Form):
    approval_mode = forms.ChoiceField(
        label=gettext_lazy("approval of posts"), choices=ApprovalMode.choices
    )
    client_email = forms.EmailField(label=gettext_lazy("client's e-mail address"), required=False)
    promotional_warning_percent = forms.IntegerField(
        label=gettext_lazy("warn above this share of promotional posts (%)"),
        min_value=1,
        max_value=100,
    )


class SlotForm(forms.Form):
    account = forms.ModelChoiceField(
        label=gettext_lazy("channel"), queryset=ConnectedAccount.objects.none()
    )
    weekday = forms.TypedChoiceField(label=gettext_lazy("day"), choices=Weekday.choices, coerce=int)
    local_time = forms.TimeField(
        label=gettext_lazy("time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args: Any, brand: Brand, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = active_accounts(brand)  # type: ignore[attr-defined]


class CadenceForm(forms.Form):
    account = forms.ModelChoiceField(
        label=gettext_lazy("channel"), queryset=ConnectedAccount.objects.none()
    )
    posts_per_week = forms.IntegerField(
        label=gettext_lazy("posts per week (0: no goal)"), min_value=0, max_value=100
    )

    def __init__(self, *args: Any, brand: Brand, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = active_accounts(brand)  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))


def attach_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show an action's refusal next to the field it names, or above the form otherwise."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
