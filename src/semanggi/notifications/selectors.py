"""Reads of notifications: a person sees her own, nobody else's."""

from typing import Any

from django.db.models import QuerySet

from semanggi.notifications.models import Notification


def notifications_for(*, user: Any, unread: bool = False) -> QuerySet[Notification]:
    """The person's notifications, newest first (only the unread ones if asked)."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient=user)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def notifications_unread_count(*, user: Any) -> int:
    """How many of the person's notifications are unread (one query)."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
