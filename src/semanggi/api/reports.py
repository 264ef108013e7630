"""API of the reports: the same files as the pages, under the same access rules."""

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from semanggi.access.selectors import principal_for
from semanggi.api.auth import require_user
from semanggi.api.jobs import JobOut, job_out
from semanggi.evidence.selectors import study_get
from semanggi.jobs.services import job_submit
from semanggi.reports.jobs import report_allowed
from semanggi.reports.services import (
    ReportFile,
    report_partnership_file,
    report_region_file,
    report_study_file,
)

router = Router(tags=["reports"])

Format = Literal["html", "pdf", "docx"]
Language = Literal["id", "en"]


class ReportQuery(Schema):
    format: Format = Field("pdf", description="html, pdf or docx")
    lang: Language = Field("id", description="id (Bahasa Indonesia) or en (English)")


class RegionReportQuery(ReportQuery):
    year: int | None = Field(None, ge=1900, le=2100, description="only this year's partnerships")


def _file(found: ReportFile | None) -> HttpResponse:
    if found is None:
        raise Http404
    response = HttpResponse(found.content, content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response


_RESPONSES = {
    200: {
        "description": "The report file",
        "content": {
            "application/pdf": {},
            "text/html": {},
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
        },
    }
}


@router.get("/partnerships/{slug}/report", openapi_extra={"responses": _RESPONSES})
def partnership_report(request: HttpRequest, slug: str, query: Query[ReportQuery]) -> HttpResponse:
    """The partnership report (parties, objectives, POAC, money, indicators, flags, handover,
    assessment summary)."""
    return _file(
        report_partnership_file(user=request.user, slug=slug, fmt=query.format, language=query.lang)
    )


@router.get("/regions/{code}/report", openapi_extra={"responses": _RESPONSES})
def region_report(request: HttpRequest, code: str, query: Query[RegionReportQuery]) -> HttpResponse:
    """The regional report: the partnerships of a region (and year) that the caller may see."""
    return _file(
        report_region_file(
            user=request.user, code=code, year=query.year, fmt=query.format, language=query.lang
        )
    )


@router.get("/studies/{pk}/report", openapi_extra={"responses": _RESPONSES})
def study_report(
    request: HttpRequest, query: Query[ReportQuery], pk: int = Path(..., ge=1, le=2**31 - 1)
) -> HttpResponse:
    """A study's evaluation report, for its team (informants by code only)."""
    study = study_get(principal=principal_for(request.user), pk=pk)
    if study is None:
        raise Http404
    return _file(report_study_file(study=study, fmt=query.format, language=query.lang))


class ReportJobIn(Schema):
    kind: Literal["partnership", "region", "study"]
    key: str = Field(..., max_length=100, description="partnership slug, region code, study id")
    format: Format = "pdf"
    lang: Language = "id"
    year: int | None = Field(None, ge=1900, le=2100, description="regional report: one year")


class ReportErrorOut(Schema):
    detail: str


@router.post("/reports", response={202: JobOut, 401: ReportErrorOut, 404: ReportErrorOut})
def create_report(request: HttpRequest, payload: ReportJobIn) -> Status[JobOut]:
    """A report made in the background: follow ``/api/jobs/{id}`` for its progress, then
    download it from the job's ``download_url``."""
    user = require_user(request)
    params = payload.dict()
    if not report_allowed(user=user, params=params):
        raise Http404
    job = job_submit(kind="report", actor=user, params=params)
    job.refresh_from_db()
    return Status(202, JobOut(**job_out(job)))
