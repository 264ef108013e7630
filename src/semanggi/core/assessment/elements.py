"""A label as the elements of its definition: each element met, not met, or not enough
evidence; the label's score, sufficiency and strength from them (ours).

- An element is *met* when its rule's score is above ``MET_AT`` (the evidence leans its
  way) whatever the evidence still missing could say, *not met* when it stays below
  whatever that evidence could say, and *not enough evidence* otherwise: when the rule has
  no value at all, when the evidence is evenly balanced, or when a part of it still unread
  (a partner without evidence, a term of an ``all`` without any) could turn it
  (``rules.Outcome`` bounds).
- The label's score is the weakest of its elements that have evidence (the definition is a
  conjunction); its confidence the mean of its required elements' (none: 0).
- Sufficiency (``results.Sufficiency``): a required element with not enough evidence (none,
  evenly balanced, or still open) makes it insufficient; one resting on a single independent
  voice makes it limited.
- Strength: the framework's thresholds on the score, then capped: at most weak when
  insufficient or when a required element is not met (the definition does not hold), at
  most moderate when limited. One source, or one paraphrased publication,
  never makes a label strong on its own.
"""

import math
from collections.abc import Mapping, Sequence

from semanggi.core.assessment.explain import unique
from semanggi.core.assessment.frameworks import Aggregate, Element, Framework, Reading, Strength
from semanggi.core.assessment.results import ElementResult, ElementStatus, Sufficiency
from semanggi.core.assessment.rules import evaluate, in_scope
from semanggi.core.assessment.tally import lean, rounded
from semanggi.core.assessment.values import IndicatorValue, Provenance

MET_AT = 0.5
# Independent voices an element needs before its label can be strong.
VOICES_FOR_STRONG = 2

ORDER = (Strength.ABSENT, Strength.WEAK, Strength.MODERATE, Strength.STRONG)
CAPS = {
    Sufficiency.SUFFICIENT: Strength.STRONG,
    Sufficiency.LIMITED: Strength.MODERATE,
    Sufficiency.INSUFFICIENT: Strength.WEAK,
}


def evaluate_element(element: Element, values: Mapping[str, IndicatorValue]) -> ElementResult:
    outcome = evaluate(element.rule, values)
    supporting: list[Provenance] = []
    contradicting: list[Provenance] = []
    for term in outcome.terms:
        if term.value is None:
            continue
        sign = 1 if term.reading is Reading.HIGH else -1
        for item in values[term.indicator].provenance:
            if not in_scope(term, item):
                continue
            # A facet's records, and the records behind a spread, only make sense together
            # (one party's record of planning is one-sided planning), so they lean the way
            # the term's score does.
            together = term.facet is not None or term.aggregate is Aggregate.SPREAD
            stance = lean(term.score or 0.0) if together else sign * item.direction
            if stance > 0:
                supporting.append(item)
            elif stance < 0:
                contradicting.append(item)
    behind: Sequence[Provenance] = ()
    if outcome.score is None:
        status = ElementStatus.NOT_ENOUGH
    elif outcome.low > MET_AT:
        status, behind = ElementStatus.MET, supporting
    elif outcome.high < MET_AT:
        status, behind = ElementStatus.NOT_MET, contradicting
    else:
        status, behind = ElementStatus.NOT_ENOUGH, supporting
    voices = tuple(sorted({item.voice for item in behind if item.voice}))
    return ElementResult(
        id=element.id,
        name=element.name,
        source=element.source,
        required=element.required,
        indicators=element.indicators(),
        status=status,
        score=outcome.score,
        confidence=outcome.confidence,
        voices=voices,
        terms=outcome.terms,
        supporting=unique(supporting),
        contradicting=unique(contradicting),
        missing=unique(outcome.missing),
        note=element.note,
    )


def combine_elements(
    elements: Sequence[ElementResult], framework: Framework
) -> tuple[float | None, float, Sufficiency, Strength]:
    """The label's score, confidence, sufficiency and strength from its elements."""
    required = [element for element in elements if element.required]
    known = [element.score for element in elements if element.score is not None]
    score = rounded(min(known)) if known else None
    confidence = rounded(math.fsum(element.confidence for element in required) / len(required))
    if any(element.status is ElementStatus.NOT_ENOUGH for element in required):
        sufficiency = Sufficiency.INSUFFICIENT
    elif any(len(element.voices) < VOICES_FOR_STRONG for element in required):
        sufficiency = Sufficiency.LIMITED
    else:
        sufficiency = Sufficiency.SUFFICIENT
    strength = framework.thresholds.strength_of(score)
    cap = CAPS[sufficiency]
    if any(element.status is ElementStatus.NOT_MET for element in required):
        cap = Strength.WEAK
    if ORDER.index(strength) > ORDER.index(cap):
        strength = cap
    return score, confidence, sufficiency, strength
