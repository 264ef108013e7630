from django.contrib import admin

from semanggi.admin_base import RecordAdmin
from semanggi.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(RecordAdmin):
    list_display = ["name", "acronym", "kind", "parent", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym", "iati_identifier"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    raw_id_fields = ["region"]
