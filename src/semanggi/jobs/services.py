"""Submitting, running and retrying jobs. The queue only carries a job's id: everything else
is in the Job row and the media storage, so any worker on any machine can run it."""

import logging
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from semanggi.core.text import Message
from semanggi.jobs.models import Job, JobStatus
from semanggi.jobs.registry import JobContext, JobError, kind_get

log = logging.getLogger("semanggi.jobs")

UNEXPECTED = Message(
    "Terjadi kesalahan tak terduga; tidak ada yang disimpan. Coba lagi, atau sampaikan kode "
    "pekerjaan ini kepada administrator.",
    "An unexpected error occurred; nothing was saved. Try again, or give this job's code to "
    "the administrator.",
)
PROGRESS_SECONDS = 24 * 3600


def _progress_key(job_id: UUID | str) -> str:
    return f"semanggi:job-progress:{job_id}"


def job_progress(job: Job) -> tuple[int, Message | None]:
    """The running job's progress: from the cache while it runs, else from the row."""
    if job.status == JobStatus.RUNNING:
        stored = cache.get(_progress_key(job.pk))
        if stored:
            return int(stored[0]), Message(stored[1], stored[2])
    message = Message(job.message_id, job.message_en) if job.message_id else None
    return job.progress, message


def job_submit(
    *,
    kind: str,
    actor: Any,
    params: dict[str, Any] | None = None,
    input_file: tuple[str, bytes] | None = None,
) -> Job:
    """Record a job and queue it (after the current transaction commits)."""
    kind_get(kind)  # an unknown kind is refused here, not in the worker
    job = Job(
        kind=kind,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        params=params or {},
    )
    if input_file is not None:
        name, data = input_file
        job.input_name = name[:255]
        job.input_file.save(f"{job.pk}-{_safe_name(name)}", ContentFile(data), save=False)
    job.save()
    _enqueue(job)
    return job


def job_retry(*, job: Job) -> Job:
    """Queue a failed job again, with the same parameters and input."""
    if job.status != JobStatus.FAILED:
        raise JobError(
            Message(
                "Hanya pekerjaan yang gagal yang dapat diulang", "Only a failed job can be retried"
            )
        )
    Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED,
        progress=0,
        message_id="",
        message_en="",
        error_id="",
        error_en="",
        started_at=None,
        finished_at=None,
    )
    job.refresh_from_db()
    _enqueue(job)
    return job


def _enqueue(job: Job) -> None:
    from semanggi.jobs.tasks import run_job

    if settings.CELERY_TASK_ALWAYS_EAGER:
        # No broker (the Quick start): run in this process, now.
        run_job.apply(args=[str(job.pk)])
    else:
        job_id = str(job.pk)
        transaction.on_commit(lambda: run_job.delay(job_id), robust=True)


def job_execute(job_id: str) -> str:
    """Run the job if it is still waiting (a task delivered twice runs it once); its writes
    are one transaction. Returns the final status."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return "missing"
        stale = timezone.now() - timedelta(seconds=settings.SEMANGGI_JOB_STALE_SECONDS)
        abandoned = job.status == JobStatus.RUNNING and job.started_at and job.started_at < stale
        if job.status != JobStatus.QUEUED and not abandoned:
            return str(job.status)
        # A job left running by a worker that died wrote nothing (its transaction never
        # committed): it is run again when its task comes back.
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "attempts"])

    def report(percent: int, message: Message) -> None:
        cache.set(_progress_key(job_id), (percent, message.id, message.en), PROGRESS_SECONDS)

    failure: Message | None = None
    try:
        kind = kind_get(job.kind)
        with transaction.atomic():
            outcome = kind.run(JobContext(job=job, report=report))
            if outcome.file is not None:
                name, data = outcome.file
                job.result_file.save(f"{job.pk}-{_safe_name(name)}", ContentFile(data), save=False)
    except JobError as error:
        failure = error.message
    except Exception as error:  # every failure is recorded, none is lost
        message = getattr(error, "message", None)
        if isinstance(message, Message):
            failure = message
        else:
            log.exception("job %s (%s) failed", job_id, job.kind)
            failure = UNEXPECTED
    job.finished_at = timezone.now()
    if failure is not None:
        job.status = JobStatus.FAILED
        job.error_id, job.error_en = failure.id, failure.en
        job.save(update_fields=["status", "error_id", "error_en", "finished_at"])
    else:
        job.status = JobStatus.SUCCEEDED
        job.progress = 100
        if outcome.summary is not None:
            job.message_id, job.message_en = outcome.summary.id[:300], outcome.summary.en[:300]
        job.result = outcome.result
        job.result_url = outcome.link
        job.save(
            update_fields=[
                "status",
                "progress",
                "message_id",
                "message_en",
                "result",
                "result_url",
                "result_file",
                "finished_at",
            ]
        )
    cache.delete(_progress_key(job_id))
    log.info("job %s (%s) %s", job_id, job.kind, job.status)
    return str(job.status)


def _safe_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "._-" else "_" for c in name.rsplit("/", 1)[-1])
    return keep[-100:] or "file"
