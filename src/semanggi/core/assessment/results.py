"""What an assessment gives back: per axis, per label, a scored and explained reading."""

from dataclasses import dataclass

from semanggi.core.assessment.frameworks import Aggregate, Reading, Strength
from semanggi.core.assessment.values import Conflict, IndicatorValue, Missing, Provenance
from semanggi.core.text import Message

NO_EVIDENCE = Message("tidak ada bukti", "no evidence")


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


@dataclass(frozen=True)
class AxisAssessment:
    id: str
    title: Message
    labels: tuple[LabelAssessment, ...]


@dataclass(frozen=True)
class Assessment:
    case_id: str
    framework_id: str
    framework_version: str
    axes: tuple[AxisAssessment, ...]
    indicators: tuple[IndicatorValue, ...]

    def labels(self) -> tuple[LabelAssessment, ...]:
        return tuple(label for axis in self.axes for label in axis.labels)

    def label(self, label_id: str) -> LabelAssessment:
        for label in self.labels():
            if label.label_id == label_id:
                return label
        raise KeyError(label_id)
