"""API of background jobs: ask for one, follow its progress, get its result, retry it.

A job is seen only by the person who asked for it (and administrators). Errors are JSON:
400 refused, 401 not signed in, 403 not allowed, 404 unknown or not yours."""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import BaseModel, Field

from semanggi.access.selectors import partnerships_visible_to, principal_for
from semanggi.api.auth import require_user
from semanggi.api.pagination import Pagination
from semanggi.api.schemas import ErrorOut
from semanggi.bounds import Id, JsonId
from semanggi.evidence.exchange import qdpx_check
from semanggi.evidence.services import ServiceError, upload_read
from semanggi.jobs.models import Job
from semanggi.jobs.registry import KINDS, JobError
from semanggi.jobs.selectors import job_get_for, jobs_visible_to
from semanggi.jobs.services import job_progress, job_retry, job_submit
from semanggi.partnerships.selectors import PartnershipFilters

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: UUID
    kind: str
    label: str
    status: str
    progress: int = Field(description="0-100")
    message: str = Field(description="the current step, or the outcome when done")
    result_url: str = Field(description="where the result is (a page), when there is one")
    download_url: str = Field(description="the result file, when there is one")
    error: str = Field(description="why it failed (nothing was saved)")
    result: dict[str, Any]
    attempts: int
    created_at: datetime
    finished_at: datetime | None


class DashboardFilters(BaseModel):  # (a plain model: only a JSON object is one)
    region: str | None = None
    sector: str | None = None
    status: str | None = None
    phase: str | None = None
    q: str | None = None


class JobIn(Schema):
    kind: Literal["dashboard_export", "assessment_batch", "flags_refresh"]
    format: Literal["xlsx", "csv"] = "xlsx"
    filters: DashboardFilters = DashboardFilters()
    partnerships: list[JsonId] = Field(default_factory=list, max_length=100_000)
    frameworks: list[str] = Field(default_factory=list, max_length=20)


def job_out(job: Job) -> dict[str, Any]:
    language = get_language()
    percent, message = job_progress(job)
    kind = KINDS.get(job.kind)
    return {
        "id": job.pk,
        "kind": job.kind,
        "label": kind.label.in_language(language) if kind else job.kind,
        "status": job.status,
        "progress": percent,
        "message": message.in_language(language) if message else "",
        "result_url": job.result_url,
        "download_url": reverse("api:job_result", args=[job.pk]) if job.result_file else "",
        "error": job.error_en if language == "en" else job.error_id,
        "result": job.result,
        "attempts": job.attempts,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _mine(request: HttpRequest, job_id: UUID) -> Job:
    job = job_get_for(request.user, job_id)
    if job is None:
        raise Http404
    return job


def _refused(message: Any) -> HttpError:
    return HttpError(400, message.in_language(get_language()))


@router.get("/jobs", response={200: list[JobOut], 401: ErrorOut})
@paginate(Pagination)
def list_jobs(request: HttpRequest) -> Any:
    """Your jobs, newest first."""
    require_user(request)
    return [job_out(job) for job in jobs_visible_to(request.user)]


@router.get("/jobs/{uuid:job_id}", response={200: JobOut, 401: ErrorOut, 404: ErrorOut})
def get_job(request: HttpRequest, job_id: UUID) -> Any:
    require_user(request)
    return job_out(_mine(request, job_id))


@router.post(
    "/jobs",
    response={
        202: JobOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
)
def create_job(request: HttpRequest, body: JobIn) -> Any:
    """Ask for a job: a dashboard export (what you may see), an assessment batch (the listed
    partnerships you may see, else all of them) or, for administrators, the flag refresh."""
    user = require_user(request)
    if body.kind == "flags_refresh" and not user.is_superuser:
        raise HttpError(403, _("Administrators only."))
    params: dict[str, Any] = {}
    if body.kind == "dashboard_export":
        filters = PartnershipFilters(**body.filters.model_dump())
        params = {"format": body.format, "filters": vars(filters)}
    elif body.kind == "assessment_batch":
        if body.partnerships:
            visible = partnerships_visible_to(principal_for(user))
            found = set(visible.filter(pk__in=body.partnerships).values_list("pk", flat=True))
            if found != set(body.partnerships):
                raise HttpError(404, _("Unknown partnership."))
        params = {"partnerships": body.partnerships, "frameworks": body.frameworks}
    job = job_submit(kind=body.kind, actor=user, params=params)
    job.refresh_from_db()
    return Status(202, job_out(job))


@router.post(
    "/jobs/qdpx-import", response={202: JobOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
)
def import_qdpx(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    title: str = Form(""),
    partnerships: list[Id] = Form([]),  # noqa: B008
) -> Any:
    """A REFI-QDA project (.qdpx) into a new study that you lead, as a background job."""
    user = require_user(request)
    visible = partnerships_visible_to(principal_for(user))
    if set(visible.filter(pk__in=partnerships).values_list("pk", flat=True)) != set(partnerships):
        raise HttpError(404, _("Unknown partnership."))
    try:
        data = upload_read(file)
    except ServiceError as error:
        raise _refused(error.message) from None
    if not data.startswith(b"PK\x03\x04"):
        raise HttpError(400, _("This file is not a REFI-QDA project (.qdpx)."))
    try:
        qdpx_check(data=data)
    except ServiceError as error:
        raise _refused(error.message) from None
    job = job_submit(
        kind="qdpx_import",
        actor=user,
        params={"title": title[:250], "partnerships": partnerships},
        input_file=(file.name or "project.qdpx", data),
    )
    job.refresh_from_db()
    return Status(202, job_out(job))


@router.post(
    "/jobs/dossier-import", response={202: JobOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut}
)
def import_dossier(request: HttpRequest, file: UploadedFile = File(...)) -> Any:  # noqa: B008
    """A partnership dossier (JSON or YAML) into a new case, as a background job
    (administrators only, as on the command line)."""
    user = require_user(request)
    if not user.is_superuser:
        raise HttpError(403, _("Administrators only."))
    try:
        data = upload_read(file)
    except ServiceError as error:
        raise _refused(error.message) from None
    job = job_submit(
        kind="dossier_import", actor=user, input_file=(file.name or "dossier.json", data)
    )
    job.refresh_from_db()
    return Status(202, job_out(job))


@router.post("/jobs/{uuid:job_id}/retry", response={202: JobOut, 404: ErrorOut, 409: ErrorOut})
def retry_job(request: HttpRequest, job_id: UUID) -> Any:
    """Queue a failed job again; 409 when the job has not failed (its state forbids it)."""
    require_user(request)
    job = _mine(request, job_id)
    try:
        job = job_retry(job=job)
    except JobError as error:
        raise HttpError(409, error.message.in_language(get_language())) from None
    job.refresh_from_db()
    return Status(202, job_out(job))


# The result file: an export (XLSX, CSV), a report (PDF, DOCX, HTML) or an IATI file.
_RESULT = {
    200: {
        "description": "The job's result file",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "text/csv",
                "application/pdf",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "text/html",
                "application/xml",
                "application/zip",
                "application/octet-stream",
            )
        },
    }
}


@router.get(
    "/jobs/{uuid:job_id}/result",
    response={401: ErrorOut, 404: ErrorOut},
    url_name="job_result",
    openapi_extra={"responses": _RESULT},
)
def job_result(request: HttpRequest, job_id: UUID) -> Any:
    """The job's result file."""
    require_user(request)
    job = _mine(request, job_id)
    if not job.result_file:
        raise Http404
    name = job.result_file.name.rsplit("/", 1)[-1].split("-", 5)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
