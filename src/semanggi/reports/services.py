"""Reports as files: the one place that picks the builder, the language and the format."""

from dataclasses import dataclass

from django.utils import translation

from semanggi.evidence.models import Study
from semanggi.reports.document import Report
from semanggi.reports.evaluation import evaluation_report
from semanggi.reports.partnership import partnership_report
from semanggi.reports.regional import regional_report
from semanggi.reports.render import CONTENT_TYPES, FORMATS, report_render

LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    content_type: str
    filename: str


def _file(report: Report, fmt: str, language: str) -> ReportFile:
    return ReportFile(
        content=report_render(report, fmt),
        content_type=CONTENT_TYPES[fmt],
        filename=f"{report.slug}-{language}.{fmt}",
    )


def report_partnership_file(
    *, user: object, slug: str, fmt: str, language: str
) -> ReportFile | None:
    """The partnership report the user may see, or None when the partnership is hidden."""
    assert fmt in FORMATS and language in LANGUAGES
    with translation.override(language):
        report = partnership_report(user=user, slug=slug)
        return None if report is None else _file(report, fmt, language)


def report_region_file(
    *, user: object, code: str, year: int | None, fmt: str, language: str
) -> ReportFile | None:
    assert fmt in FORMATS and language in LANGUAGES
    with translation.override(language):
        report = regional_report(user=user, code=code, year=year)
        return None if report is None else _file(report, fmt, language)


def report_study_file(*, study: Study, fmt: str, language: str) -> ReportFile:
    """The caller has checked that the reader is on the study's team."""
    assert fmt in FORMATS and language in LANGUAGES
    with translation.override(language):
        return _file(evaluation_report(study=study), fmt, language)
