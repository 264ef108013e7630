"""Reading a rule (a tree of terms) against the indicator values of a case.

A term reads one indicator; a group combines its parts with ``mean``, ``all`` or ``any``.
Within a group, parts without a value are left out and listed as missing evidence; a group
with no part known has no value. Per-party readings (lowest, highest, spread) are read from
the partners known; a partner not yet heard keeps the term open in the direction it could
still move it (the lowest could fall, the highest rise, the spread widen), which the outcome's
bounds carry. Regulators and supervisors that are not beneficiaries are exempt and not read.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from semanggi.core.assessment.frameworks import Aggregate, Combine, Reading, Rule, Term
from semanggi.core.assessment.indicators import NAMES
from semanggi.core.assessment.results import TermResult
from semanggi.core.assessment.tally import RECORD_CONFIDENCE, rounded
from semanggi.core.assessment.values import IndicatorValue, Missing, Provenance, ProvenanceKind
from semanggi.core.text import Message


@dataclass(frozen=True)
class Outcome:
    """A rule's score, and the bounds within which the score could still move as the
    evidence not yet there comes in (a part with no value could be anything from 0 to 1; a
    lowest party read without every party could still fall). The bounds decide whether an
    element is met, not met, or still open."""

    score: float | None
    confidence: float
    terms: tuple[TermResult, ...]
    missing: tuple[Missing, ...]
    low: float = 0.0
    high: float = 1.0


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


def read_term(term: Term, value: IndicatorValue) -> Outcome:
    party_id = None
    partial = False
    missing: tuple[Missing, ...] = ()
    read: float | None
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
        held = [entry for entry in value.per_party if not entry.exempt]
        known = [entry for entry in held if entry.value is not None]
        # Read from the parties known; where a partner is still unknown, the lowest party
        # (and the spread) could still move, which the bounds below say.
        partial = len(known) < len(held)
        if partial:
            missing = value.missing
        if not known or (term.aggregate is Aggregate.SPREAD and len(known) < 2):
            read, confidence = None, 0.0
        elif term.aggregate is Aggregate.SPREAD:
            values = [entry.value or 0.0 for entry in known]
            read = rounded(max(values) - min(values))
            confidence = min(entry.confidence for entry in known)
        else:
            pick = min if term.aggregate is Aggregate.LOWEST_PARTY else max
            chosen = pick(known, key=lambda entry: (entry.value or 0.0, entry.party_id))
            read, confidence, party_id = chosen.value, chosen.confidence, chosen.party_id
    score = None
    low, high = 0.0, 1.0
    if read is not None:
        score = read if term.reading is Reading.HIGH else rounded(1 - read)
        low = high = score
        if partial and term.aggregate is Aggregate.LOWEST_PARTY:
            # An unknown partner could only lower the lowest value.
            if term.reading is Reading.HIGH:
                low = 0.0
            else:
                high = 1.0
        elif partial and term.aggregate is Aggregate.HIGHEST_PARTY:
            # An unknown partner could only raise the highest value.
            if term.reading is Reading.HIGH:
                high = 1.0
            else:
                low = 0.0
        elif partial and term.aggregate is Aggregate.SPREAD:
            # An unknown partner could only widen the spread.
            if term.reading is Reading.HIGH:
                high = 1.0
            else:
                low = 0.0
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
    return Outcome(score, confidence, (result,), missing, low, high)


def evaluate(rule: Rule, values: Mapping[str, IndicatorValue]) -> Outcome:
    outcomes = [
        (
            read_term(part, values[part.indicator])
            if isinstance(part, Term)
            else evaluate(part, values),
            part.weight,
        )
        for part in rule.terms
    ]
    terms = tuple(term for outcome, _ in outcomes for term in outcome.terms)
    missing = tuple(item for outcome, _ in outcomes for item in outcome.missing)
    known = [(outcome, weight) for outcome, weight in outcomes if outcome.score is not None]
    known_weight = math.fsum(weight for _, weight in known)
    total_weight = math.fsum(weight for _, weight in outcomes)
    lows = [outcome.low for outcome, _ in outcomes]
    highs = [outcome.high for outcome, _ in outcomes]
    weights = [weight for _, weight in outcomes]
    if rule.combine is Combine.ALL:
        low, high = min(lows), min(highs)
    elif rule.combine is Combine.ANY:
        low, high = max(lows), max(highs)
    elif total_weight > 0:
        low = math.fsum(v * w for v, w in zip(lows, weights, strict=True)) / total_weight
        high = math.fsum(v * w for v, w in zip(highs, weights, strict=True)) / total_weight
    else:
        low, high = 0.0, 1.0
    if not known or known_weight == 0:
        return Outcome(None, 0.0, terms, missing)
    scores = [outcome.score or 0.0 for outcome, _ in known]
    if rule.combine is Combine.ALL:
        score = min(scores)
    elif rule.combine is Combine.ANY:
        score = max(scores)
    else:
        score = math.fsum((o.score or 0.0) * w for o, w in known) / known_weight
    confidence = math.fsum(o.confidence * w for o, w in known) / known_weight
    confidence *= known_weight / total_weight
    return Outcome(rounded(score), rounded(confidence), terms, missing, rounded(low), rounded(high))


def in_scope(term: TermResult, item: Provenance) -> bool:
    """Does ``item`` stand behind ``term``? A facet is read from its own records; the other
    readings (lowest, highest, spread included, since they compare every party) rest on all of
    the indicator's provenance."""
    if term.facet is not None:
        return item.kind is ProvenanceKind.RECORD and item.facet == term.facet
    return True
