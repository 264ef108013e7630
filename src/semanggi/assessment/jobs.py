"""Background jobs of the assessment: batches of assessments, and partnership dossier imports."""

from typing import Any

from django.urls import reverse

from semanggi.access.selectors import partnerships_visible_to, principal_for
from semanggi.assessment.frameworks import AssessmentError
from semanggi.assessment.services import assessment_run
from semanggi.core.text import Message
from semanggi.dossier import format as fmt
from semanggi.dossier.importer import dossier_import
from semanggi.jobs.registry import JobContext, JobError, JobOutcome, job_kind


@job_kind("assessment_batch", Message("Penilaian berkelompok", "Assessment batch"))
def assessment_batch(context: JobContext) -> JobOutcome:
    """Assess many partnerships (the listed ones, else every one the person may see) against
    the frameworks, one new run each; partnerships with no party yet are skipped and counted."""
    visible = partnerships_visible_to(principal_for(context.actor)).order_by("pk")
    wanted = context.params.get("partnerships")
    partnerships = list(visible.filter(pk__in=wanted) if wanted else visible)
    frameworks: Any = context.params.get("frameworks") or None
    assessed = skipped = 0
    for index, partnership in enumerate(partnerships, start=1):
        try:
            assessment_run(partnership=partnership, framework_ids=frameworks, actor=context.actor)
            assessed += 1
        except AssessmentError as error:
            if error.field == "framework":
                raise JobError(error.message) from None
            skipped += 1
        if index % 50 == 0 or index == len(partnerships):
            context.progress(
                index * 100 // len(partnerships),
                Message(
                    f"{index} dari {len(partnerships)} kemitraan",
                    f"{index} of {len(partnerships)} partnerships",
                ),
            )
    return JobOutcome(
        summary=Message(
            f"{assessed} kemitraan dinilai, {skipped} dilewati (belum ada pihak)",
            f"{assessed} partnerships assessed, {skipped} skipped (no party yet)",
        ),
        result={"assessed": assessed, "skipped": skipped},
    )


@job_kind("dossier_import", Message("Impor dosir kemitraan", "Partnership dossier import"))
def dossier_import_job(context: JobContext) -> JobOutcome:
    """A dossier file (JSON or YAML) into a new partnership case, all or nothing."""
    name = context.job.input_name or "dossier.json"
    try:
        dossier = fmt.read(context.input_bytes().decode("utf-8"), name=name)
        lead = context.actor if dossier.study is not None else None
        result = dossier_import(dossier, lead=lead)
    except UnicodeDecodeError:
        raise JobError(Message("Berkas bukan teks UTF-8", "The file is not UTF-8 text")) from None
    except fmt.DossierError as error:
        problems = "; ".join(str(p) for p in error.problems[:20])
        raise JobError(
            Message(f"Dosir ditolak: {problems}", f"The dossier was refused: {problems}")
        ) from None
    slug = result.partnership.slug
    return JobOutcome(
        summary=Message(f"Kemitraan {slug} dibuat", f"Partnership {slug} created"),
        result={"partnership": slug, "study": result.study.pk if result.study else None},
        link=reverse("partnership-detail", args=[slug]),
    )
