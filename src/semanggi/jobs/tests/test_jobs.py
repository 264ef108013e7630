"""Jobs run in-process here (no broker configured): the same runner a worker uses."""

import logging
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from semanggi.core.text import Message
from semanggi.dossier import format as fmt
from semanggi.dossier.exporter import dossier_export
from semanggi.evidence.exchange import study_qdpx
from semanggi.evidence.models import Study
from semanggi.evidence.tests.factories import filled_study
from semanggi.jobs import registry
from semanggi.jobs.models import Job, JobStatus
from semanggi.jobs.registry import JobContext, JobError, JobOutcome, job_kind
from semanggi.jobs.services import UNEXPECTED, job_execute, job_progress, job_retry, job_submit
from semanggi.jobs.tasks import submit_scheduled
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import Partnership
from semanggi.poac.models import PartnershipSummary
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds() -> Any:
    """Job kinds made for a test, removed after it."""
    before = dict(registry.KINDS)
    yield registry.KINDS
    registry.KINDS.clear()
    registry.KINDS.update(before)


def test_the_daily_refresh_is_scheduled_and_runs_as_a_job(world: World) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-flags-daily"]
    assert entry["task"] == submit_scheduled.name and entry["args"] == ("flags_refresh",)
    PartnershipSummary.objects.all().delete()
    job = Job.objects.get(pk=submit_scheduled("flags_refresh"))
    assert job.status == JobStatus.SUCCEEDED and job.created_by is None
    total = Partnership.objects.count()
    assert job.result["partnerships"] == total and PartnershipSummary.objects.count() == total
    assert job.progress == 100 and f"{total} partnerships" in job.message_en


def test_a_failed_job_saves_nothing_says_why_and_can_be_retried(world: World, kinds: Any) -> None:
    @job_kind("test_flaky", Message("Uji", "Test"))
    def flaky(context: JobContext) -> JobOutcome:
        Organisation.objects.create(name="Half done", slug="half-done")
        if context.job.attempts == 1:
            raise JobError(Message("Sumber belum siap", "The source is not ready yet"))
        return JobOutcome(summary=Message("Selesai", "Done"))

    job = job_submit(kind="test_flaky", actor=world.eva)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert (job.error_id, job.error_en) == ("Sumber belum siap", "The source is not ready yet")
    assert not Organisation.objects.filter(slug="half-done").exists()  # never half-applied

    job_retry(job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2 and job.error_en == ""
    assert Organisation.objects.filter(slug="half-done").count() == 1
    with pytest.raises(JobError):
        job_retry(job=job)  # only failed jobs


def test_an_unexpected_error_is_logged_and_explained_without_details(
    world: World, kinds: Any, caplog: Any
) -> None:
    @job_kind("test_broken", Message("Uji", "Test"))
    def broken(context: JobContext) -> JobOutcome:
        raise ZeroDivisionError("secret internals")

    with caplog.at_level(logging.ERROR, logger="semanggi.jobs"):
        job = job_submit(kind="test_broken", actor=world.eva)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_en == UNEXPECTED.en and "secret" not in job.error_id + job.error_en
    assert "ZeroDivisionError" in caplog.text


def test_a_job_delivered_twice_runs_once(world: World, kinds: Any) -> None:
    runs: list[int] = []

    @job_kind("test_count", Message("Uji", "Test"))
    def count(context: JobContext) -> JobOutcome:
        runs.append(1)
        return JobOutcome()

    job = job_submit(kind="test_count", actor=world.eva)
    assert job_execute(str(job.pk)) == JobStatus.SUCCEEDED
    assert runs == [1]


def test_a_job_abandoned_by_a_dead_worker_runs_again_only_once_stale(
    world: World, kinds: Any
) -> None:
    runs: list[int] = []

    @job_kind("test_abandoned", Message("Uji", "Test"))
    def count(context: JobContext) -> JobOutcome:
        runs.append(1)
        return JobOutcome()

    job = Job.objects.create(kind="test_abandoned", status=JobStatus.RUNNING)
    Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(minutes=5))
    assert job_execute(str(job.pk)) == JobStatus.RUNNING and runs == []  # still being run
    Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(hours=2))
    assert job_execute(str(job.pk)) == JobStatus.SUCCEEDED and runs == [1]
    assert job_execute(str(job.pk)) == JobStatus.SUCCEEDED and runs == [1]


def test_progress_is_visible_while_the_job_runs(world: World, kinds: Any) -> None:
    seen: list[Any] = []

    @job_kind("test_progress", Message("Uji", "Test"))
    def slow(context: JobContext) -> JobOutcome:
        context.progress(40, Message("Empat puluh", "Forty"))
        seen.append(job_progress(Job.objects.get(pk=context.job.pk)))
        return JobOutcome()

    job = job_submit(kind="test_progress", actor=world.eva)
    assert seen == [(40, Message("Empat puluh", "Forty"))]
    job.refresh_from_db()
    assert job_progress(job) == (100, None)


def test_an_unknown_kind_is_refused_when_asked(world: World) -> None:
    with pytest.raises(JobError):
        job_submit(kind="no_such_kind", actor=world.eva)
    assert not Job.objects.exists()


