"""What the public may read of an assessment: labels, strengths, explanations, the elements of
each definition and the records behind them, without the coded evidence's excerpts, informants
and source titles. The voices behind an element are counted, not named: an informant becomes
"informant 1", "informant 2" in the order they appear.

Pure functions over the core's values: the stored run keeps everything, and each reader gets
the view their access allows.
"""

from collections.abc import Iterable
from dataclasses import replace

from semanggi.core.assessment import Assessment, AssessmentDiff, IndicatorValue, Provenance
from semanggi.core.assessment.classify import Change, LabelAssessment
from semanggi.core.assessment.results import ElementResult, ReadingResult
from semanggi.core.assessment.values import SOURCE_KINDS_ID, Conflict, ProvenanceKind
from semanggi.core.text import Message


def _is_record(item: Provenance) -> bool:
    return item.kind is ProvenanceKind.RECORD


def _citations(items: Iterable[Provenance]) -> list[tuple[str, str, str, str]]:
    """(full citation, public citation) in Indonesian then English, for every segment."""
    found = []
    for item in items:
        if _is_record(item):
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


def _conflict(conflict: Conflict, citations: list[tuple[str, str, str, str]]) -> Conflict:
    return replace(
        conflict,
        for_high=tuple(item for item in conflict.for_high if _is_record(item)),
        against_high=tuple(item for item in conflict.against_high if _is_record(item)),
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
    element: ElementResult, citations: list[tuple[str, str, str, str]], names: dict[str, str]
) -> ElementResult:
    return replace(
        element,
        voices=_voices(element.voices, names),
        supporting=tuple(item for item in element.supporting if _is_record(item)),
        contradicting=tuple(item for item in element.contradicting if _is_record(item)),
        note=_text(element.note, citations) if element.note is not None else None,
    )


def _reading(
    reading: ReadingResult, citations: list[tuple[str, str, str, str]], names: dict[str, str]
) -> ReadingResult:
    return replace(
        reading,
        summary=_text(reading.summary, citations),
        elements=tuple(_element(e, citations, names) for e in reading.elements),
    )


def _label(label: LabelAssessment, citations: list[tuple[str, str, str, str]]) -> LabelAssessment:
    names: dict[str, str] = {}
    return replace(
        label,
        explanation=_text(label.explanation, citations),
        summary=_text(label.summary, citations),
        supporting=tuple(item for item in label.supporting if _is_record(item)),
        contradicting=tuple(item for item in label.contradicting if _is_record(item)),
        conflicts=tuple(_conflict(conflict, citations) for conflict in label.conflicts),
        elements=tuple(_element(element, citations, names) for element in label.elements),
        readings=tuple(_reading(reading, citations, names) for reading in label.readings),
    )


def _indicator(value: IndicatorValue, citations: list[tuple[str, str, str, str]]) -> IndicatorValue:
    return replace(
        value,
        provenance=tuple(item for item in value.provenance if _is_record(item)),
        conflicts=tuple(_conflict(conflict, citations) for conflict in value.conflicts),
    )


def public_assessment(assessment: Assessment) -> Assessment:
    """The assessment without excerpts, informant codes or source titles of the evidence."""
    citations = _citations(_all_evidence(assessment))
    return replace(
        assessment,
        axes=tuple(
            replace(axis, labels=tuple(_label(label, citations) for label in axis.labels))
            for axis in assessment.axes
        ),
        indicators=tuple(_indicator(value, citations) for value in assessment.indicators),
    )


def public_changes(changes: AssessmentDiff, *assessments: Assessment) -> AssessmentDiff:
    """The changes between two runs with their evidence citations shortened the same way."""
    citations = _citations(item for a in assessments for item in _all_evidence(a))
    return AssessmentDiff(
        tuple(replace(change, text=_text(change.text, citations)) for change in changes.changes)
    )


__all__ = ["Change", "public_assessment", "public_changes"]
