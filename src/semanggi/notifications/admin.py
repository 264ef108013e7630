from django.contrib import admin

from semanggi.admin_base import SuperuserOnly
from semanggi.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(SuperuserOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["recipient", "kind", "subject", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at"]
