"""What the public may read of an assessment: labels, strengths, explanations and the records
behind them, without the coded evidence's excerpts, informants and source titles.

Pure functions over the core's values: the stored run keeps everything, and each reader gets
the view their access allows. ``keep`` names the coded segments (``segment:<id>``) a reader
may read in full: a study team's own, never another study's.
"""

from collections.abc import Collection, Iterable
from dataclasses import replace

from semanggi.core.assessment import Assessment, AssessmentDiff, IndicatorValue, Provenance
from semanggi.core.assessment.classify import Change, LabelAssessment
from semanggi.core.assessment.values import SOURCE_KINDS_ID, Conflict, ProvenanceKind
from semanggi.core.text import Message


def _is_record(item: Provenance) -> bool:
    return item.kind is ProvenanceKind.RECORD


def _citations(
    items: Iterable[Provenance], keep: Collection[str] = frozenset()
) -> list[tuple[str, str, str, str]]:
    """(full citation, public citation) in Indonesian then English, for every segment."""
    found = []
    for item in items:
        if _is_record(item) or item.reference in keep:
            continue
        kind = item.source_kind or ""
        found.append(
            (
                item.cite("id"),
                f"{item.reference} ({SOURCE_KINDS_ID.get(kind, kind)})",
                item.cite("en"),
                f"{item.reference} ({kind})",
            )
        )
    # Longest first, so that no citation is cut inside a longer one.
    return sorted(set(found), key=lambda row: -len(row[0]))


def _text(message: Message, citations: list[tuple[str, str, str, str]]) -> Message:
    indonesian, english = message.id, message.en
    for full_id, short_id, full_en, short_en in citations:
        indonesian = indonesian.replace(full_id, short_id)
        english = english.replace(full_en, short_en)
    return Message(indonesian, english)


def _conflict(
    conflict: Conflict, citations: list[tuple[str, str, str, str]], keep: Collection[str]
) -> Conflict:
    return replace(
        conflict,
        for_high=tuple(item for item in conflict.for_high if _shown(item, keep)),
        against_high=tuple(item for item in conflict.against_high if _shown(item, keep)),
        text=_text(conflict.text, citations),
    )


def _shown(item: Provenance, keep: Collection[str]) -> bool:
    return _is_record(item) or item.reference in keep


def _all_evidence(assessment: Assessment) -> list[Provenance]:
    items = [item for value in assessment.indicators for item in value.provenance]
    for label in assessment.labels():
        items.extend(label.supporting)
        items.extend(label.contradicting)
        for conflict in label.conflicts:
            items.extend(conflict.for_high)
            items.extend(conflict.against_high)
    return items


def _label(
    label: LabelAssessment, citations: list[tuple[str, str, str, str]], keep: Collection[str]
) -> LabelAssessment:
    return replace(
        label,
        explanation=_text(label.explanation, citations),
        supporting=tuple(item for item in label.supporting if _shown(item, keep)),
        contradicting=tuple(item for item in label.contradicting if _shown(item, keep)),
        conflicts=tuple(_conflict(conflict, citations, keep) for conflict in label.conflicts),
    )


def _indicator(
    value: IndicatorValue, citations: list[tuple[str, str, str, str]], keep: Collection[str]
) -> IndicatorValue:
    return replace(
        value,
        provenance=tuple(item for item in value.provenance if _shown(item, keep)),
        conflicts=tuple(_conflict(conflict, citations, keep) for conflict in value.conflicts),
    )


def evidence_references(assessment: Assessment) -> set[str]:
    """The coded segments an assessment cites (``segment:<id>``)."""
    return {item.reference for item in _all_evidence(assessment) if not _is_record(item)}


def public_assessment(assessment: Assessment, keep: Collection[str] = frozenset()) -> Assessment:
    """The assessment without excerpts, informant codes or source titles of the evidence,
    but for the segments in ``keep``, which stay whole."""
    citations = _citations(_all_evidence(assessment), keep)
    return replace(
        assessment,
        axes=tuple(
            replace(axis, labels=tuple(_label(label, citations, keep) for label in axis.labels))
            for axis in assessment.axes
        ),
        indicators=tuple(_indicator(value, citations, keep) for value in assessment.indicators),
    )


def public_changes(
    changes: AssessmentDiff, *assessments: Assessment, keep: Collection[str] = frozenset()
) -> AssessmentDiff:
    """The changes between two runs with their evidence citations shortened the same way."""
    citations = _citations((item for a in assessments for item in _all_evidence(a)), keep)
    return AssessmentDiff(
        tuple(replace(change, text=_text(change.text, citations)) for change in changes.changes)
    )


__all__ = ["Change", "evidence_references", "public_assessment", "public_changes"]
