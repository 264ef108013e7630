from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest

from semanggi.access.models import (
    AccessRequest,
    ApiToken,
    CoordinatorScope,
    OrganisationMembership,
)
from semanggi.admin_base import RecordAdmin, SuperuserOnly

# What grants access is an administrator's (superuser's) alone: a staff member with model
# permissions never gives herself an area, a membership or a token.


@admin.register(CoordinatorScope)
class CoordinatorScopeAdmin(SuperuserOnly, RecordAdmin):
    list_display = ["user", "region", "organisation"]
    raw_id_fields = ["region"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(SuperuserOnly, RecordAdmin):
    list_display = ["user", "organisation", "position"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "name", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["digest", "created_at", "last_used_at"]


@admin.register(AccessRequest)
class AccessRequestAdmin(SuperuserOnly, RecordAdmin):
    """Requests are read here; they are decided on the pages or through the API, where the
    rule of who decides applies."""

    list_display = ["study", "partnership", "member", "requested_by", "decision", "decided_by"]
    list_filter = ["decision"]
    readonly_fields = [
        "study",
        "partnership",
        "member",
        "requested_by",
        "requested_at",
        "note",
        "decision",
        "decided_by",
        "decided_at",
        "decision_note",
    ]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


# People and their groups grant access: only a superuser manages them, so that no staff
# member can raise her own rights (a "change user" permission would otherwise let her make
# herself a superuser).
User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class SemanggiUserAdmin(SuperuserOnly, UserAdmin):  # type: ignore[type-arg]
    pass


@admin.register(Group)
class SemanggiGroupAdmin(SuperuserOnly, GroupAdmin):
    pass
