"""Background jobs: what a person asked for, its progress, its result or why it failed."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from semanggi.jobs.models import Job
from semanggi.jobs.registry import KINDS, JobError
from semanggi.jobs.selectors import job_get_for, jobs_visible_to
from semanggi.jobs.services import job_progress, job_retry
from semanggi.web.views import _page


def _job(request: HttpRequest, job_id: UUID) -> Job:
    job = job_get_for(request.user, job_id)
    if job is None:
        raise Http404
    return job


def job_label(job: Job) -> str:
    kind = KINDS.get(job.kind)
    return kind.label.in_language(get_language()) if kind else job.kind


@login_required
@require_GET
def job_index(request: HttpRequest) -> HttpResponse:
    page = _page(request, jobs_visible_to(request.user))
    rows = [(job, job_label(job)) for job in page]
    return render(request, "web/jobs/list.html", {"page": page, "rows": rows})


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = _job(request, job_id)
    percent, message = job_progress(job)
    language = get_language()
    return render(
        request,
        "web/jobs/detail.html",
        {
            "job": job,
            "label": job_label(job),
            "percent": percent,
            "message": message.in_language(language) if message else "",
            "error": job.error_en if language == "en" else job.error_id,
            "entries": job.result.get("entries", []),
            "refresh": not job.finished,
        },
    )


@login_required
@require_POST
def job_retry_view(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = _job(request, job_id)
    try:
        job_retry(job=job)
    except JobError as error:
        messages.error(request, error.message.in_language(get_language()))
    return redirect("job-detail", job_id=job.pk)


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: UUID) -> FileResponse:
    job = _job(request, job_id)
    if not job.result_file:
        raise Http404
    name = job.result_file.name.rsplit("/", 1)[-1].split("-", 5)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
