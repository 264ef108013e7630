"""What the partnership page and the API show of an assessment, built once for both.

``assessment_overview`` reads the latest assessment per framework (``assessment_current``),
the evaluator's decisions and their history, and gives each label its decision and its
evidence split into records and coded segments. Readers outside the study team get the
public view (``semanggi.assessment.redact``): no excerpts, informant codes or source titles.
The caller decides which view the reader may have.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from semanggi.assessment.models import AssessmentRun, LabelDecision
from semanggi.assessment.redact import evidence_references, public_assessment, public_changes
from semanggi.assessment.selectors import (
    assessment_current,
    label_decision_history,
    label_decisions,
)
from semanggi.assessment.serialize import assessment_from_json
from semanggi.core.assessment import (
    Assessment,
    AssessmentDiff,
    Framework,
    Provenance,
    available_frameworks,
)
from semanggi.core.assessment.classify import AxisAssessment, LabelAssessment
from semanggi.core.assessment.values import ProvenanceKind
from semanggi.evidence.models import Segment
from semanggi.partnerships.models import Partnership

# The typology of the source study first; the other frameworks after it.
PREFERRED_ORDER = ("sulistiyani-life", "sulistiyani-development")


def frameworks_in_order(framework_ids: tuple[str, ...]) -> tuple[str, ...]:
    first = tuple(f for f in PREFERRED_ORDER if f in framework_ids)
    return first + tuple(f for f in framework_ids if f not in first)


def is_illustrative(item: Provenance) -> bool:
    """Evidence whose source or study is marked illustrative (written as an example)."""
    return item.kind is ProvenanceKind.EVIDENCE and item.illustrative


@dataclass(frozen=True)
class EvidenceRow:
    """One line of a label's evidence table: a record or a coded segment, for or against."""

    side: str  # "for" | "against"
    item: Provenance

    @property
    def is_record(self) -> bool:
        return self.item.kind is ProvenanceKind.RECORD


@dataclass(frozen=True)
class LabelView:
    framework_id: str
    label: LabelAssessment
    decision: LabelDecision | None
    # The decision was taken on a proposal that has changed since (strength or score).
    stale: bool
    records_for: tuple[Provenance, ...]
    segments_for: tuple[Provenance, ...]
    records_against: tuple[Provenance, ...]
    segments_against: tuple[Provenance, ...]

    @property
    def count_for(self) -> int:
        return len(self.records_for) + len(self.segments_for)

    @property
    def count_against(self) -> int:
        return len(self.records_against) + len(self.segments_against)

    @property
    def key(self) -> str:
        return f"{self.framework_id}-{self.label.axis_id}-{self.label.label_id}"

    @property
    def headline_strength(self) -> str:
        """The evaluator's decision where there is one, else the proposal."""
        return self.decision.strength if self.decision is not None else str(self.label.strength)

    @property
    def evidence(self) -> tuple[EvidenceRow, ...]:
        rows = [EvidenceRow("for", item) for item in self.records_for + self.segments_for]
        rows += [EvidenceRow("against", item) for item in self.records_against]
        rows += [EvidenceRow("against", item) for item in self.segments_against]
        return tuple(rows)


@dataclass(frozen=True)
class AxisView:
    axis: AxisAssessment
    labels: tuple[LabelView, ...]


@dataclass(frozen=True)
class FrameworkView:
    framework: Framework
    assessment: Assessment
    run: AssessmentRun | None
    previous: AssessmentRun | None
    changes: AssessmentDiff | None
    axes: tuple[AxisView, ...]


@dataclass(frozen=True)
class Overview:
    frameworks: tuple[FrameworkView, ...]
    evidence_visible: bool
    illustrative: bool
    history: tuple[Any, ...]
    # The study of each cited segment (by reference, "segment:12"), for links; study team only.
    segment_studies: dict[str, int] = field(default_factory=dict)


def _segment_studies(views: list[FrameworkView]) -> dict[str, int]:
    """The study of every segment the labels cite (one query)."""
    from semanggi.evidence.models import Segment

    references = {
        item.reference
        for view in views
        for label in view.assessment.labels()
        for item in label.supporting + label.contradicting
        if item.kind is ProvenanceKind.EVIDENCE and item.reference.startswith("segment:")
    }
    ids = [int(ref.split(":", 1)[1]) for ref in references if ref.split(":", 1)[1].isdigit()]
    if not ids:
        return {}
    return {
        f"segment:{pk}": study_id
        for pk, study_id in Segment.objects.filter(pk__in=ids).values_list("pk", "source__study_id")
    }


