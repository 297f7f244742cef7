from django.contrib import admin
from django.urls import include, path

from portevoix.api.api import api
from portevoix.system import views as system_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", system_views.healthz, name="healthz"),
    path("brands/<int:brand_id>/strategy/", include("portevoix.strategy.urls")),
    path("brands/<int:brand_id>/calendar/", include("portevoix.editorial.urls")),
    path("editorial/", include("portevoix.editorial.public_urls")),
    path("brands/<int:brand_id>/connections/", include("portevoix.connectors.urls")),
    path("connections/oauth/", include("portevoix.connectors.oauth_urls")),
    path("brands/<int:brand_id>/listening/", include("portevoix.listening.urls")),
    path("brands/<int:brand_id>/alerts/", include("portevoix.alerts.urls")),
    path("brands/<int:brand_id>/publishing/", include("portevoix.publishing.urls")),
    path("", include("portevoix.accounts.urls")),
]
