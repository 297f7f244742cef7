from django.urls import path

from portevoix.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("settings/", views.alert_settings, name="settings"),
    path("<int:alert_id>/", views.alert_detail, name="detail"),
]
