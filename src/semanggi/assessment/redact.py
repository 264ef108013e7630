"""What a reader may read of an assessment: labels, strengths, explanations, the elements of
each definition and the records behind them; the coded evidence's excerpts, informants and
source titles only for the segments the reader may read in full.

Pure functions over the core's values: the stored run keeps everything, and each reader gets
the view their access allows. ``keep`` names the coded segments (``segment:<id>``) a reader
may read in full: a study team's own, never another study's (the public: none). The voices
behind an element are counted, not named: an informant becomes "informant:1", "informant:2"
in the order they appear.
"""

from collections.abc import Collection, Iterable
from dataclasses import replace

from semanggi.core.assessment import Assessment, AssessmentDiff, IndicatorValue, Provenance
from semanggi.core.assessment.classify import Change, LabelAssessment
from semanggi.core.assessment.results import ElementResult, ReadingResult
from semanggi.core.assessment.values import SOURCE_KINDS_ID, Conflict, ProvenanceKind
from semanggi.core.text import Message

Citations = list[tuple[str, str, str, str]]


def _is_record(item: Provenance) -> bool:
    return item.kind is ProvenanceKind.RECORD


def _shown(item: Provenance, keep: Collection[str]) -> bool:
    return _is_record(item) or item.reference in keep


def _citations(items: Iterable[Provenance], keep: Collection[str] = frozenset()) -> Citations:
    """(full citation, public citation) in Indonesian then English, for every segment that is
    not kept whole."""
    found = []
    for item in items:
        if _shown(item, keep):
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


def _text(message: Message, citations: Citations) -> Message:
    indonesian, english = message.id, message.en
    for full_id, short_id, full_en, short_en in citations:
        indonesian = indonesian.replace(full_id, short_id)
        english = english.replace(full_en, short_en)
    return Message(indonesian, english)


def _kept(items: tuple[Provenance, ...], keep: Collection[str]) -> tuple[Provenance, ...]:
    return tuple(item for item in items if _shown(item, keep))


def _conflict(conflict: Conflict, citations: Citations, keep: Collection[str]) -> Conflict:
    return replace(
        conflict,
        for_high=_kept(conflict.for_high, keep),
        against_high=_kept(conflict.against_high, keep),
        text=_text(conflict.text, citations),
    )


def _all_evidence(assessment: Assessment) -> list[Provenance]:
    items = [item for value in assessment.indicators for item in value.provenance]
    for label in assessment.labels():
        items.extend(label.supporting)
        items.extend(label.contradicting)
        for element in label.elements + tuple(
            e for reading in label.readings for e in reading.elements
        ):
            items.extend(element.supporting)
            items.extend(element.contradicting)
        for conflict in label.conflicts:
            items.extend(conflict.for_high)
            items.extend(conflict.against_high)
    return items


def _voices(voices: tuple[str, ...], names: dict[str, str]) -> tuple[str, ...]:
    """Informants and sources counted, not named."""
    shown = []
    for voice in voices:
        kind = voice.split(":", 1)[0]
        if kind in ("informant", "source"):
            shown.append(
                names.setdefault(voice, f"{kind}:{sum(k.startswith(kind) for k in names) + 1}")
            )
        else:
            shown.append(voice)
    return tuple(shown)


def _element(
    element: ElementResult, citations: Citations, names: dict[str, str], keep: Collection[str]
) -> ElementResult:
    return replace(
        element,
        voices=_voices(element.voices, names),
        supporting=_kept(element.supporting, keep),
        contradicting=_kept(element.contradicting, keep),
        note=_text(element.note, citations) if element.note is not None else None,
    )


def _reading(
    reading: ReadingResult, citations: Citations, names: dict[str, str], keep: Collection[str]
) -> ReadingResult:
    return replace(
        reading,
        summary=_text(reading.summary, citations),
        elements=tuple(_element(e, citations, names, keep) for e in reading.elements),
    )


def _label(label: LabelAssessment, citations: Citations, keep: Collection[str]) -> LabelAssessment:
    names: dict[str, str] = {}
    return replace(
        label,
        explanation=_text(label.explanation, citations),
        summary=_text(label.summary, citations),
        supporting=_kept(label.supporting, keep),
        contradicting=_kept(label.contradicting, keep),
        conflicts=tuple(_conflict(conflict, citations, keep) for conflict in label.conflicts),
        elements=tuple(_element(e, citations, names, keep) for e in label.elements),
        readings=tuple(_reading(r, citations, names, keep) for r in label.readings),
    )


def _indicator(
    value: IndicatorValue, citations: Citations, keep: Collection[str]
) -> IndicatorValue:
    return replace(
        value,
        provenance=_kept(value.provenance, keep),
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
