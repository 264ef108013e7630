"""What the indicators give back: values with their provenance, gaps and conflicts.

Text people read is a ``semanggi.core.text.Message`` (Indonesian ``id``, English ``en``).
"""

from dataclasses import dataclass
from enum import StrEnum

from semanggi.core.text import Message

# Kinds of source (``semanggi.core.triangulation.SourceKind``) as Indonesian readers name them.
SOURCE_KINDS_ID = {
    "interview": "wawancara",
    "document": "dokumen",
    "observation": "observasi",
    "field_note": "catatan lapangan",
    "published_study": "studi terbitan",
}


class ProvenanceKind(StrEnum):
    RECORD = "record"
    EVIDENCE = "evidence"


@dataclass(frozen=True)
class Provenance:
    """One record or coded segment that went into an indicator value.

    ``direction`` says which way it pushed the indicator: +1 towards the high reading, -1
    towards the low one, 0 neither (a record that counts but does not lean).
    """

    kind: ProvenanceKind
    reference: str
    description: str
    indicator: str
    direction: int
    weight: float
    party_id: str | None = None
    facet: str | None = None
    informant: str | None = None
    source: str | None = None
    source_kind: str | None = None
    triangulation: str | None = None
    excerpt: str = ""
    # Who speaks (``EvidenceItem.voice``; ``records`` for the partnership's own records):
    # sufficiency counts distinct voices. ``illustrative`` marks made-up evidence.
    voice: str = "records"
    illustrative: bool = False

    def cite(self, language: str = "en") -> str:
        """A short citation: the reference, and for evidence who said it and where."""
        if self.kind is ProvenanceKind.RECORD:
            return self.reference
        who = f"{self.informant}, " if self.informant else ""
        kind = self.source_kind or ""
        if language == "id":
            kind = SOURCE_KINDS_ID.get(kind, kind)
        return f"{self.reference} ({who}{kind}: {self.source})"


@dataclass(frozen=True)
class PartyValue:
    """One party's value; ``exempt`` parties (regulators and supervisors that are not
    beneficiaries) are shown but not held to a per-party element."""

    party_id: str
    value: float | None
    confidence: float
    exempt: bool = False


@dataclass(frozen=True)
class FacetValue:
    """A part of an indicator read from the records alone (e.g. K2 on budget decisions)."""

    name: str
    value: float | None


@dataclass(frozen=True)
class Missing:
    """Evidence that would be needed and is not there."""

    indicator: str
    text: Message
    party_id: str | None = None
    facet: str | None = None


@dataclass(frozen=True)
class Conflict:
    """Records or segments pointing opposite ways on one indicator (and one party)."""

    indicator: str
    party_id: str | None
    for_high: tuple[Provenance, ...]
    against_high: tuple[Provenance, ...]
    text: Message


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator read from one case.

    ``value`` is in [0, 1] (1 is the high reading named in the indicator's docstring) or None
    when nothing was recorded or coded; ``confidence`` grows with the amount of evidence.
    """

    code: str
    value: float | None
    confidence: float
    per_party: tuple[PartyValue, ...] = ()
    facets: tuple[FacetValue, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    missing: tuple[Missing, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    # What the reader should know about how the value was read (evidence about no party
    # read for every partner, illustrative evidence left out, absences read as records).
    notes: tuple[Message, ...] = ()

    def party(self, party_id: str) -> PartyValue | None:
        for entry in self.per_party:
            if entry.party_id == party_id:
                return entry
        return None

    def facet(self, name: str) -> FacetValue | None:
        for entry in self.facets:
            if entry.name == name:
                return entry
        return None
