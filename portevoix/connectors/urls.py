from django.urls import path

from portevoix.connectors import views

app_name = "connectors"
urlpatterns = [
    path("", views.account_list, name="list"),
]
