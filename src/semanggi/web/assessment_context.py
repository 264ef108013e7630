"""What the partnership page's Assessment section needs: one function the page view calls."""

from typing import Any

from django.http import HttpRequest

from semanggi.partnerships.models import Partnership


def assessment_context(request: HttpRequest, partnership: Partnership) -> dict[str, Any]:
    return {}
