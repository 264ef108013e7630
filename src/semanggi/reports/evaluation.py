"""The evaluation report of a study, shaped like the findings chapter of a thesis: question,
method as recorded, codebook, data displays, findings with their quotes and triangulation, the
assessment label by label, and a methods appendix.

For the study team only. Informants appear by code and role label; their real names and
contacts are never read (the selectors defer them), and withdrawn informants' material is left
out, with a line saying how much.
"""

from django.db.models import Count
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from semanggi.assessment.overview import assessment_overview
from semanggi.evidence import displays
from semanggi.evidence.models import SourceKind, Study
from semanggi.evidence.selectors import (
    code_tree,
    exclusion,
    finding_rows,
    informant_list,
    segments_by_id,
    source_list,
)
from semanggi.reports.common import DASH, day, generated_line, say
from semanggi.reports.document import (
    Bullets,
    Facts,
    Note,
    Paragraph,
    Report,
    Section,
    Table,
)

QUOTE = 300
# The same words as the evidence pages use for a finding's triangulation.
STATUS_LABELS = {
    "triangulated": gettext_lazy("triangulated"),
    "single-source": gettext_lazy("single-source"),
    "contested": gettext_lazy("contested"),
    "unsupported": gettext_lazy("unsupported"),
}


def _matrix(matrix: displays.Matrix) -> Table:
    headers, rows = matrix.table()
    return Table(
        caption=matrix.title,
        headers=tuple(str(h) for h in headers),
        rows=tuple(tuple(str(value) for value in row) for row in rows),
        numeric=tuple(range(1, len(headers))),
        empty=_("Nothing coded yet."),
    )


def _quote(segment: object) -> str:
    snippet = getattr(segment, "snippet", "") or ""
    source = segment.source  # type: ignore[attr-defined]
    voices = ", ".join(f"{i.code} ({i.label})" for i in source.informants.all())
    text = snippet if len(snippet) <= QUOTE else snippet[:QUOTE] + "…"
    return f"“{text}” — {voices or source.title} [{source.get_kind_display()}]"


def _method(study: Study) -> Section:
    informants = list(informant_list(study=study))
    sources = list(source_list(study=study))
    by_kind = {kind: 0 for kind, _label in SourceKind.choices}
    for source in sources:
        by_kind[source.kind] = by_kind.get(source.kind, 0) + 1
    return Section(
        heading=_("Method"),
        blocks=(
            Table(
                caption=_("Informants (by code and role; names are never shown)"),
                headers=(_("Code"), _("Role"), _("Party"), _("Sampling"), _("Referred by")),
                rows=tuple(
                    (
                        i.code,
                        i.label,
                        i.party.organisation.name if i.party else DASH,
                        str(i.get_sampling_display()),
                        i.referred_by.code if i.referred_by else DASH,
                    )
                    for i in informants
                    if i.consent_withdrawn_on is None
                ),
                empty=_("No informant recorded."),
            ),
            Table(
                caption=_("Sources by kind"),
                headers=(_("Kind"), _("Sources")),
                numeric=(1,),
                rows=tuple(
                    (str(label), str(by_kind.get(kind, 0))) for kind, label in SourceKind.choices
                ),
            ),
            Facts(
                (
                    (_("Informants needed"), str(study.min_informants)),
                    (_("Kinds of source needed"), str(study.min_source_kinds)),
                    (_("Sources needed"), str(study.min_sources)),
                    (_("Parties needed (where parties are involved)"), str(study.min_parties)),
                )
            ),
            Paragraph(
                _(
                    "A finding is triangulated when its supporting evidence meets every number "
                    "above; the analysis follows data reduction (coding), data display (the "
                    "matrices below) and conclusion drawing with verification."
                )
            ),
        ),
    )


def _codebook(study: Study) -> Section:
    rows = code_tree(study=study)
    return Section(
        heading=_("Codebook"),
        blocks=(
            Table(
                headers=(_("Code"), _("Description"), _("Segments")),
                numeric=(2,),
                rows=tuple(
                    (
                        "  " * row.depth + row.code.name,
                        row.code.description or DASH,
                        str(row.segments),
                    )
                    for row in rows
                ),
                empty=_("No code yet."),
            ),
        ),
    )