def test_a_dossier_import_job_creates_the_case_or_nothing(world: World) -> None:
    dossier = dossier_export(world.jakarta_pilot.slug)
    text = fmt.write(dossier).replace(world.jakarta_pilot.slug, "salinan-rintisan")
    job = job_submit(kind="dossier_import", actor=world.alice, input_file=("d.json", text.encode()))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error_en
    assert job.result_url == "/partnerships/salinan-rintisan/"
    assert Partnership.objects.filter(slug="salinan-rintisan").exists()

    again = job_submit(
        kind="dossier_import", actor=world.alice, input_file=("d.json", text.encode())
    )
    again.refresh_from_db()
    assert again.status == JobStatus.FAILED
    assert again.error_en.startswith("The dossier was refused: partnerships[0].slug")
    assert again.error_id.startswith("Dosir ditolak")


def test_an_assessment_batch_assesses_what_the_person_may_see(world: World) -> None:
    job = job_submit(kind="assessment_batch", actor=world.alice, params={})
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error_en
    total = Partnership.objects.count()
    assert job.result["assessed"] + job.result["skipped"] == total
    assert job.result["assessed"] >= 1


def test_the_job_pages_show_progress_outcome_and_retry_to_their_owner_only(
    english: Client, world: World, kinds: Any
) -> None:
    @job_kind("test_refused", Message("Uji", "Test"))
    def refused(context: JobContext) -> JobOutcome:
        raise JobError(Message("Ditolak karena alasan", "Refused for a reason"))

    job = job_submit(kind="test_refused", actor=world.eva)
    english.force_login(world.eva)
    page = english.get(f"/jobs/{job.pk}/").content.decode()
    assert "Refused for a reason" in page and "Try again" in page and "Nothing was saved" in page
    assert "Test" in english.get("/jobs/").content.decode()
    response = english.post(f"/jobs/{job.pk}/retry/")
    assert response.status_code == 302
    assert Job.objects.get(pk=job.pk).attempts == 2
    english.force_login(world.charlie)
    assert english.get(f"/jobs/{job.pk}/").status_code == 404
    assert english.post(f"/jobs/{job.pk}/retry/").status_code == 404
    english.logout()
    assert english.get(f"/jobs/{job.pk}/").status_code == 302  # to the login page


def test_a_dashboard_export_job_gives_a_file_to_its_owner(english: Client, world: World) -> None:
    english.force_login(world.kurnia)
    response = english.post(
        "/api/jobs", {"kind": "dashboard_export", "format": "csv"}, content_type="application/json"
    )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "succeeded" and body["download_url"]
    csv = english.get(body["download_url"])
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert world.semanggi.title in text and world.jakarta_pilot.title not in text
    page = english.get(f"/jobs/{body['id']}/").content.decode()
    assert "Download the file" in page
    assert english.get(f"/jobs/{body['id']}/download/").status_code == 200
    english.force_login(world.charlie)
    assert english.get(body["download_url"]).status_code == 404
    assert english.get(f"/api/jobs/{body['id']}").status_code == 404


def test_the_api_lists_retries_and_guards_jobs(client: Client, world: World) -> None:
    client.force_login(world.eva)
    refused = client.post("/api/jobs", {"kind": "flags_refresh"}, content_type="application/json")
    assert refused.status_code == 403
    done = client.post(
        "/api/jobs", {"kind": "assessment_batch"}, content_type="application/json"
    ).json()
    listed = client.get("/api/jobs").json()
    assert [j["id"] for j in listed["items"]] == [done["id"]]
    assert client.post(f"/api/jobs/{done['id']}/retry").status_code == 409
    client.logout()
    assert client.get("/api/jobs").status_code == 401


def test_a_large_dashboard_export_becomes_a_job(
    client: Client, world: World, settings: Any
) -> None:
    settings.SEMANGGI_EXPORT_INLINE_ROWS = 0  # every export counts as large here
    client.force_login(world.kurnia)
    response = client.get("/dashboard/?format=xlsx")
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    job = Job.objects.get(created_by=world.kurnia)
    assert job.kind == "dashboard_export" and job.status == JobStatus.SUCCEEDED
    download = client.get(f"/jobs/{job.pk}/download/")
    assert b"".join(download.streaming_content).startswith(b"PK\x03\x04")  # an XLSX archive
    assert download["Content-Disposition"].endswith('filename="semanggi-dashboard.xlsx"')
    settings.SEMANGGI_EXPORT_INLINE_ROWS = 2000
    small = client.get("/dashboard/?format=csv")
    assert small.status_code == 200 and small["Content-Type"].startswith("text/csv")


def test_the_api_imports_a_qdpx_as_a_job_and_refuses_what_is_not_one(
    client: Client, world: World
) -> None:
    filled_study(world.study, world.eva)
    client.force_login(world.eva)
    upload = SimpleUploadedFile("studi.qdpx", study_qdpx(study=world.study))
    response = client.post(
        "/api/jobs/qdpx-import",
        {"file": upload, "title": "Lewat API", "partnerships": [world.jakarta_pilot.pk]},
    )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "succeeded" and body["result_url"].startswith("/studies/")
    assert Study.objects.get(title="Lewat API").lead == world.eva
    refused = client.post("/api/jobs/qdpx-import", {"file": SimpleUploadedFile("x.qdpx", b"no")})
    assert refused.status_code == 400 and "bukan proyek REFI-QDA" in refused.json()["detail"]
    hidden = client.post(
        "/api/jobs/qdpx-import",
        {"file": SimpleUploadedFile("s.qdpx", b"PK\x03\x04"), "partnerships": [99999]},
    )
    assert hidden.status_code == 404
    assert (
        client.post(
            "/api/jobs/dossier-import", {"file": SimpleUploadedFile("d.json", b"{}")}
        ).status_code
        == 403
    )
