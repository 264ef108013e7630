from django.contrib import admin

from semanggi.admin_base import RecordAdmin
from semanggi.evidence.models import Study


@admin.register(Study)
class StudyAdmin(RecordAdmin):
    list_display = ["title", "lead", "status", "method", "illustrative"]
    list_filter = ["status", "method", "illustrative"]
    filter_horizontal = ["team", "partnerships"]
