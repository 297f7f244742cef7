from django.urls import path

from portevoix.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.target_list, name="list"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
]
