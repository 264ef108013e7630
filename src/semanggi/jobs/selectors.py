from typing import Any

from django.db.models import QuerySet

from semanggi.jobs.models import Job


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    """A person sees the jobs she asked for; administrators see every job."""
    if not user.is_authenticated:
        return Job.objects.none()
    jobs = Job.objects.select_related("created_by")
    return jobs if user.is_superuser else jobs.filter(created_by=user)


def job_get_for(user: Any, job_id: Any) -> Job | None:
    return jobs_visible_to(user).filter(pk=job_id).first()
