from django.urls import path

from portevoix.editorial.views import public

app_name = "editorial-public"

# Public: the token is the only key (signed for approval, a per-brand secret for the feed).
urlpatterns = [
    path("approve/<token>/", public.client_approval, name="client-approval"),
    path("ical/<token>.ics", public.ical_feed, name="ical"),
]
