"""API of a person's notifications: what she was told (new registrations to verify, a
decision on her organisation, interests in her needs and their answers), and marking them
read. Each caller sees her own only."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from semanggi.api.auth import require_user
from semanggi.api.pagination import Pagination
from semanggi.api.schemas import ErrorOut
from semanggi.bounds import Id
from semanggi.notifications.models import Notification
from semanggi.notifications.selectors import notifications_for, notifications_unread_count
from semanggi.notifications.services import notifications_mark_read

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    subject: str
    link: str
    text: str
    text_id: str
    text_en: str
    detail: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_kind_label(row: Notification) -> str:
        return str(row.get_kind_display())

    @staticmethod
    def resolve_text(row: Notification) -> str:
        return row.text(get_language())


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


@router.get("", response={200: list[NotificationOut], 401: ErrorOut})
@paginate(Pagination)
def list_notifications(request: HttpRequest, unread: bool = False) -> Any:
    """The caller's notifications, newest first (only the unread ones with ``unread=true``)."""
    return notifications_for(user=require_user(request), unread=unread)


@router.get("/unread", response={200: UnreadOut, 401: ErrorOut})
def count_unread(request: HttpRequest) -> Any:
    """How many of the caller's notifications are unread."""
    return {"unread": notifications_unread_count(user=require_user(request))}


@router.post("/read", response={200: MarkedOut, 401: ErrorOut})
def mark_all_read(request: HttpRequest) -> Any:
    """Mark all the caller's notifications read."""
    return {"marked": notifications_mark_read(user=require_user(request))}


@router.post(
    "/{notification_id}/read", response={200: NotificationOut, 401: ErrorOut, 404: ErrorOut}
)
def mark_read(request: HttpRequest, notification_id: Id) -> Any:
    """Mark one of the caller's notifications read (404 for another person's)."""
    user = require_user(request)
    row = notifications_for(user=user).filter(pk=notification_id).first()
    if row is None:
        raise Http404
    notifications_mark_read(user=user, ids=[row.pk])
    row.refresh_from_db()
    return Status(200, row)
