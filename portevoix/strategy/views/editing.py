"""Create, edit and delete pages for every kind of strategy object.

The forms check the input; `strategy.actions` saves it and keeps the revision. A refusal from the
action is shown next to its field and the page is shown again with the input as typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portevoix.accounts.decorators import brand_view
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm
from portevoix.strategy.actions import KINDS, create_item, delete_item, is_stale, update_item
from portevoix.strategy.forms import FORMS, DeleteForm, attach_errors
from portevoix.strategy.models import Measurement, Objective
from portevoix.strategy.views.common import LIST_URLS, is_htmx, page_context, url_kind

# Page titles per kind: written out whole because French agrees them with the noun's gender.
TITLES = {
    "persona": (gettext_lazy("New audience target"), gettext_lazy("Edit audience target")),
    "objective": (gettext_lazy("New objective"), gettext_lazy("Edit objective")),
    "campaign": (gettext_lazy("New campaign"), gettext_lazy("Edit campaign")),
    "budget_line": (gettext_lazy("New budget line"), gettext_lazy("Edit budget line")),
    "measurement": (gettext_lazy("New measurement"), gettext_lazy("Edit measurement")),
}
DELETE_TITLES = {
    "persona": gettext_lazy("Delete this audience target?"),
    "objective": gettext_lazy("Delete this objective?"),
    "campaign": gettext_lazy("Delete this campaign?"),
    "budget_line": gettext_lazy("Delete this budget line?"),
    "measurement": gettext_lazy("Delete this measurement?"),
}
SECTIONS = {"budget_line": "budget"}


def _form_page(
    request: HttpRequest, brand: Brand, kind: str, obj: models.Model | None = None
) -> HttpResponse:
    form_class = FORMS[kind]
    # The form writes the input onto its instance while it validates: give it its own copy, so
    # the object handed to the action and named in the title stays as it was saved.
    instance = type(obj)._default_manager.get(pk=obj.pk) if obj is not None else None
    initial: dict[str, Any] = {}
    if kind == "measurement" and obj is None and request.GET.get("objective", "").isdigit():
        initial["objective"] = int(request.GET["objective"])
    data = request.POST if request.method == "POST" else None
    form = form_class(data, brand=brand, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if obj is None:
                create_item(
                    request.user, brand, kind, reason=form.reason_text, **form.action_fields()
                )
            else:
                update_item(
                    request.user,
                    obj,
                    reason=form.reason_text,
                    based_on=form.cleaned_data.get("based_on") or None,
                    **form.action_fields(),
                )
        except ValidationError as exc:
            attach_errors(form, exc)
            if obj is not None and is_stale(exc):
                form.restart_from(type(obj)._default_manager.get(pk=obj.pk))
        else:
            messages.success(request, _("Saved."))
            return redirect(LIST_URLS[kind], brand_id=brand.pk)
    title = TITLES[kind][0 if obj is None else 1]
    context = _item_context(request, brand, kind, obj, form, title)
    return render(request, "strategy/item_form.html", context)


def _item_context(
    request: HttpRequest,
    brand: Brand,
    kind: str,
    obj: models.Model | None,
    form: forms.BaseForm,
    title: Any,
) -> dict[str, Any]:
    return page_context(
        request,
        brand,
        SECTIONS.get(kind, kind),
        form=form,
        obj=obj,
        kind=kind,
        title=title,
        cancel_url=LIST_URLS[kind],
        delete_url=f"strategy:{url_kind(kind)}-delete",
    )


def _delete_page(request: HttpRequest, brand: Brand, kind: str, obj: models.Model) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    # Ids unique per object: several confirmations can be open in one list.
    form = DeleteForm(data, auto_id=f"id_delete_{obj.pk}_%s")
    if is_htmx(request):
        # The confirmation appears inside the list: take the keyboard there.
        form.fields["reason"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        delete_item(request.user, obj, reason=form.cleaned_data["reason"])
        messages.success(request, _("Deleted."))
        return redirect(LIST_URLS[kind], brand_id=brand.pk)
    context = _item_context(request, brand, kind, obj, form, DELETE_TITLES[kind])
    context["measurement_count"] = obj.measurements.count() if isinstance(obj, Objective) else 0
    # From a list, htmx asks for the confirmation alone and shows it in the row.
    template = "strategy/item_delete.html"
    return render(request, f"{template}#confirm" if is_htmx(request) else template, context)


def _scoped(brand: Brand, kind: str, pk: int) -> models.Model:
    """The object of this brand, else 404: another brand's id never reaches a form."""
    model = KINDS[kind]
    if model is Measurement:
        scoped = Measurement.objects.select_related("objective__brand").filter(
            objective__brand=brand
        )
        return get_object_or_404(scoped, pk=pk)
    return get_object_or_404(model._default_manager.filter(brand=brand), pk=pk)


# One view per verb; the URL names the kind (see urls.py), so a new kind adds no view.


@brand_view(Perm.STRATEGY_EDIT)
def item_create(request: HttpRequest, brand: Brand, kind: str) -> HttpResponse:
    return _form_page(request, brand, kind)


@brand_view(Perm.STRATEGY_EDIT)
def item_edit(request: HttpRequest, brand: Brand, kind: str, pk: int) -> HttpResponse:
    return _form_page(request, brand, kind, _scoped(brand, kind, pk))


@brand_view(Perm.STRATEGY_EDIT)
def item_delete(request: HttpRequest, brand: Brand, kind: str, pk: int) -> HttpResponse:
    return _delete_page(request, brand, kind, _scoped(brand, kind, pk))
