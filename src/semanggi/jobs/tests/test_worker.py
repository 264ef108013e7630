"""One job through a real worker process and a real Redis broker."""

import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from semanggi.jobs.models import Job, JobStatus
from semanggi.ops.tests.helpers import BIN, environment, redis_url, start, stop
from semanggi.partnerships.models import Partnership
from semanggi.testing.world import world_create


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_in_a_worker_process_through_redis(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database lives in this process; the PostgreSQL run covers it")
    broker = redis_url()
    queue = f"semanggi-test-{uuid.uuid4().hex}"  # other runs on this Redis never take it
    world_create()
    job = Job.objects.create(kind="flags_refresh")
    env = environment(
        DATABASE_URL=database_url(),
        REDIS_URL=broker,
        SEMANGGI_QUEUE=queue,
        SEMANGGI_DATA_DIR=str(tmp_path),
        SEMANGGI_WORKER_CONCURRENCY="1",
    )
    worker = start([str(BIN / "semanggi"), "worker"], env, tmp_path / "worker.log")
    try:
        client = Celery(broker=broker)
        client.send_task("semanggi.jobs.run", args=[str(job.pk)], queue=queue)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and worker.poll() is None:
            job.refresh_from_db()
            if job.finished:
                break
            time.sleep(0.5)
    finally:
        stop(worker)
    log = (tmp_path / "worker.log").read_text()
    assert job.status == JobStatus.SUCCEEDED, log
    assert job.result["partnerships"] == Partnership.objects.count() > 0
    assert "semanggi.jobs.run" in log  # the worker, not this process, ran it
