"""The brand's editorial settings (approval mode, client e-mail), posting slots, cadence goals,
the iCalendar link, and the CSV import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portevoix.accounts.decorators import brand_view
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm
from portevoix.editorial import actions
from portevoix.editorial.forms import CadenceForm, ImportForm, SettingsForm, SlotForm, attach_errors
from portevoix.editorial.models import CadenceGoal, PostingSlot
from portevoix.editorial.views.common import page_context

MAX_IMPORT_BYTES = 5 * 1024 * 1024


@brand_view(Perm.POSTS_APPROVE)
def settings_page(request: HttpRequest, brand: Brand) -> HttpResponse:
    current = actions.settings_for(brand)
    initial = {
        "approval_mode": current.approval_mode,
        "client_email": current.client_email,
        "promotional_warning_percent": current.promotional_warning_percent,
    }
    which = request.POST.get("form", "") if request.method == "POST" else ""
    settings_form = SettingsForm(request.POST if which == "settings" else None, initial=initial)
    slot_form = SlotForm(request.POST if which == "slot" else None, brand=brand)
    cadence_form = CadenceForm(request.POST if which == "cadence" else None, brand=brand)
    try:
        if which == "settings" and settings_form.is_valid():
            actions.update_settings(request.user, brand, **settings_form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("editorial:settings", brand_id=brand.pk)
        if which == "slot" and slot_form.is_valid():
            actions.add_slot(request.user, **slot_form.cleaned_data)
            messages.success(request, _("Slot added."))
            return redirect("editorial:settings", brand_id=brand.pk)
        if which == "cadence" and cadence_form.is_valid():
            actions.set_cadence_goal(request.user, **cadence_form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("editorial:settings", brand_id=brand.pk)
    except ValidationError as exc:
        attach_errors({"slot": slot_form, "cadence": cadence_form}.get(which, settings_form), exc)
    ical_url = request.build_absolute_uri(
        reverse("editorial-public:ical", args=[current.ical_token])
    )
    context = page_context(
        request,
        brand,
        "settings",
        settings_form=settings_form,
        slot_form=slot_form,
        cadence_form=cadence_form,
        slots=PostingSlot.objects.filter(account__brand=brand).select_related("account"),
        goals=CadenceGoal.objects.filter(account__brand=brand).select_related("account"),
        ical_url=ical_url,
    )
    return render(request, "editorial/settings.html", context)


@brand_view(Perm.POSTS_APPROVE)
@require_POST
def slot_delete(request: HttpRequest, brand: Brand, slot_id: int) -> HttpResponse:
    slot = get_object_or_404(PostingSlot.objects.filter(account__brand=brand), pk=slot_id)
    actions.delete_slot(request.user, slot)
    messages.success(request, _("Slot removed."))
    return redirect("editorial:settings", brand_id=brand.pk)


@brand_view(Perm.POSTS_APPROVE)
@require_POST
def ical_regenerate(request: HttpRequest, brand: Brand) -> HttpResponse:
    actions.regenerate_ical_token(request.user, brand)
    messages.success(request, _("New calendar link made: the old one no longer works."))
    return redirect("editorial:settings", brand_id=brand.pk)


@brand_view(Perm.POSTS_EDIT)
def import_page(request: HttpRequest, brand: Brand) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[object] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("This file is too large (5 MB at most)."))
        else:
            posts, errors = actions.import_calendar(request.user, brand, upload.read())
            if not errors:
                messages.success(
                    request, _("%(count)s posts imported as drafts.") % {"count": len(posts)}
                )
                return redirect("editorial:list", brand_id=brand.pk)
    context = page_context(request, brand, "import", form=form, errors=errors)
    return render(request, "editorial/import.html", context)
