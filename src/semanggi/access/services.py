"""Writes for access: personal API tokens."""

import hashlib
import secrets
from typing import Any

from django.utils import timezone

from semanggi.access.models import ApiToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: Any, name: str) -> str:
    """Make a token for ``user`` and return it: this is the only time it can be read."""
    token = "smg_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=_digest(token))
    return token


def api_token_user(token: str) -> Any | None:
    """The active user a token belongs to, or None."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked=False, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user
