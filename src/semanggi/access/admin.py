from django.contrib import admin

from semanggi.access.models import CoordinatorScope, OrganisationMembership
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
