from django.urls import path

from portevoix.accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("profile/", views.profile, name="profile"),
    path("notifications/", views.notifications, name="notifications"),
    path("language/", views.set_language, name="set-language"),
    path("brands/", views.brand_list, name="brand-list"),
    path("brands/<int:brand_id>/", views.brand_home, name="brand-home"),
    path("brands/<int:brand_id>/settings/", views.brand_settings, name="brand-settings"),
    path("brands/<int:brand_id>/api-tokens/", views.api_tokens, name="api-tokens"),
    path(
        "brands/<int:brand_id>/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke,
        name="api-token-revoke",
    ),
    path("orgs/<int:org_id>/brands/new/", views.brand_create, name="brand-create"),
    path("orgs/<int:org_id>/members/", views.members, name="members"),
    path(
        "orgs/<int:org_id>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member-remove",
    ),
    path("orgs/<int:org_id>/audit/", views.audit_log, name="audit-log"),
]
