from django.contrib import admin
from django.urls import include, path

from portevoix.api.api import api
from portevoix.system import views as system_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", system_views.healthz, name="healthz"),
    path("brands/<int:brand_id>/strategy/", include("portevoix.strategy.urls")),
    path("brands/<int:brand_id>/connections/", include("portevoix.connectors.urls")),
    path("brands/<int:brand_id>/publishing/", include("portevoix.publishing.urls")),
    path("", include("portevoix.accounts.urls")),
]
