"""What an assessment gives back: per axis, per label, a scored and explained reading.

Per label: its elements (each met, not met, or not enough evidence), its sufficiency, its
rank within the axis, a one-line summary, and the evidence for and against; per axis, which
label dominates and why. Named readings chosen by the evaluator come beside the label.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from semanggi.core.assessment.frameworks import Aggregate, Reading, Strength
from semanggi.core.assessment.values import Conflict, IndicatorValue, Missing, Provenance
from semanggi.core.text import Message

NO_EVIDENCE = Message("tidak ada bukti", "no evidence")
EMPTY = Message("", "")


class ElementStatus(StrEnum):
    """How one element of a definition stands: evidence for it, evidence against it, or not
    enough evidence either way (never read as met)."""

    MET = "met"
    NOT_MET = "not_met"
    NOT_ENOUGH = "not_enough"


class Sufficiency(StrEnum):
    """Is there enough evidence to speak of a label?

    ``sufficient``: every required element rests on at least two independent voices (the
    records, an informant, a source without an informant, a publication: each counts once);
    ``limited``: a required element rests on one voice only (at most moderate);
    ``insufficient``: a required element has not enough evidence (at most weak).
    """

    SUFFICIENT = "sufficient"
    LIMITED = "limited"
    INSUFFICIENT = "insufficient"


@dataclass(frozen=True)
class TermResult:
    """How one term of a rule read its indicator.

    ``value`` is what was read (for ``lowest_party`` / ``highest_party``, the value of
    ``party_id``); ``score`` is how far it supports the label (``1 - value`` for a low
    reading); both None when there is no evidence.
    """

    indicator: str
    reading: Reading
    aggregate: Aggregate
    facet: str | None
    weight: float
    party_id: str | None
    value: float | None
    score: float | None
    confidence: float


@dataclass(frozen=True)
class ElementResult:
    """One element of a label's definition, as the evidence shows it.

    ``voices`` are the independent voices behind the way it leans (support when met, the
    evidence against when not met).
    """

    id: str
    name: Message
    source: str
    required: bool
    indicators: tuple[str, ...]
    status: ElementStatus
    score: float | None
    confidence: float
    voices: tuple[str, ...]
    terms: tuple[TermResult, ...]
    supporting: tuple[Provenance, ...]
    contradicting: tuple[Provenance, ...]
    missing: tuple[Missing, ...]
    note: Message | None = None


@dataclass(frozen=True)
class ReadingResult:
    """A label under a named reading (another author's operationalisation)."""

    id: str
    name: Message
    source: str
    score: float | None
    strength: Strength
    level: Message
    sufficiency: Sufficiency
    elements: tuple[ElementResult, ...]
    summary: Message


@dataclass(frozen=True)
class LabelAssessment:
    axis_id: str
    label_id: str
    name: Message
    score: float | None
    strength: Strength
    level: Message
    confidence: float
    explanation: Message
    terms: tuple[TermResult, ...]
    supporting: tuple[Provenance, ...]
    contradicting: tuple[Provenance, ...]
    conflicts: tuple[Conflict, ...]
    missing: tuple[Missing, ...]
    elements: tuple[ElementResult, ...] = ()
    sufficiency: Sufficiency = Sufficiency.INSUFFICIENT
    # 1 for the label that dominates its axis; labels of equal weight share a rank.
    rank: int = 0
    # The weight of its evidence, by which the axis is ranked: score x confidence.
    weight: float = 0.0
    summary: Message = EMPTY
    readings: tuple[ReadingResult, ...] = ()

    def element(self, element_id: str) -> ElementResult:
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(element_id)

    def reading(self, reading_id: str) -> ReadingResult:
        for reading in self.readings:
            if reading.id == reading_id:
                return reading
        raise KeyError(reading_id)


@dataclass(frozen=True)
class AxisAssessment:
    id: str
    title: Message
    labels: tuple[LabelAssessment, ...]
    # The label that dominates (None: none has evidence enough, or the first two tie).
    dominant: str | None = None
    dominance: Message = EMPTY

    def ranked(self) -> tuple[LabelAssessment, ...]:
        """The labels from the dominant one down (ties in the framework's order)."""
        return tuple(sorted(self.labels, key=lambda label: label.rank))


@dataclass(frozen=True)
class Assessment:
    case_id: str
    framework_id: str
    framework_version: str
    axes: tuple[AxisAssessment, ...]
    indicators: tuple[IndicatorValue, ...]
    # What the reader should know about the evidence as a whole (illustrative evidence left
    # out or counted, evidence about no party, ...).
    notes: tuple[Message, ...] = field(default=())
    readings: tuple[str, ...] = ()

    def labels(self) -> tuple[LabelAssessment, ...]:
        return tuple(label for axis in self.axes for label in axis.labels)

    def label(self, label_id: str) -> LabelAssessment:
        for label in self.labels():
            if label.label_id == label_id:
                return label
        raise KeyError(label_id)
