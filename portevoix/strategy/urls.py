from django.urls import path

from portevoix.strategy import views

app_name = "strategy"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("history/", views.history, name="history"),
    path("personas/", views.persona_list, name="persona-list"),
    path("personas/new/", views.persona_create, name="persona-create"),
    path("personas/<int:pk>/edit/", views.persona_edit, name="persona-edit"),
    path("personas/<int:pk>/delete/", views.persona_delete, name="persona-delete"),
    path("objectives/", views.objective_list, name="objective-list"),
    path("objectives/new/", views.objective_create, name="objective-create"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective-edit"),
    path("objectives/<int:pk>/delete/", views.objective_delete, name="objective-delete"),
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/delete/", views.campaign_delete, name="campaign-delete"),
    path("budget/", views.budget_line_list, name="budget-line-list"),
    path("budget/new/", views.budget_line_create, name="budget-line-create"),
    path("budget/<int:pk>/edit/", views.budget_line_edit, name="budget-line-edit"),
    path("budget/<int:pk>/delete/", views.budget_line_delete, name="budget-line-delete"),
    path("measurements/", views.measurement_list, name="measurement-list"),
    path("measurements/new/", views.measurement_create, name="measurement-create"),
    path("measurements/<int:pk>/edit/", views.measurement_edit, name="measurement-edit"),
    path("measurements/<int:pk>/delete/", views.measurement_delete, name="measurement-delete"),
]
