from django.contrib import admin

from semanggi.admin_base import AccessScoped, RecordAdmin
from semanggi.poac import models


@admin.register(models.Activity)
class ActivityAdmin(RecordAdmin):
    partnership_path = "partnership"
    list_display = ["title", "partnership", "planned_start", "planned_end", "percent_complete"]
    raw_id_fields = ["partnership", "depends_on"]
    search_fields = ["title"]


@admin.register(models.Transaction)
class TransactionAdmin(RecordAdmin):
    partnership_path = "partnership"
    list_display = ["partnership", "type", "amount", "transacted_on"]
    list_filter = ["type"]
    raw_id_fields = ["partnership", "provider", "receiver", "activity", "budget_line"]


@admin.register(models.Decision)
class DecisionAdmin(RecordAdmin):
    partnership_path = "partnership"
    list_display = ["partnership", "decided_on", "subject"]
    list_filter = ["subject"]
    raw_id_fields = ["partnership", "meeting"]


@admin.register(models.PhaseChange)
class PhaseChangeAdmin(AccessScoped, admin.ModelAdmin):  # type: ignore[type-arg]
    partnership_path = "partnership"
    list_display = ["partnership", "from_phase", "to_phase", "changed_by", "changed_at"]
    raw_id_fields = ["partnership"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
