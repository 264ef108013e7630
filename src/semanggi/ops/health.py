"""What /healthz checks: the database(s), the task queue and the media storage."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _database(alias: str) -> Check:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure makes the check fail; the reason is named
        return Check(f"database:{alias}" if alias != "default" else "database", False, _kind(error))
    name = f"database:{alias}" if alias != "default" else "database"
    return Check(name, True, connections[alias].vendor)


def _queue() -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check("queue", True, "in-process (no broker configured)")
    from semanggi.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
            connection.default_channel.client.ping()  # the broker answers, not only the socket
    except Exception as error:
        return Check("queue", False, _kind(error))
    return Check("queue", True, settings.CELERY_BROKER_URL.split("://", 1)[0])


def _storage() -> Check:
    name = f"healthz/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        with default_storage.open(saved, "rb") as handle:
            ok = handle.read() == b"ok"
        default_storage.delete(saved)
    except Exception as error:
        return Check("storage", False, _kind(error))
    return Check("storage", ok, type(default_storage).__name__ if ok else "read back differs")


def _kind(error: Exception) -> str:
    # The kind of failure only: messages may carry host names or credentials.
    return type(error).__name__


def health_checks() -> list[Check]:
    checks = [_database(alias) for alias in settings.DATABASES]
    return [*checks, _queue(), _storage()]
