"""Background jobs of the evidence workbench: importing a REFI-QDA project."""

from django.urls import reverse

from semanggi.core.text import Message
from semanggi.evidence import exchange
from semanggi.jobs.registry import JobContext, JobError, JobOutcome, job_kind
from semanggi.partnerships.models import Partnership


@job_kind("qdpx_import", Message("Impor proyek REFI-QDA", "REFI-QDA project import"))
def qdpx_import(context: JobContext) -> JobOutcome:
    """A .qdpx into a new study led by the person who asked, all or nothing."""
    if context.actor is None:
        raise JobError(Message("Impor ini perlu pemimpin studi", "This import needs a study lead"))
    context.progress(5, Message("Membaca berkas", "Reading the file"))
    data = context.input_bytes()
    # The partnerships were checked against what the person may see when the job was asked.
    partnerships = Partnership.objects.filter(pk__in=context.params.get("partnerships", []))
    context.progress(20, Message("Menyimpan studi", "Saving the study"))
    outcome = exchange.study_import_qdpx(
        lead=context.actor,
        data=data,
        title=context.params.get("title", ""),
        partnerships=list(partnerships),
    )
    report = outcome.report
    return JobOutcome(
        summary=Message(*report.counts.summary().split(" / ", 1)),
        result={
            "study": outcome.study.pk,
            "entries": [
                {
                    "action": str(e.action.value),
                    "indonesian": e.indonesian,
                    "english": e.english,
                    "subject": e.subject[:200],
                }
                for e in report.entries
            ],
        },
        link=reverse("study-detail", args=[outcome.study.pk]),
    )
