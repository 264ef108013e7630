"""Classify a partnership under a framework: every label of every axis, as the elements of
its published definition.

Each label lists its definition's elements; each element is met, not met, or not enough
evidence, with the indicators and evidence behind it. The label's strength follows its score
capped by the sufficiency of its evidence; within an axis the labels are ranked and the
dominant one named with the reason. A named reading the evaluator chose (a study's own
operationalisation) is computed beside the definition's result, never instead of it. An
analyst confirms; the assessment only argues.
"""

from collections.abc import Mapping

from semanggi.core.assessment.diff import AssessmentDiff, Change, diff
from semanggi.core.assessment.dominance import rank_axis
from semanggi.core.assessment.elements import combine_elements, evaluate_element
from semanggi.core.assessment.explain import explain, summarise, unique
from semanggi.core.assessment.frameworks import Element, Framework, Label, NamedReading
from semanggi.core.assessment.indicators import NAMES, compute_indicators
from semanggi.core.assessment.inputs import Case
from semanggi.core.assessment.results import (
    NO_EVIDENCE,
    Assessment,
    AxisAssessment,
    ElementResult,
    ElementStatus,
    LabelAssessment,
    ReadingResult,
    TermResult,
)
from semanggi.core.assessment.tally import rounded, usable_evidence
from semanggi.core.assessment.values import Conflict, IndicatorValue, Missing
from semanggi.core.text import Message

__all__ = [
    "NO_EVIDENCE",
    "Assessment",
    "AssessmentDiff",
    "AxisAssessment",
    "Change",
    "LabelAssessment",
    "TermResult",
    "assess",
    "diff",
]


def _element_gap(element: ElementResult) -> Missing:
    codes = ", ".join(element.indicators)
    names_id = ", ".join(NAMES[code].id for code in element.indicators)
    names_en = ", ".join(NAMES[code].en for code in element.indicators)
    return Missing(
        indicator=element.indicators[0],
        text=Message(
            f"unsur '{element.name.id}' belum ada buktinya ({codes}: {names_id})",
            f"element '{element.name.en}' has no evidence ({codes}: {names_en})",
        ),
    )


def _elements(
    elements: tuple[Element, ...], values: Mapping[str, IndicatorValue]
) -> tuple[ElementResult, ...]:
    return tuple(evaluate_element(element, values) for element in elements)


def _reading(
    reading: NamedReading, framework: Framework, values: Mapping[str, IndicatorValue]
) -> ReadingResult:
    elements = _elements(reading.elements, values)
    score, _, sufficiency, strength = combine_elements(elements, framework)
    level = framework.level(strength) if score is not None else NO_EVIDENCE
    return ReadingResult(
        id=reading.id,
        name=reading.name,
        source=reading.source,
        score=score,
        strength=strength,
        level=level,
        sufficiency=sufficiency,
        elements=elements,
        summary=summarise(reading.name, level, elements, sufficiency),
    )


def _assess_label(
    axis_id: str,
    label: Label,
    framework: Framework,
    case: Case,
    values: Mapping[str, IndicatorValue],
) -> LabelAssessment:
    elements = _elements(label.elements, values)
    score, confidence, sufficiency, strength = combine_elements(elements, framework)
    terms = tuple(term for element in elements for term in element.terms)
    conflicts: list[Conflict] = []
    for term in terms:
        if term.value is not None and term.facet is None:
            conflicts.extend(values[term.indicator].conflicts)
    gaps: list[Missing] = []
    for element in elements:
        if element.status is ElementStatus.NOT_ENOUGH:
            gaps.append(_element_gap(element))
        gaps.extend(element.missing)
    supporting = unique(item for element in elements for item in element.supporting)
    contradicting = unique(item for element in elements for item in element.contradicting)
    shown_conflicts, missing = unique(conflicts), unique(gaps)
    level = framework.level(strength) if score is not None else NO_EVIDENCE
    readings = tuple(
        _reading(reading, framework, values)
        for reading in label.readings
        if reading.id in case.readings
    )
    return LabelAssessment(
        axis_id=axis_id,
        label_id=label.id,
        name=label.name,
        score=score,
        strength=strength,
        level=level,
        confidence=confidence,
        explanation=explain(
            label,
            framework,
            case,
            score=score,
            confidence=confidence,
            terms=terms,
            strength=strength,
            supporting=supporting,
            contradicting=contradicting,
            conflicts=shown_conflicts,
            missing=missing,
            elements=elements,
            sufficiency=sufficiency,
        ),
        terms=terms,
        supporting=supporting,
        contradicting=contradicting,
        conflicts=shown_conflicts,
        missing=missing,
        elements=elements,
        sufficiency=sufficiency,
        weight=rounded((score or 0.0) * confidence),
        summary=summarise(label.name, level, elements, sufficiency),
        readings=readings,
    )


def _notes(case: Case) -> tuple[Message, ...]:
    notes = []
    illustrative = [item for item in case.evidence if item.illustrative]
    if illustrative and case.exclude_illustrative:
        notes.append(
            Message(
                f"{len(illustrative)} segmen ilustratif tidak diperhitungkan, atas pilihan penilai",
                f"{len(illustrative)} illustrative segment(s) left out, as the evaluator chose",
            )
        )
    elif illustrative:
        notes.append(
            Message(
                f"{len(illustrative)} segmen ilustratif ikut diperhitungkan; penilai dapat "
                "mengecualikannya",
                f"{len(illustrative)} illustrative segment(s) counted; the evaluator can "
                "leave them out",
            )
        )
    counted = usable_evidence(case)
    repeated = (
        len(case.evidence) - len(counted) - (len(illustrative) if case.exclude_illustrative else 0)
    )
    if repeated > 0:
        notes.append(
            Message(
                f"{repeated} segmen yang dikodekan dua kali dihitung sekali",
                f"{repeated} segment(s) coded twice counted once",
            )
        )
    return tuple(notes)


# The indicators of the last few cases, by identity (kept alive with the case, so that an
# identity is never reused while cached): a case assessed against several frameworks in a
# row is read once.
_VALUES: dict[int, tuple[Case, dict[str, IndicatorValue]]] = {}
_VALUES_SIZE = 8


def _indicators(case: Case) -> dict[str, IndicatorValue]:
    known = _VALUES.get(id(case))
    if known is not None and known[0] is case:
        return known[1]
    values = compute_indicators(case)
    if len(_VALUES) >= _VALUES_SIZE:
        _VALUES.clear()
    _VALUES[id(case)] = (case, values)
    return values


def assess(case: Case, framework: Framework) -> Assessment:
    """Score every label of every axis of ``framework`` for ``case``.

    Deterministic: the same case and framework give an equal Assessment, whatever the order
    of the coded segments.
    """
    values = _indicators(case)
    axes = []
    for axis in framework.axes:
        labels = tuple(
            _assess_label(axis.id, label, framework, case, values) for label in axis.labels
        )
        ranked, dominant, dominance = rank_axis(labels, framework)
        axes.append(
            AxisAssessment(
                id=axis.id,
                title=axis.title,
                labels=ranked,
                dominant=dominant,
                dominance=dominance,
            )
        )
    offered = {reading.id for reading in framework.readings()}
    return Assessment(
        case_id=case.id,
        framework_id=framework.id,
        framework_version=framework.version,
        axes=tuple(axes),
        indicators=tuple(values.values()),
        notes=_notes(case),
        readings=tuple(reading for reading in case.readings if reading in offered),
    )
