from django.contrib import admin

from portevoix.accounts.models import ApiToken, AuditEvent, Brand, Membership, Organisation
from portevoix.lib.admin import ReadOnlyAdmin


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name"]


@admin.register(Brand)
class BrandAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "timezone", "created_at"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "prefix", "brand", "user", "read_only", "created_at", "revoked_at"]
    exclude = ["token_hash"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "object_repr", "brand", "via"]
    list_filter = ["action", "via"]
    search_fields = ["object_repr", "action"]
