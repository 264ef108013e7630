"""Assess a partnership against a framework, and say what changed between two assessments.

Every label of every axis is scored on its own: labels on one axis do not exclude each other
(the source study finds pseudo, mutualism and conjugation in the same partnership). A label
comes with its strength, an explanation in Indonesian and English citing the indicators and
the segments, the records and segments for and against it, the conflicts among them, and the
evidence still missing. An analyst confirms; the assessment only argues.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from semanggi.core.assessment.explain import explain, unique
from semanggi.core.assessment.frameworks import (
    Aggregate,
    Combine,
    Framework,
    Label,
    Reading,
    Rule,
    Term,
)
from semanggi.core.assessment.indicators import NAMES, compute_indicators
from semanggi.core.assessment.inputs import Case
from semanggi.core.assessment.results import (
    NO_EVIDENCE,
    Assessment,
    AxisAssessment,
    LabelAssessment,
    TermResult,
)
from semanggi.core.assessment.tally import RECORD_CONFIDENCE, lean, rounded
from semanggi.core.assessment.values import (
    Conflict,
    IndicatorValue,
    Missing,
    Provenance,
    ProvenanceKind,
)
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


@dataclass(frozen=True)
class _Outcome:
    score: float | None
    confidence: float
    terms: tuple[TermResult, ...]
    missing: tuple[Missing, ...]


def _facet_missing(term: Term) -> Missing:
    name = NAMES[term.indicator]
    return Missing(
        indicator=term.indicator,
        facet=term.facet,
        text=Message(
            id=f"belum ada catatan tentang {term.indicator} ({name.id}) untuk {term.facet}",
            en=f"no records on {term.indicator} ({name.en}) for {term.facet}",
        ),
    )


def _read(term: Term, value: IndicatorValue) -> _Outcome:
    party_id = None
    missing: tuple[Missing, ...] = ()
    if term.facet is not None:
        facet = value.facet(term.facet)
        read = facet.value if facet else None
        confidence = RECORD_CONFIDENCE if read is not None else 0.0
        if read is None:
            missing = (_facet_missing(term),)
    elif term.aggregate is Aggregate.VALUE:
        read, confidence = value.value, value.confidence
        if read is None:
            missing = value.missing
    else:
        # Lowest and highest party speak for every party: one party without evidence
        # leaves the term unread rather than read from the others.
        known = [entry for entry in value.per_party if entry.value is not None]
        if len(known) < len(value.per_party) or not known:
            read, confidence = None, 0.0
            missing = value.missing
        else:
            pick = min if term.aggregate is Aggregate.LOWEST_PARTY else max
            chosen = pick(known, key=lambda entry: entry.value or 0.0)
            read, confidence, party_id = chosen.value, chosen.confidence, chosen.party_id
    score = None
    if read is not None:
        score = read if term.reading is Reading.HIGH else rounded(1 - read)
    result = TermResult(
        indicator=term.indicator,
        reading=term.reading,
        aggregate=term.aggregate,
        facet=term.facet,
        weight=term.weight,
        party_id=party_id,
        value=read,
        score=score,
        confidence=confidence,
    )
    return _Outcome(score, confidence, (result,), missing)


def _evaluate(rule: Rule, values: Mapping[str, IndicatorValue]) -> _Outcome:
    outcomes = [
        (
            _read(part, values[part.indicator])
            if isinstance(part, Term)
            else _evaluate(part, values),
            part.weight,
        )
        for part in rule.terms
    ]
    terms = tuple(term for outcome, _ in outcomes for term in outcome.terms)
    missing = tuple(item for outcome, _ in outcomes for item in outcome.missing)
    known = [(outcome, weight) for outcome, weight in outcomes if outcome.score is not None]
    known_weight = math.fsum(weight for _, weight in known)
    total_weight = math.fsum(weight for _, weight in outcomes)
    if not known or known_weight == 0:
        return _Outcome(None, 0.0, terms, missing)
    scores = [outcome.score or 0.0 for outcome, _ in known]
    if rule.combine is Combine.ALL:
        score = min(scores)
    elif rule.combine is Combine.ANY:
        score = max(scores)
    else:
        score = math.fsum((o.score or 0.0) * w for o, w in known) / known_weight
    confidence = math.fsum(o.confidence * w for o, w in known) / known_weight
    confidence *= known_weight / total_weight
    return _Outcome(rounded(score), rounded(confidence), terms, missing)


def _in_scope(term: TermResult, item: Provenance) -> bool:
    # A facet is read from its own records; the other readings (lowest or highest party
    # included, since they compare every party) rest on all of the indicator's provenance.
    if term.facet is not None:
        return item.kind is ProvenanceKind.RECORD and item.facet == term.facet
    return True


def _assess_label(
    axis_id: str,
    label: Label,
    framework: Framework,
    case: Case,
    values: Mapping[str, IndicatorValue],
) -> LabelAssessment:
    outcome = _evaluate(label.rule, values)
    supporting: list[Provenance] = []
    contradicting: list[Provenance] = []
    conflicts: list[Conflict] = []
    for term in outcome.terms:
        if term.value is None:
            continue
        indicator = values[term.indicator]
        sign = 1 if term.reading is Reading.HIGH else -1
        for item in indicator.provenance:
            if not _in_scope(term, item):
                continue
            # A facet's records only make sense together (one party's record of planning is
            # one-sided planning), so they lean the way the facet's support does.
            facet_stance = lean(term.score or 0.0)
            stance = facet_stance if term.facet is not None else sign * item.direction
            if stance > 0:
                supporting.append(item)
            elif stance < 0:
                contradicting.append(item)
        if term.facet is None:
            conflicts.extend(indicator.conflicts)
    strength = framework.thresholds.strength_of(outcome.score)
    evidence_for, evidence_against = unique(supporting), unique(contradicting)
    shown_conflicts, missing = unique(conflicts), unique(outcome.missing)
    return LabelAssessment(
        axis_id=axis_id,
        label_id=label.id,
        name=label.name,
        score=outcome.score,
        strength=strength,
        level=framework.level(strength) if outcome.score is not None else NO_EVIDENCE,
        confidence=outcome.confidence,
        explanation=explain(
            label,
            framework,
            case,
            score=outcome.score,
            confidence=outcome.confidence,
            terms=outcome.terms,
            strength=strength,
            supporting=evidence_for,
            contradicting=evidence_against,
            conflicts=shown_conflicts,
            missing=missing,
        ),
        terms=outcome.terms,
        supporting=evidence_for,
        contradicting=evidence_against,
        conflicts=shown_conflicts,
        missing=missing,
    )


def assess(case: Case, framework: Framework) -> Assessment:
    """Score every label of every axis of ``framework`` for ``case``.

    Deterministic: the same case and framework give an equal Assessment, whatever the order
    of the coded segments.
    """
    values = compute_indicators(case)
    axes = tuple(
        AxisAssessment(
            id=axis.id,
            title=axis.title,
            labels=tuple(
                _assess_label(axis.id, label, framework, case, values) for label in axis.labels
            ),
        )
        for axis in framework.axes
    )
    return Assessment(
        case_id=case.id,
        framework_id=framework.id,
        framework_version=framework.version,
        axes=axes,
        indicators=tuple(values.values()),
    )


@dataclass(frozen=True)
class Change:
    """One difference between two assessments; ``field`` says what kind."""

    field: str
    text: Message
    axis_id: str | None = None
    label_id: str | None = None
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class AssessmentDiff:
    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)


def _score_text(score: float | None) -> str:
    return "none" if score is None else f"{score:.4f}"


def _label_changes(old: LabelAssessment, new: LabelAssessment) -> list[Change]:
    where = {"axis_id": new.axis_id, "label_id": new.label_id}
    name = new.name
    changes = []
    if old.strength != new.strength:
        changes.append(
            Change(
                "strength",
                Message(
                    f"{name.id}: kekuatan berubah dari {old.level.id} menjadi {new.level.id}",
                    f"{name.en}: strength changed from {old.level.en} to {new.level.en}",
                ),
                old=str(old.strength),
                new=str(new.strength),
                **where,
            )
        )
    if old.score != new.score:
        before, after = _score_text(old.score), _score_text(new.score)
        changes.append(
            Change(
                "score",
                Message(
                    f"{name.id}: skor berubah dari {before} menjadi {after}",
                    f"{name.en}: score changed from {before} to {after}",
                ),
                old=before,
                new=after,
                **where,
            )
        )
    for field, old_items, new_items, word in (
        ("supporting", old.supporting, new.supporting, Message("pendukung", "supporting")),
        (
            "contradicting",
            old.contradicting,
            new.contradicting,
            Message("penentang", "contradicting"),
        ),
    ):
        old_refs = {(item.indicator, item.reference, item.party_id) for item in old_items}
        new_refs = {(item.indicator, item.reference, item.party_id) for item in new_items}
        for item in new_items:
            if (item.indicator, item.reference, item.party_id) not in old_refs:
                changes.append(
                    Change(
                        field,
                        Message(
                            f"{name.id}: bukti {word.id} baru pada {item.indicator}: "
                            f"{item.cite('id')}",
                            f"{name.en}: new {word.en} evidence on {item.indicator}: {item.cite()}",
                        ),
                        new=item.reference,
                        **where,
                    )
                )
        for item in old_items:
            if (item.indicator, item.reference, item.party_id) not in new_refs:
                changes.append(
                    Change(
                        field,
                        Message(
                            f"{name.id}: bukti {word.id} pada {item.indicator} tidak lagi "
                            f"berlaku: {item.cite('id')}",
                            f"{name.en}: {word.en} evidence on {item.indicator} no longer "
                            f"counts: {item.cite()}",
                        ),
                        old=item.reference,
                        **where,
                    )
                )
    for gap in new.missing:
        if gap not in old.missing:
            changes.append(
                Change(
                    "missing",
                    Message(f"{name.id}: kini {gap.text.id}", f"{name.en}: now {gap.text.en}"),
                    new=gap.text.en,
                    **where,
                )
            )
    for gap in old.missing:
        if gap not in new.missing:
            changes.append(
                Change(
                    "missing",
                    Message(
                        f"{name.id}: terisi: {gap.text.id}",
                        f"{name.en}: filled: {gap.text.en}",
                    ),
                    old=gap.text.en,
                    **where,
                )
            )
    old_conflicts = {c.text for c in old.conflicts}
    new_conflicts = {c.text for c in new.conflicts}
    for conflict in new.conflicts:
        if conflict.text not in old_conflicts:
            changes.append(
                Change(
                    "conflict",
                    Message(f"{name.id}: {conflict.text.id}", f"{name.en}: {conflict.text.en}"),
                    new=conflict.indicator,
                    **where,
                )
            )
    for conflict in old.conflicts:
        if conflict.text not in new_conflicts:
            changes.append(
                Change(
                    "conflict",
                    Message(
                        f"{name.id}: pertentangan selesai: {conflict.text.id}",
                        f"{name.en}: conflict resolved: {conflict.text.en}",
                    ),
                    old=conflict.indicator,
                    **where,
                )
            )
    return changes


def diff(old: Assessment, new: Assessment) -> AssessmentDiff:
    """What changed from ``old`` to ``new``: framework, labels, scores, strengths, evidence.

    Labels are matched by axis and label id; a label only on one side is reported as added
    or removed.
    """
    changes: list[Change] = []
    before = f"{old.framework_id} {old.framework_version}"
    after = f"{new.framework_id} {new.framework_version}"
    if before != after:
        changes.append(
            Change(
                "framework",
                Message(
                    f"kerangka berubah dari {before} menjadi {after}",
                    f"framework changed from {before} to {after}",
                ),
                old=before,
                new=after,
            )
        )
    old_labels = {(label.axis_id, label.label_id): label for label in old.labels()}
    new_labels = {(label.axis_id, label.label_id): label for label in new.labels()}
    for key, label in new_labels.items():
        if key not in old_labels:
            changes.append(
                Change(
                    "label",
                    Message(f"label baru: {label.name.id}", f"new label: {label.name.en}"),
                    axis_id=key[0],
                    label_id=key[1],
                    new=str(label.strength),
                )
            )
        else:
            changes.extend(_label_changes(old_labels[key], label))
    for key, label in old_labels.items():
        if key not in new_labels:
            changes.append(
                Change(
                    "label",
                    Message(f"label dihapus: {label.name.id}", f"label removed: {label.name.en}"),
                    axis_id=key[0],
                    label_id=key[1],
                    old=str(label.strength),
                )
            )
    return AssessmentDiff(tuple(changes))
