"""Telling people: a notification in the application for each recipient, and the same by
e-mail (Django's mail backend, after the transaction commits, so that nobody is mailed about
something that was rolled back)."""

import logging
import smtplib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from semanggi.core.text import Message
from semanggi.notifications.models import Notification, NotificationKind

logger = logging.getLogger(__name__)


def notify(
    *,
    recipients: Iterable[Any],
    kind: NotificationKind,
    subject: str,
    link: str,
    text: Message,
    detail: str = "",
    actor: Any = None,
) -> list[Notification]:
    """Tell each of ``recipients`` (active accounts, each once; never ``actor``, who knows
    what she did) that ``text`` happened, about the page ``link``. Each is mailed too, when
    she has an address, once the surrounding transaction commits."""
    seen: set[int] = set()
    people = []
    for person in recipients:
        if person is None or not person.is_active or person.pk in seen:
            continue
        if actor is not None and person.pk == getattr(actor, "pk", None):
            continue
        seen.add(person.pk)
        people.append(person)
    if not people:
        return []
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=kind,
            subject=subject[:60],
            link=link[:300],
            text_id=text.id,
            text_en=text.en,
            detail=detail.strip()[:2000],
        )
        for person in people
    )
    addressed = [(person.email, row) for person, row in zip(people, rows, strict=True)]
    addressed = [(email, row) for email, row in addressed if email]
    if addressed:
        transaction.on_commit(lambda: _mail(addressed))
    return rows


def _kind_label(kind: str, language: str) -> str:
    with translation.override(language):
        return str(NotificationKind(kind).label)


def _mail(addressed: list[tuple[str, Notification]]) -> None:
    """One mail per person, in both languages (Indonesian first). A mail that cannot be sent
    is logged: the notification stands and waits in the application."""
    try:
        connection = get_connection()
        for email, row in addressed:
            subject = f"{_kind_label(row.kind, 'id')} / {_kind_label(row.kind, 'en')}"
            body = render_to_string(
                "notifications/mail.txt",
                {
                    "row": row,
                    "url": settings.SEMANGGI_SITE_URL.rstrip("/") + row.link,
                    "all_url": settings.SEMANGGI_SITE_URL.rstrip("/") + "/me/notifications/",
                },
            )
            send_mail(
                f"[Semanggi] {subject}",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [email],
                connection=connection,
            )
    except (OSError, smtplib.SMTPException):
        logger.warning("notifications: a mail could not be sent", exc_info=True)


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the person's notifications read (all of them, or those of ``ids``); another
    person's are never touched. Returns how many changed."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
