from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from semanggi.ops.health import health_checks


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 and {"status": "ok", ...} when every part answers; 503 naming what failed."""
    checks = health_checks()
    failed = [c.name for c in checks if not c.ok]
    body = {
        "status": "failed" if failed else "ok",
        "failed": failed,
        "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in checks},
    }
    return JsonResponse(body, status=503 if failed else 200)


def bound_passed(exception: Exception | None) -> str:
    """Which of Django's bounds on a request body was passed, in the reader's language ("" for
    any other bad request)."""
    if isinstance(exception, TooManyFilesSent):
        return _("Too many files in one request: at most %(count)s. Send them in several goes.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    if isinstance(exception, TooManyFieldsSent):
        return _("Too many fields in one request: at most %(count)s.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(exception, RequestDataTooBig):
        return _("The request is too large.")
    return ""


def bound_status(exception: Exception | None) -> int:
    """413 for a body too large, 400 for any other bad request."""
    return 413 if isinstance(exception, RequestDataTooBig) else 400


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The page of a bad request (400), naming the bound a body passed when that is why (the
    API answers in JSON)."""
    reason = bound_passed(exception)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": reason or _("Bad request.")}, status=bound_status(exception))
    return render(request, "400.html", {"reason": reason}, status=400)
