from django.contrib import admin

from semanggi.admin_base import RecordAdmin
from semanggi.evidence.models import Study


@admin.register(Study)
class StudyAdmin(RecordAdmin):
    list_display = ["title", "lead", "status"]
    list_filter = ["status"]
    filter_horizontal = ["team", "partnerships"]
