"""Writes for access: personal API tokens."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from semanggi.access.models import ApiToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: Any, name: str) -> str:
    """Make a token for ``user`` and return it: this is the only time it can be read."""
    token = "smg_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=_digest(token))
    return token


# How often a token's "last used" time is written: once per interval, not on every call, so
# that reading with a token is not a write.
TOKEN_USE_INTERVAL = timedelta(hours=1)


def api_token_user(token: str) -> Any | None:
    """The active user a token belongs to, or None.

    The token's ``last_used_at`` is kept to the hour: it is written only when the stored time
    is older than :data:`TOKEN_USE_INTERVAL`, by one conditional statement in its own short
    transaction (concurrent calls write it once), and a database too busy to take it does
    not fail the call: the time is bookkeeping, the answer is what matters.
    """
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked=False, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    now = timezone.now()
    stale = now - TOKEN_USE_INTERVAL
    if found.last_used_at is None or found.last_used_at < stale:
        try:
            with transaction.atomic():
                ApiToken.objects.filter(pk=found.pk).filter(
                    Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale)
                ).update(last_used_at=now)
        except OperationalError:
            pass
    return found.user
