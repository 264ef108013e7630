from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from semanggi.admin_base import RecordAdmin, SuperuserOnly
from semanggi.assessment.models import AssessmentRun, LabelDecision


@admin.register(AssessmentRun)
class AssessmentRunAdmin(SuperuserOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    # A run keeps every study's coded evidence (excerpts, informant codes): superusers only.
    list_display = ["partnership", "framework_id", "framework_version", "created_at", "actor"]
    list_filter = ["framework_id"]
    readonly_fields = ["partnership", "framework_id", "framework_version", "result", "actor"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A run is what the system proposed at that moment: it is never edited.
        return False


@admin.register(LabelDecision)
class LabelDecisionAdmin(RecordAdmin):
    partnership_path = "partnership"
    list_display = ["partnership", "framework_id", "label_id", "decision", "strength", "decided_by"]
    list_filter = ["framework_id", "decision"]

    def access_allows(self, request: HttpRequest, obj: Any, action: str) -> bool:
        # Decisions the public reads are the consented study team's, as on the pages: a
        # party's member may change the partnership, not its assessment.
        if action == "change":
            return bool(request.user.has_perm("assessment.decide_label", obj.partnership))
        return super().access_allows(request, obj, action)
