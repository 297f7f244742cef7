from django.urls import path

from portevoix.listening import views

app_name = "listening"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("mentions/", views.mention_list, name="mentions"),
    path("mentions/<int:mention_id>/sentiment/", views.mention_sentiment, name="mention-sentiment"),
    path("queries/", views.query_list, name="queries"),
    path("queries/new/", views.query_edit, name="query-create"),
    path("queries/<int:query_id>/edit/", views.query_edit, name="query-edit"),
    path("queries/<int:query_id>/delete/", views.query_delete, name="query-delete"),
    path("sources/", views.source_list, name="sources"),
    path("sources/new/", views.source_edit, name="source-create"),
    path("sources/<int:source_id>/edit/", views.source_edit, name="source-edit"),
    path("sources/<int:source_id>/delete/", views.source_delete, name="source-delete"),
    path("sources/<int:source_id>/poll/", views.source_poll, name="source-poll"),
]
