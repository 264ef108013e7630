from semanggi.celery import app
from semanggi.jobs.services import job_execute, job_submit


@app.task(name="semanggi.jobs.run", ignore_result=True, acks_late=True)
def run_job(job_id: str) -> str:
    return job_execute(job_id)


@app.task(name="semanggi.jobs.scheduled", ignore_result=True)
def submit_scheduled(kind: str) -> str:
    """Started by the scheduler (celery beat): a job asked for by nobody in particular."""
    return str(job_submit(kind=kind, actor=None).pk)
