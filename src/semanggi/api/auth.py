"""Who is calling the API: a personal token (``Authorization: Bearer smg_…``), or the
browser's session (with its CSRF token for writes), or nobody (reads of published data)."""

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from semanggi.access.lockout import token_failed, token_failures, token_locked
from semanggi.access.services import TokenLocked, api_token_user

LOCKED = "locked"  # answered in the caller's language by the API's error handler

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # Too many wrong tokens from one address lock tokens from it, the right ones too. The
        # count is read with the token (one query); a wrong token asks for it on its own.
        failures = token_failures(request)
        if failures is None and token_locked(request):
            raise HttpError(429, LOCKED)
        try:
            user = api_token_user(token, failures=failures)
        except TokenLocked:
            raise HttpError(429, LOCKED) from None
        if user is None:
            if failures is not None and token_locked(request):
                raise HttpError(429, LOCKED)
            token_failed(request)
            # A token that is wrong is an error, not a silent fall-back to anonymous.
            raise AuthenticationError
        request.user = user
        return user


def session_or_anonymous(request: HttpRequest) -> bool:
    """Lets reads through as the session user (or anonymous); a write needs a signed-in
    user (else 401, before its body is even read) and, made with a session cookie, the CSRF
    token, as a form would."""
    unsafe = request.method not in SAFE_METHODS
    if unsafe and not request.user.is_authenticated:
        return False  # anonymous callers change nothing: 401
    if unsafe and check_csrf(request) is not None:
        raise HttpError(403, "CSRF")
    return True


API_AUTH = [TokenAuth(), session_or_anonymous]


def require_user(request: HttpRequest) -> Any:
    """The signed-in user of a write request; 401 for anonymous callers."""
    if not request.user.is_authenticated:
        raise HttpError(401, "Authentication required")
    return request.user
