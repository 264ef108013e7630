from typing import Any

from django.contrib import admin
from django.http import HttpRequest

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

    def access_allows(self, request: HttpRequest, obj: Any, action: str) -> bool:
        # Organisations are public; their members (and administrators) change them.
        if action == "view" or obj.pk is None:
            return True
        return bool(request.user.has_perm("organisations.change_organisation", obj))
