"""The read pages of a brand's strategy: overview, lists, budget, measurement plan, history."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portevoix.accounts.decorators import brand_view
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm
from portevoix.strategy import queries
from portevoix.strategy.actions import KINDS, brand_today
from portevoix.strategy.forms import HistoryFilterForm, PeriodFilterForm
from portevoix.strategy.models import Campaign, Objective, Persona, Platform
from portevoix.strategy.views.common import is_htmx, page_context

HISTORY_PAGE_SIZE = 50
# Fields left out of the history for people who may not see the budget.
BUDGET_FIELDS = {"campaign": ["budget"]}


@brand_view(Perm.STRATEGY_VIEW)
def overview(request: HttpRequest, brand: Brand) -> HttpResponse:
    context = page_context(
        request,
        brand,
        "overview",
        personas=Persona.objects.filter(brand=brand),
        objectives=Objective.objects.filter(brand=brand),
        campaigns=queries.active_campaigns(brand),
    )
    context["revisions"] = queries.revisions_for(brand, context["can_see_budget"])[:5]
    if context["can_see_budget"]:
        context["budget"] = queries.budget_summary(brand).totals
    return render(request, "strategy/overview.html", context)


@brand_view(Perm.STRATEGY_VIEW)
def persona_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    labels = dict(Platform.choices)
    rows = [
        {"persona": persona, "platforms": [labels.get(p, p) for p in persona.platforms]}
        for persona in Persona.objects.filter(brand=brand)
    ]
    return render(
        request, "strategy/persona_list.html", page_context(request, brand, "persona", rows=rows)
    )


@brand_view(Perm.STRATEGY_VIEW)
def objective_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    objectives = Objective.objects.filter(brand=brand).prefetch_related("personas")
    return render(
        request,
        "strategy/objective_list.html",
        page_context(request, brand, "objective", objectives=objectives),
    )


@brand_view(Perm.STRATEGY_VIEW)
def campaign_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    campaigns = Campaign.objects.filter(brand=brand).prefetch_related("objectives")
    return render(
        request,
        "strategy/campaign_list.html",
        page_context(request, brand, "campaign", campaigns=campaigns, today=brand_today(brand)),
    )


@brand_view(Perm.BUDGET_VIEW)
def budget_line_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    """The budget: lines grouped by period, with totals; `?period=YYYY-MM-DD` shows one period."""
    form = PeriodFilterForm(request.GET or None, periods=queries.budget_periods(brand))
    period = form.cleaned_data["period"] if form.is_valid() else None
    context = page_context(
        request, brand, "budget", form=form, summary=queries.budget_summary(brand, period)
    )
    template = "strategy/budget.html"
    return render(request, f"{template}#results" if is_htmx(request) else template, context)


@brand_view(Perm.STRATEGY_VIEW)
def measurement_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    """The measurement plan: for each objective, which figure proves it and where it comes from."""
    context = page_context(
        request, brand, "measurement", objectives=queries.objectives_with_measurements(brand)
    )
    return render(request, "strategy/measurement_plan.html", context)


@brand_view(Perm.STRATEGY_VIEW)
def history(request: HttpRequest, brand: Brand) -> HttpResponse:
    """Every change to the strategy, newest first, with what changed field by field.

    `?type=objective&id=5` narrows it to one object (the edit pages link here)."""
    context = page_context(request, brand, "history")
    kinds = [k for k in KINDS if k != "budget_line" or context["can_see_budget"]]
    form = HistoryFilterForm(request.GET or None, kinds=kinds)
    revisions = queries.revisions_for(brand, context["can_see_budget"])
    if form.is_valid():
        if form.cleaned_data["type"]:
            revisions = revisions.filter(object_type=form.cleaned_data["type"])
        if form.cleaned_data["id"]:
            revisions = revisions.filter(object_id=form.cleaned_data["id"])
    page = Paginator(revisions, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    names = queries.linked_names(page.object_list)
    hidden = {} if context["can_see_budget"] else BUDGET_FIELDS
    entries = [
        {
            "revision": revision,
            "kind_label": KINDS[revision.object_type]._meta.verbose_name
            if revision.object_type in KINDS
            else revision.object_type,
            "changes": queries.diff_snapshots(
                revision.object_type,
                revision.before,
                revision.after,
                names,
                hidden.get(revision.object_type, []),
            ),
        }
        for revision in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context.update(form=form, page=page, entries=entries, query=query.urlencode())
    template = "strategy/history.html"
    return render(request, f"{template}#results" if is_htmx(request) else template, context)