def _split(items: tuple[Provenance, ...]) -> tuple[tuple[Provenance, ...], tuple[Provenance, ...]]:
    records = tuple(item for item in items if item.kind is ProvenanceKind.RECORD)
    segments = tuple(item for item in items if item.kind is ProvenanceKind.EVIDENCE)
    return records, segments


def own_segments(assessments: list[Assessment], study_ids: Collection[int]) -> set[str]:
    """The segments cited by ``assessments`` that were coded in one of ``study_ids`` (one
    query): what a study team reads whole."""
    cited = set().union(*(evidence_references(a) for a in assessments)) if assessments else set()
    ids = [int(ref.split(":", 1)[1]) for ref in cited if ref.split(":", 1)[1].isdigit()]
    if not ids or not study_ids:
        return set()
    return {
        f"segment:{pk}"
        for pk in Segment.objects.filter(
            pk__in=ids, source__study_id__in=sorted(study_ids)
        ).values_list("pk", flat=True)
    }


def assessment_overview(
    *,
    partnership: Partnership,
    evidence_visible: bool,
    evidence_studies: Collection[int] | None = None,
    framework_ids: tuple[str, ...] | list[str] | None = None,
    live: bool = True,
    readings: tuple[str, ...] | None = None,
    exclude_illustrative: bool | None = None,
) -> Overview | None:
    """The partnership's assessment for one reader; None when it has no party to assess.
    With ``live`` false only stored runs are shown (no framework when none was run).
    ``readings`` and ``exclude_illustrative``, when given, are the evaluator's choices for an
    assessment computed now instead of the stored run.

    ``evidence_visible`` readers (a study team) read the coded evidence of the studies in
    ``evidence_studies`` in full (their own; ``None``: every study, for administrators);
    the evidence of other studies of the same partnership they read as the public does."""
    current = assessment_current(
        partnership=partnership,
        framework_ids=tuple(framework_ids or frameworks_in_order(available_frameworks())),
        live=live,
        readings=readings,
        exclude_illustrative=exclude_illustrative,
    )
    if current is None:
        return None
    # The run before each shown one: its citations appear in the changes' texts.
    earlier = {
        entry.framework.id: assessment_from_json(entry.previous.result)
        for entry in current
        if entry.previous is not None and entry.changes is not None
    }
    keep: set[str] | None = None  # None: everything whole
    if not evidence_visible:
        keep = set()
    elif evidence_studies is not None:
        keep = own_segments(
            [entry.assessment for entry in current] + list(earlier.values()), evidence_studies
        )
    decisions = label_decisions(partnership=partnership)
    illustrative = False
    views = []
    for entry in current:
        assessment, changes = entry.assessment, entry.changes
        illustrative = illustrative or any(
            is_illustrative(item)
            for label in assessment.labels()
            for item in label.supporting + label.contradicting
        )
        if keep is not None:
            shown = public_assessment(assessment, keep)
            changes = (
                public_changes(
                    changes,
                    assessment,
                    *([earlier[entry.framework.id]] if entry.framework.id in earlier else []),
                    keep=keep,
                )
                if changes is not None
                else None
            )
            assessment = shown
        axes = []
        for axis in assessment.axes:
            rows = []
            for label in axis.labels:
                decision = decisions.get((entry.framework.id, label.axis_id, label.label_id))
                stale = decision is not None and (
                    decision.proposed_strength != str(label.strength)
                    or decision.proposed_score != label.score
                )
                records_for, segments_for = _split(label.supporting)
                records_against, segments_against = _split(label.contradicting)
                rows.append(
                    LabelView(
                        entry.framework.id,
                        label,
                        decision,
                        stale,
                        records_for,
                        segments_for,
                        records_against,
                        segments_against,
                    )
                )
            axes.append(AxisView(axis, tuple(rows)))
        views.append(
            FrameworkView(
                entry.framework, assessment, entry.run, entry.previous, changes, tuple(axes)
            )
        )
    return Overview(
        frameworks=tuple(views),
        evidence_visible=evidence_visible,
        illustrative=illustrative,
        history=tuple(label_decision_history(partnership=partnership)),
        segment_studies=_segment_studies(views) if evidence_visible else {},
    )
