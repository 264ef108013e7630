"""Reports as background jobs: the page shows progress and a download link when ready."""

from semanggi.access.selectors import partnerships_visible_to, principal_for
from semanggi.core.text import Message
from semanggi.evidence.selectors import study_get
from semanggi.jobs.registry import JobContext, JobError, JobOutcome, job_kind
from semanggi.regions.selectors import region_get
from semanggi.reports.render import FORMATS
from semanggi.reports.services import (
    LANGUAGES,
    ReportFile,
    report_partnership_file,
    report_region_file,
    report_study_file,
)

KINDS = ("partnership", "region", "study")


def report_file(*, user: object, params: dict[str, object]) -> ReportFile | None:
    """The report ``params`` describe (kind, key, format, lang, year), as ``user`` may see
    it; None when it names nothing the user may see."""
    kind, key = str(params.get("kind", "")), str(params.get("key", ""))
    fmt, language = str(params.get("format", "pdf")), str(params.get("lang", "id"))
    if kind not in KINDS or fmt not in FORMATS or language not in LANGUAGES:
        return None
    if kind == "partnership":
        return report_partnership_file(user=user, slug=key, fmt=fmt, language=language)
    if kind == "region":
        year = params.get("year")
        return report_region_file(
            user=user,
            code=key,
            year=year if isinstance(year, int) else None,
            fmt=fmt,
            language=language,
        )
    study = study_get(principal=principal_for(user), pk=int(key)) if key.isdigit() else None
    return None if study is None else report_study_file(study=study, fmt=fmt, language=language)


def report_allowed(*, user: object, params: dict[str, object]) -> bool:
    """Whether ``params`` name a report ``user`` may have, checked without building it."""
    kind, key = str(params.get("kind", "")), str(params.get("key", ""))
    if kind not in KINDS or str(params.get("format", "")) not in FORMATS:
        return False
    principal = principal_for(user)
    if kind == "partnership":
        return partnerships_visible_to(principal).filter(slug=key).exists()
    if kind == "region":
        return region_get(key) is not None
    return key.isdigit() and study_get(principal=principal, pk=int(key)) is not None


@job_kind("report", Message("Laporan", "Report"))
def report(context: JobContext) -> JobOutcome:
    context.progress(10, Message("Mengumpulkan catatan", "Gathering the records"))
    found = report_file(user=context.actor, params=context.params)
    if found is None:
        raise JobError(
            Message(
                "Laporan ini tidak dapat dibuat: yang diminta tidak ada atau tak boleh Anda lihat",
                "This report cannot be made: what it names does not exist or is not yours to see",
            )
        )
    context.progress(100, Message("Laporan siap", "The report is ready"))
    return JobOutcome(
        summary=Message(f"Laporan {found.filename} siap", f"Report {found.filename} is ready"),
        result={"filename": found.filename, "bytes": len(found.content)},
        file=(found.filename, found.content),
    )


__all__ = ["KINDS", "report", "report_allowed", "report_file"]
