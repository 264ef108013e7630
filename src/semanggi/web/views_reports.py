"""Report downloads: parse the format and language, authorise, hand over the file."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from semanggi.access.selectors import principal_for
from semanggi.evidence.selectors import study_get
from semanggi.jobs.services import job_submit
from semanggi.reports.jobs import report_allowed
from semanggi.reports.render import FORMATS
from semanggi.reports.services import (
    LANGUAGES,
    ReportFile,
    report_partnership_file,
    report_region_file,
    report_study_file,
)

MIN_YEAR, MAX_YEAR = 1900, 2100


def _options(request: HttpRequest, fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    language = request.GET.get("lang") or get_language() or "id"
    return language if language in LANGUAGES else "id"


def _response(found: ReportFile | None) -> HttpResponse:
    if found is None:
        raise Http404
    response = HttpResponse(found.content, content_type=found.content_type)
    disposition = "inline" if found.filename.endswith(".html") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{found.filename}"'
    return response


@require_GET
def partnership_report(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    language = _options(request, fmt)
    return _response(
        report_partnership_file(user=request.user, slug=slug, fmt=fmt, language=language)
    )


@require_GET
def region_report(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    language = _options(request, fmt)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR else None
    return _response(
        report_region_file(user=request.user, code=code, year=year, fmt=fmt, language=language)
    )


@require_GET
def study_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    language = _options(request, fmt)
    study = study_get(principal=principal_for(request.user), pk=pk)
    if study is None:
        raise Http404
    return _response(report_study_file(study=study, fmt=fmt, language=language))


@login_required
@require_POST
def report_job(request: HttpRequest, kind: str) -> HttpResponse:
    """A report made in the background (signed-in readers): the job page shows its progress
    and the file when it is ready."""
    fmt = request.POST.get("format", "pdf")
    language = request.POST.get("lang") or get_language() or "id"
    raw = request.POST.get("year", "")
    params = {
        "kind": kind,
        "key": request.POST.get("key", "")[:100],
        "format": fmt,
        "lang": language if language in LANGUAGES else "id",
        "year": int(raw) if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR else None,
    }
    # Refuse at once what the job would refuse: an unknown kind or format, or a report of
    # something the reader may not see.
    if not report_allowed(user=request.user, params=params):
        raise Http404
    job = job_submit(kind="report", actor=request.user, params=params)
    return redirect("job-detail", job_id=job.pk)
