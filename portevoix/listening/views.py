"""Listening pages: the dashboard, the mention archive, standing queries and sources."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portevoix.accounts.decorators import brand_view
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm, has_perm
from portevoix.listening import actions, dashboards, queries
from portevoix.listening.forms import ArchiveFilterForm, PeriodForm, QueryForm, SourceForm
from portevoix.listening.models import Mention, MonitorQuery, Sentiment, Source

SENTIMENT_ORDER = ["negative", "neutral", "positive", "unclassified"]


def _context(request: HttpRequest, brand: Brand, section: str, **extra: Any) -> dict[str, Any]:
    return {
        "brand": brand,
        "section": section,
        "can_edit": has_perm(request.user, brand, Perm.LISTENING_EDIT),
        "can_triage": has_perm(request.user, brand, Perm.MENTIONS_TRIAGE),
        **extra,
    }


@brand_view(Perm.LISTENING_VIEW)
def overview(request: HttpRequest, brand: Brand) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    days = int(form.cleaned_data["days"] or 30) if form.is_valid() else 30
    until = queries.brand_today(brand)
    since = until - dt.timedelta(days=days - 1)
    bars = dashboards.volume_by_day(brand, since, until)
    peak = max((bar.total for bar in bars), default=0) or 1
    chart = [
        {
            "day": bar.day,
            "total": bar.total,
            "segments": [
                {
                    "sentiment": s,
                    "n": bar.counts.get(s, 0),
                    "pct": 100 * bar.counts.get(s, 0) / peak,
                }
                for s in SENTIMENT_ORDER
                if bar.counts.get(s, 0)
            ],
        }
        for bar in bars
    ]
    totals = {s: sum(bar.counts.get(s, 0) for bar in bars) for s in SENTIMENT_ORDER}
    context = _context(
        request,
        brand,
        "overview",
        form=form,
        since=since,
        until=until,
        chart=chart,
        totals=totals,
        total=sum(totals.values()),
        voice=queries.share_of_voice(brand, since, until),
        authors=dashboards.top_authors(brand, since, until),
        sources=dashboards.top_sources(brand, since, until),
        keyphrases=queries.top_keyphrases(brand, since, until),
        sentiment_labels=dict(Sentiment.choices) | {"unclassified": _("Not classified yet")},
    )
    return render(request, "listening/overview.html", context)


@brand_view(Perm.LISTENING_VIEW)
def mention_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    sources = sorted(
        Mention.objects.filter(brand=brand).values_list("source_kind", flat=True).distinct()
    )
    form = ArchiveFilterForm(request.GET or None, brand=brand, sources=sources)
    result = None
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if request.GET else {}
        query = data.get("query")
        filters = queries.Filters(
            query_id=query.pk if query else None,
            source=data.get("source", ""),
            lang=data.get("lang", ""),
            sentiment=data.get("sentiment", ""),
            author=data.get("author", ""),
            since=data.get("since"),
            until=data.get("until"),
            search=data.get("search", ""),
        )
        result = queries.search(brand, filters)
    context = _context(
        request, brand, "mentions", form=form, result=result, sentiments=Sentiment.choices
    )
    template = "listening/mention_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)  # type: ignore[attr-defined]


@brand_view(Perm.MENTIONS_TRIAGE)
@require_POST
def mention_sentiment(request: HttpRequest, brand: Brand, mention_id: int) -> HttpResponse:
    mention = get_object_or_404(Mention.objects.select_related("item"), brand=brand, pk=mention_id)
    try:
        mention = actions.correct_sentiment(
            request.user, mention, request.POST.get("sentiment", "")
        )
    except ValidationError:
        return HttpResponse(_("Unknown sentiment."), status=400)
    mention = Mention.objects.select_related("item").get(pk=mention.pk)
    context = _context(request, brand, "mentions", mention=mention, sentiments=Sentiment.choices)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "listening/mention_list.html#mention", context)
    messages.success(request, _("Sentiment corrected; this brand's classifier has learned it."))
    return redirect("listening:mentions", brand_id=brand.pk)


@brand_view(Perm.LISTENING_VIEW)
def query_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    rows = MonitorQuery.objects.filter(brand=brand)
    return render(
        request, "listening/query_list.html", _context(request, brand, "queries", rows=rows)
    )


@brand_view(Perm.LISTENING_EDIT)
def query_edit(request: HttpRequest, brand: Brand, query_id: int | None = None) -> HttpResponseBase:
    instance = get_object_or_404(MonitorQuery, brand=brand, pk=query_id) if query_id else None
    form = QueryForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
            actions.save_query(request.user, brand, instance, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Standing query saved: it applies to what arrives from now on.")
            )
            return redirect("listening:queries", brand_id=brand.pk)
    context = _context(request, brand, "queries", form=form, instance=instance)
    return render(request, "listening/query_form.html", context)


@brand_view(Perm.LISTENING_EDIT)
@require_POST
def query_delete(request: HttpRequest, brand: Brand, query_id: int) -> HttpResponseBase:
    actions.delete_query(request.user, get_object_or_404(MonitorQuery, brand=brand, pk=query_id))
    messages.success(request, _("Standing query deleted; the mentions it found are kept."))
    return redirect("listening:queries", brand_id=brand.pk)


@brand_view(Perm.LISTENING_VIEW)
def source_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    rows = Source.objects.filter(brand=brand).select_related("account")
    context = _context(request, brand, "sources", rows=rows, now=timezone.now())
    return render(request, "listening/source_list.html", context)


@brand_view(Perm.LISTENING_EDIT)
def source_edit(
    request: HttpRequest, brand: Brand, source_id: int | None = None
) -> HttpResponseBase:
    instance = get_object_or_404(Source, brand=brand, pk=source_id) if source_id else None
    form = SourceForm(request.POST or None, instance=instance, brand=brand)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
            actions.save_source(request.user, brand, instance, **fields)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Source saved: it will be read within a minute."))
            return redirect("listening:sources", brand_id=brand.pk)
    context = _context(request, brand, "sources", form=form, instance=instance)
    return render(request, "listening/source_form.html", context)


@brand_view(Perm.LISTENING_EDIT)
@require_POST
def source_delete(request: HttpRequest, brand: Brand, source_id: int) -> HttpResponseBase:
    actions.delete_source(request.user, get_object_or_404(Source, brand=brand, pk=source_id))
    messages.success(request, _("Source deleted; what it brought in is kept."))
    return redirect("listening:sources", brand_id=brand.pk)


@brand_view(Perm.LISTENING_EDIT)
@require_POST
def source_poll(request: HttpRequest, brand: Brand, source_id: int) -> HttpResponseBase:
    source = get_object_or_404(Source, brand=brand, pk=source_id)
    actions.poll_soon(request.user, source)
    messages.success(request, _("The source will be read within a few seconds."))
    return redirect("listening:sources", brand_id=brand.pk)
