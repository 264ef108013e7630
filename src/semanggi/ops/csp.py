"""Content-Security-Policy: one fixed header from settings.CONTENT_SECURITY_POLICY.

Semanggi's pages load their scripts and styles from its own static files and use no inline
script, so a single policy without per-request nonces is enough; a small middleware does it
without another dependency (django-csp would add configuration for features not used here)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def content_security_policy_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    policy = settings.CONTENT_SECURITY_POLICY

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response

    return middleware
