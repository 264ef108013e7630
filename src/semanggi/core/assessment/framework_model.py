"""The shape of a framework: axes, labels, the elements of their definitions, named readings,
rules and thresholds. Loaded and checked by ``semanggi.core.assessment.frameworks``."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Union

from semanggi.core.text import Message


class FrameworkError(ValueError):
    """A framework file that cannot be used; the message names the file and the field."""

    def __init__(self, source: str, field: str, problem: str) -> None:
        super().__init__(f"{source}: {field}: {problem}" if field else f"{source}: {problem}")
        self.source = source
        self.field = field
        self.problem = problem


class Origin(StrEnum):
    PUBLISHED = "published"
    OURS = "ours"


class Combine(StrEnum):
    MEAN = "mean"
    ALL = "all"
    ANY = "any"


class Aggregate(StrEnum):
    VALUE = "value"
    LOWEST_PARTY = "lowest_party"
    HIGHEST_PARTY = "highest_party"
    # The gap between the highest and the lowest party (1: one has all, the other nothing).
    SPREAD = "spread"


class Reading(StrEnum):
    HIGH = "high"
    LOW = "low"


class Strength(StrEnum):
    STRONG = "strong"
    MODERATE = "moderate"
    WEAK = "weak"
    ABSENT = "absent"


@dataclass(frozen=True)
class Term:
    indicator: str
    reading: Reading
    weight: float = 1.0
    aggregate: Aggregate = Aggregate.VALUE
    facet: str | None = None


@dataclass(frozen=True)
class Rule:
    combine: Combine
    terms: tuple[Union[Term, "Rule"], ...]
    weight: float = 1.0

    def indicators(self) -> tuple[str, ...]:
        """The indicators the rule reads, in order of first use."""
        seen: dict[str, None] = {}
        for term in self.terms:
            codes = (term.indicator,) if isinstance(term, Term) else term.indicators()
            seen.update(dict.fromkeys(codes))
        return tuple(seen)


@dataclass(frozen=True)
class Definition:
    origin: Origin
    text: Message
    source: str = ""


@dataclass(frozen=True)
class Element:
    """One element of a published definition: what it says (``name``, a short statement),
    where it comes from (``source``), and the rule (ours) that evidences it. A required
    element without evidence caps its label at weak."""

    id: str
    name: Message
    source: str
    rule: Rule
    required: bool = True
    note: Message | None = None

    def indicators(self) -> tuple[str, ...]:
        return self.rule.indicators()


@dataclass(frozen=True)
class NamedReading:
    """Another reading of a label (e.g. a study's own operationalisation), by its author."""

    id: str
    name: Message
    source: str
    elements: tuple[Element, ...]
    note: Message | None = None


@dataclass(frozen=True)
class Label:
    id: str
    name: Message
    definition: Definition
    indicators: tuple[str, ...]
    rule: Rule
    rule_origin: Origin
    rule_note: Message | None = None
    elements: tuple[Element, ...] = ()
    readings: tuple[NamedReading, ...] = ()

    def reading(self, reading_id: str) -> NamedReading | None:
        for reading in self.readings:
            if reading.id == reading_id:
                return reading
        return None


@dataclass(frozen=True)
class Axis:
    id: str
    title: Message
    origin: Origin
    labels: tuple[Label, ...]
    description: Message | None = None


@dataclass(frozen=True)
class Thresholds:
    strong: float
    moderate: float
    weak: float

    def strength_of(self, score: float | None) -> Strength:
        if score is None or score < self.weak:
            return Strength.ABSENT
        if score >= self.strong:
            return Strength.STRONG
        if score >= self.moderate:
            return Strength.MODERATE
        return Strength.WEAK


DEFAULT_LEVELS = {
    Strength.STRONG: Message("kuat", "strong"),
    Strength.MODERATE: Message("sedang", "moderate"),
    Strength.WEAK: Message("lemah", "weak"),
    Strength.ABSENT: Message("tidak tampak", "absent"),
}


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    title: Message
    citation: tuple[str, ...]
    published: Message
    ours: Message
    thresholds: Thresholds
    levels: tuple[tuple[Strength, Message], ...]
    axes: tuple[Axis, ...]
    source: str = ""

    def level(self, strength: Strength) -> Message:
        """What the framework calls a strength (e.g. "met" / "partly met" for principles)."""
        return dict(self.levels)[strength]

    def axis(self, axis_id: str) -> Axis:
        for axis in self.axes:
            if axis.id == axis_id:
                return axis
        raise KeyError(axis_id)

    def readings(self) -> tuple[NamedReading, ...]:
        """The named readings its labels offer, one per id, in order of first appearance."""
        seen: dict[str, NamedReading] = {}
        for axis in self.axes:
            for label in axis.labels:
                for reading in label.readings:
                    seen.setdefault(reading.id, reading)
        return tuple(seen.values())
