from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest

from semanggi.access.selectors import principal_for
from semanggi.admin_base import RecordAdmin
from semanggi.core.access import Principal
from semanggi.evidence.models import Study
from semanggi.evidence.selectors import study_may_manage, study_visible_q


@admin.register(Study)
class StudyAdmin(RecordAdmin):
    list_display = ["title", "lead", "status", "method", "illustrative"]
    list_filter = ["status", "method", "illustrative"]
    filter_horizontal = ["team", "partnerships"]

    def access_scope(self, principal: Principal) -> Q | None:
        return study_visible_q(principal)

    def access_allows(self, request: HttpRequest, obj: Any, action: str) -> bool:
        if obj.pk is None:
            return True  # a new study, led by whoever the form names: it covers nothing yet
        principal = principal_for(request.user)
        if action == "view":
            return bool(request.user.has_perm("evidence.view_study", obj))
        return study_may_manage(principal, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The partnerships a study covers and its team change through access requests, which
        # the partnerships' accountable side decides (the pages and the API): only an
        # administrator sets them here.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["team", "partnerships"]
        return fields
