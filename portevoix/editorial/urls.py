from django.urls import path

from portevoix.editorial.views import calendar, planning, posts

app_name = "editorial"

urlpatterns = [
    path("", calendar.month, name="calendar"),
    path("week/", calendar.week, name="week"),
    path("list/", calendar.listing, name="list"),
    path("share/", calendar.share, name="share"),
    path("posts/new/", posts.post_create, name="post-create"),
    path("posts/<int:post_id>/", posts.post_detail, name="post-detail"),
    path("posts/<int:post_id>/edit/", posts.post_edit, name="post-edit"),
    path("posts/<int:post_id>/submit/", posts.post_submit, name="post-submit"),
    path("posts/<int:post_id>/approve/", posts.post_approve, name="post-approve"),
    path("posts/<int:post_id>/client/", posts.post_client_approve, name="post-client-approve"),
    path("posts/<int:post_id>/send/", posts.post_send_to_client, name="post-send"),
    path("posts/<int:post_id>/comments/", posts.post_comment, name="post-comment"),
    path("targets/<int:target_id>/move/", calendar.reschedule, name="target-reschedule"),
    path("targets/<int:target_id>/next-slot/", posts.target_next_slot, name="target-next-slot"),
    path("import/", planning.import_page, name="import"),
    path("settings/", planning.settings_page, name="settings"),
    path("settings/slots/<int:slot_id>/delete/", planning.slot_delete, name="slot-delete"),
    path("settings/ical/", planning.ical_regenerate, name="ical-regenerate"),
]
