from django.http import HttpRequest, JsonResponse
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
