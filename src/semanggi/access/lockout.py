"""Login lockout (django-axes) as Semanggi shows and applies it: the page a locked account
gets, on the site's login and the admin's alike, and the same lock for API tokens.

A wrong API token counts as a failed login of ``api-token@<address>``: tokens have no user
name to count by, and a token is 256 random bits, so the lock guards the service (and the
logs) against guessing rather than one account. It is unlocked the same way as an account.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

TOKENS_LOCKED = _(
    "Too many wrong API tokens from this address: tokens from it are refused for a "
    "while. An administrator can lift the lock sooner."
)


def lock_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    return int(cooloff.total_seconds() // 60) if cooloff else 0


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The page of a locked account: why, for how long, and how to get it unlocked (for the
    API, the same in JSON)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(TOKENS_LOCKED)}, status=429)
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "lock_minutes": lock_minutes()},
        status=429,
    )


def client_address(request: HttpRequest) -> str:
    """The caller's address. Behind SEMANGGI_PROXY_COUNT trusted reverse proxies it is the
    address the outermost of them saw (from X-Forwarded-For, whose earlier entries the caller
    could have written herself); without proxies, the connection's address."""
    proxies = settings.SEMANGGI_PROXY_COUNT
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def _token_credentials(request: HttpRequest) -> dict[str, str]:
    AxesProxyHandler.update_request(request)
    return {"username": f"api-token@{client_address(request)}"}


def token_locked(request: HttpRequest) -> bool:
    """Whether API tokens from this address are locked after too many wrong ones."""
    return bool(AxesProxyHandler.is_locked(request, _token_credentials(request)))


@dataclass(frozen=True)
class TokenFailures:
    """Where the recent wrong tokens from one address are counted: the name they are counted
    under, the moment before which they no longer count, and the number that locks."""

    username: str
    since: datetime
    limit: int


def token_failures(request: HttpRequest) -> TokenFailures | None:
    """How to count the recent wrong tokens from this address in the same query as the token
    itself (``failures_expression``); None when the lock is not kept in the database by user
    name with a cool-off time, as this application's settings keep it (then
    ``token_locked`` asks axes separately)."""
    handler = AxesProxyHandler.get_implementation()
    if (
        not isinstance(handler, AxesDatabaseHandler)
        or not settings.AXES_LOCK_OUT_AT_FAILURE
        or settings.AXES_COOLOFF_TIME is None
        or list(settings.AXES_LOCKOUT_PARAMETERS) != ["username"]
    ):
        return None
    credentials = _token_credentials(request)
    return TokenFailures(
        username=credentials["username"],
        since=get_cool_off_threshold(request),
        limit=get_failure_limit(request, credentials),
    )


def failures_expression(username: str, since: datetime) -> Any:
    """The failures counted under ``username`` since ``since``, as axes counts them for a
    lock by user name, as an expression (0 when there are none)."""
    total = (
        AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
        .order_by()
        .values("username")
        .annotate(total=Sum("failures_since_start"))
        .values("total")
    )
    return Coalesce(Subquery(total[:1]), 0)


def token_failed(request: HttpRequest) -> None:
    """Count a wrong API token from this address, as a failed login."""
    user_login_failed.send(
        sender=__name__, credentials=_token_credentials(request), request=request
    )


# Sign-ups are counted like failed logins of ``signup@<address>``: every attempt from an
# address counts, and after SEMANGGI_LOGIN_FAILURE_LIMIT of them in the lockout period the
# address is refused further sign-ups until the period ends or an administrator lifts it
# (``semanggi axes_reset_username signup@<address>``).


def _signup_credentials(request: HttpRequest) -> dict[str, str]:
    AxesProxyHandler.update_request(request)
    return {"username": f"signup@{client_address(request)}"}


def signup_locked(request: HttpRequest) -> bool:
    """Whether sign-ups from this address are refused for now."""
    return bool(AxesProxyHandler.is_locked(request, _signup_credentials(request)))


def signup_counted(request: HttpRequest) -> None:
    """Count a sign-up attempt from this address. The attempt itself is answered as usual
    (the lock, if this one reached the limit, applies to the next)."""
    user_login_failed.send(
        sender=__name__, credentials=_signup_credentials(request), request=request
    )
    request.axes_locked_out = False  # type: ignore[attr-defined]


def lockout_lift(*, username: str) -> None:
    """End an account's lockout (a new password was set through the reset link)."""
    reset(username=username)
