"""What every admin page of Semanggi shares: history, and no hard delete but by superusers."""

from typing import Any

from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin


class RecordAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
