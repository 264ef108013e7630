from django.contrib import admin

from semanggi.access.models import ApiToken, CoordinatorScope, OrganisationMembership
from semanggi.admin_base import RecordAdmin


@admin.register(CoordinatorScope)
class CoordinatorScopeAdmin(RecordAdmin):
    list_display = ["user", "region", "organisation"]
    raw_id_fields = ["region"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(RecordAdmin):
    list_display = ["user", "organisation", "position"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "name", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["digest", "created_at", "last_used_at"]
