from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest

from semanggi.admin_base import RecordAdmin
from semanggi.core.access import Principal
from semanggi.organisations.models import Organisation
from semanggi.organisations.selectors import organisation_visible_q


@admin.register(Organisation)
class OrganisationAdmin(RecordAdmin):
    list_display = ["name", "acronym", "kind", "parent", "region", "verification"]
    list_filter = ["kind", "verification"]
    search_fields = ["name", "acronym", "iati_identifier"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    raw_id_fields = ["region"]
    # A registration is verified or refused on the pages (organisations.services), where the
    # person who registered it never decides and her membership follows the verification.
    readonly_fields = [
        "verification",
        "proposed_by",
        "proposed_at",
        "proposer_position",
        "decided_by",
        "decided_at",
        "decision_note",
    ]

    def access_scope(self, principal: Principal) -> Q | None:
        # Verified organisations are public; a registration is seen by its proposer, its
        # region's coordinators and administrators.
        return organisation_visible_q(principal)

    def access_allows(self, request: HttpRequest, obj: Any, action: str) -> bool:
        # Organisations are public; their members (and administrators) change them.
        if action == "view" or obj.pk is None:
            return True
        return bool(request.user.has_perm("organisations.change_organisation", obj))