def _findings(study: Study) -> Section:
    rows = finding_rows(study=study)
    excluded = {item.segment_id for row in rows for item in row.result.excluded}
    wanted = {s for row in rows for s in (*row.supporting, *row.contradicting)} - excluded
    segments = segments_by_id(study=study, ids=wanted)
    subsections = []
    for index, row in enumerate(rows, start=1):
        finding = row.finding
        status = str(row.result.status.value)
        reasons = [
            r.english if get_language() == "en" else r.indonesian for r in row.result.reasons
        ]
        blocks: list[Paragraph | Bullets | Facts | Note] = [
            Facts(
                (
                    (_("Triangulation"), str(STATUS_LABELS.get(status, status))),
                    (
                        _("Supporting evidence"),
                        _(
                            "%(segments)s segments, %(informants)s informants, %(kinds)s kinds of "
                            "source"
                        )
                        % {
                            "segments": row.result.supporting.segments,
                            "informants": row.result.supporting.informants,
                            "kinds": row.result.supporting.source_kinds,
                        },
                    ),
                    (_("Verified"), day(finding.verified_at) if finding.verified_at else _("no")),
                )
            )
        ]
        if reasons:
            blocks.append(Bullets(tuple(reasons)))
        quotes_for = [_quote(segments[s]) for s in row.supporting if s in segments]
        quotes_against = [_quote(segments[s]) for s in row.contradicting if s in segments]
        if quotes_for:
            blocks.append(Paragraph(_("Supporting:")))
            blocks.append(Bullets(tuple(quotes_for)))
        if quotes_against:
            blocks.append(Paragraph(_("Contradicting:")))
            blocks.append(Bullets(tuple(quotes_against)))
        statement = (
            finding.statement_en
            if get_language() == "en" and finding.statement_en
            else finding.statement
        )
        subsections.append(
            Section(heading=f"{_('Finding')} {index}. {statement}", blocks=tuple(blocks))
        )
    return Section(
        heading=_("Findings"),
        blocks=() if rows else (Paragraph(_("No finding recorded yet."), muted=True),),
        subsections=tuple(subsections),
    )


def _assessment(study: Study) -> Section:
    subsections = []
    for partnership in study.partnerships.all():
        overview = assessment_overview(partnership=partnership, evidence_visible=True, live=True)
        if overview is None:
            continue
        for view in overview.frameworks:
            blocks: list[Table | Paragraph] = []
            for axis in view.axes:
                blocks.append(
                    Table(
                        caption=say(axis.axis.title),
                        headers=(_("Label"), _("Strength"), _("Why"), _("Evidence")),
                        rows=tuple(
                            (
                                say(label.label.name),
                                say(label.label.level)
                                + (
                                    f" ({label.label.score:.2f})"
                                    if label.label.score is not None
                                    else ""
                                ),
                                say(label.label.explanation),
                                _("%(f)s for, %(a)s against")
                                % {"f": label.count_for, "a": label.count_against},
                            )
                            for label in axis.labels
                        ),
                    )
                )
            subsections.append(
                Section(
                    heading=f"{partnership.localized('title')} · {say(view.framework.title)}",
                    blocks=tuple(blocks),
                )
            )
    return Section(
        heading=_("Assessment of the partnership model"),
        blocks=()
        if subsections
        else (Paragraph(_("The study covers no partnership with parties yet."), muted=True),),
        subsections=tuple(subsections),
    )


def _displays(study: Study) -> Section:
    return Section(
        heading=_("Data displays"),
        blocks=(
            _matrix(displays.code_informant(study=study)),
            _matrix(displays.code_kind(study=study)),
            _matrix(displays.code_party(study=study)),
            _matrix(displays.party_function(study=study)),
        ),
    )


def evaluation_report(*, study: Study) -> Report:
    """The study's evaluation report in the active language. The caller has checked that the
    reader is on the study team."""
    left_out = exclusion(study=study)
    counts = study.sources.aggregate(n=Count("pk"))
    notes = [
        Note(
            _("Informants appear by code and role label only; their names are personal data."),
            kind="privacy",
        )
    ]
    if left_out.informants:
        notes.append(
            Note(
                _(
                    "Left out because consent was withdrawn: %(who)s (%(s)s sources, %(g)s "
                    "segments)."
                )
                % {
                    "who": ", ".join(left_out.informants),
                    "s": left_out.sources,
                    "g": left_out.segments,
                },
                kind="warning",
            )
        )
    return Report(
        slug=f"study-{study.pk}-evaluation",
        title=study.title,
        subtitle=_("Evaluation report"),
        language=get_language() or "id",
        meta=(
            (_("Status"), str(study.get_status_display())),
            (_("Partnerships"), "; ".join(p.localized("title") for p in study.partnerships.all())),
            (_("Sources"), str(counts["n"])),
        ),
        sections=(
            Section(
                heading=_("Research question"),
                blocks=(Paragraph(study.research_questions or DASH), *notes),
            ),
            _method(study),
            _codebook(study),
            _displays(study),
            _findings(study),
            _assessment(study),
            Section(
                heading=_("Appendix: method"),
                blocks=(
                    Paragraph(
                        _(
                            "Sampling: purposive (chosen for their role), snowball (referred by "
                            "an earlier informant, shown in the informants table) and accidental "
                            "(met in the field). Sources: interview transcripts, documents, "
                            "observation and field notes. Validation by source triangulation "
                            "under the study's rule. Analysis by the interactive model: data "
                            "reduction, data display, conclusion drawing and verification."
                        )
                    ),
                ),
            ),
        ),
        footer=generated_line(),
    )
