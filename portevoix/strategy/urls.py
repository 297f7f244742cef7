from django.urls import path

from portevoix.strategy import views

app_name = "strategy"

# (kind in strategy.actions.KINDS, URL name prefix, path prefix, list view)
SECTIONS = [
    ("persona", "persona", "personas/", views.persona_list),
    ("objective", "objective", "objectives/", views.objective_list),
    ("campaign", "campaign", "campaigns/", views.campaign_list),
    ("budget_line", "budget-line", "budget/", views.budget_line_list),
    ("measurement", "measurement", "measurements/", views.measurement_list),
]

urlpatterns = [
    path("", views.overview, name="overview"),
    path("history/", views.history, name="history"),
]
for kind, name, prefix, list_view in SECTIONS:
    urlpatterns += [
        path(prefix, list_view, name=f"{name}-list"),
        path(f"{prefix}new/", views.item_create, {"kind": kind}, name=f"{name}-create"),
        path(f"{prefix}<int:pk>/edit/", views.item_edit, {"kind": kind}, name=f"{name}-edit"),
        path(f"{prefix}<int:pk>/delete/", views.item_delete, {"kind": kind}, name=f"{name}-delete"),
    ]
