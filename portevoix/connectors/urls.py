from django.urls import path

from portevoix.connectors import views

app_name = "connectors"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("connect/<slug:kind>/", views.connect, name="connect"),
    path("<int:account_id>/check/", views.check_now, name="check"),
    path("<int:account_id>/disconnect/", views.disconnect, name="disconnect"),
]
