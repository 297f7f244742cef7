"""The OAuth callback lives outside any brand: platforms want one exact redirect URI."""

from django.urls import path

from portevoix.connectors import views

app_name = "connectors_oauth"
urlpatterns = [
    path("callback/", views.oauth_callback, name="callback"),
    path("choose/", views.choose_identity, name="choose"),
]
