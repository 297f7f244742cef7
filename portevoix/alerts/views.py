from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portevoix.accounts.audit import model_changes, record, snapshot
from portevoix.accounts.decorators import brand_view
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm, has_perm
from portevoix.alerts.actions import settings_for
from portevoix.alerts.delivery import summary
from portevoix.alerts.forms import AlertSettingsForm
from portevoix.alerts.models import Alert
from portevoix.listening.models import Sentiment


@brand_view(Perm.LISTENING_VIEW)
def alert_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    alerts = Alert.objects.filter(brand=brand).select_related("query")[:200]
    rows = [{"alert": a, "summary": summary(a)} for a in alerts]
    context = {
        "brand": brand,
        "section": "alerts",
        "rows": rows,
        "can_manage": has_perm(request.user, brand, Perm.ALERTS_MANAGE),
    }
    return render(request, "alerts/alert_list.html", context)


@brand_view(Perm.LISTENING_VIEW)
def alert_detail(request: HttpRequest, brand: Brand, alert_id: int) -> HttpResponse:
    alert = get_object_or_404(Alert.objects.select_related("query"), brand=brand, pk=alert_id)
    context = {
        "brand": brand,
        "section": "alerts",
        "alert": alert,
        "summary": summary(alert),
        "mentions": alert.mentions.select_related("item"),
        "sentiments": Sentiment.choices,
        "can_triage": has_perm(request.user, brand, Perm.MENTIONS_TRIAGE),
    }
    return render(request, "alerts/alert_detail.html", context)


@brand_view(Perm.ALERTS_MANAGE)
def alert_settings(request: HttpRequest, brand: Brand) -> HttpResponseBase:
    current = settings_for(brand)
    form = AlertSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        before = snapshot(settings_for(brand))
        saved = form.save()
        record(
            request.user,
            "alerts.settings.update",
            saved,
            brand=brand,
            changes=model_changes(before, snapshot(saved)),
        )
        messages.success(request, _("Alert settings saved."))
        return redirect("alerts:list", brand_id=brand.pk)
    return render(
        request, "alerts/settings.html", {"brand": brand, "section": "alerts", "form": form}
    )
