"""How records and coded evidence are combined into one indicator value (ours).

Records give one value in [0, 1] and count as ``RECORD_WEIGHT`` triangulated segments. Each
coded segment votes 1 (supports the high reading) or 0 (contradicts it) with the weight of its
triangulation status. The value is the weighted mean of the record and the votes, so
contradicting evidence pulls the value down and a lone contested segment moves it little.

Confidence grows with the amount of evidence: records alone give ``RECORD_CONFIDENCE``; coded
evidence of total weight W closes the remaining gap by W / (W + ``EVIDENCE_HALF``).

Sums use ``math.fsum`` so that the result does not depend on the order of the segments.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from semanggi.core.assessment.inputs import Case, EvidenceItem, Party
from semanggi.core.assessment.values import (
    Conflict,
    FacetValue,
    IndicatorValue,
    Missing,
    PartyValue,
    Provenance,
    ProvenanceKind,
)
from semanggi.core.text import Message

RECORD_WEIGHT = 2.0
RECORD_CONFIDENCE = 0.6
EVIDENCE_HALF = 1.0
DIGITS = 6


@dataclass(frozen=True)
class Reading:
    """What the records say on an indicator (for the partnership or for one party)."""

    value: float
    provenance: tuple[Provenance, ...] = ()


def rounded(value: float) -> float:
    """Scores are rounded so that equal inputs give equal, readable outputs."""
    return round(value, DIGITS)


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return math.fsum(items) / len(items) if items else None


def lean(value: float) -> int:
    """Which way a record value pushes: +1 above the middle, -1 below, 0 at it."""
    return (value > 0.5) - (value < 0.5)


def blend(record: float | None, items: Sequence[EvidenceItem]) -> tuple[float | None, float]:
    """Combine a record value (or None) with coded segments into (value, confidence)."""
    evidence_weight = math.fsum(item.weight for item in items)
    support = math.fsum(item.weight for item in items if item.direction > 0)
    record_weight = RECORD_WEIGHT if record is not None else 0.0
    total = record_weight + evidence_weight
    if total == 0:
        return None, 0.0
    value = (record_weight * (record or 0.0) + support) / total
    record_confidence = RECORD_CONFIDENCE if record is not None else 0.0
    confidence = 1 - (1 - record_confidence) * EVIDENCE_HALF / (EVIDENCE_HALF + evidence_weight)
    return rounded(value), rounded(confidence)


def evidence_provenance(item: EvidenceItem) -> Provenance:
    stance = "supports" if item.direction > 0 else "contradicts"
    return Provenance(
        kind=ProvenanceKind.EVIDENCE,
        reference=f"segment:{item.segment}",
        description=f"{stance} the high reading of {item.indicator} ({item.triangulation})",
        indicator=item.indicator,
        direction=int(item.direction),
        weight=item.weight,
        party_id=item.party_id,
        informant=item.informant,
        source=item.source,
        source_kind=str(item.source_kind),
        triangulation=str(item.triangulation),
        excerpt=item.excerpt,
    )


def _order(item: Provenance) -> tuple[str, str, str, str, int]:
    return (item.kind, item.reference, item.party_id or "", item.facet or "", item.direction)


def _conflicts(case: Case, code: str, provenance: Sequence[Provenance]) -> tuple[Conflict, ...]:
    scopes: list[str | None] = [None, *(party.id for party in case.parties)]
    conflicts = []
    for scope in scopes:
        here = [item for item in provenance if item.party_id == scope]
        for_high = tuple(item for item in here if item.direction > 0)
        against = tuple(item for item in here if item.direction < 0)
        # Records that differ among themselves (one joint decision, one unilateral) are not a
        # conflict; a segment that disagrees with a record or with another segment is.
        coded_for = any(item.kind is ProvenanceKind.EVIDENCE for item in for_high)
        coded_against = any(item.kind is ProvenanceKind.EVIDENCE for item in against)
        if not ((coded_for and against) or (coded_against and for_high)):
            continue
        who_en = f" for {case.party(scope).name}" if scope else ""
        who_id = f" untuk {case.party(scope).name}" if scope else ""
        for_id = ", ".join(item.cite("id") for item in for_high)
        against_id = ", ".join(item.cite("id") for item in against)
        for_en = ", ".join(item.cite("en") for item in for_high)
        against_en = ", ".join(item.cite("en") for item in against)
        conflicts.append(
            Conflict(
                indicator=code,
                party_id=scope,
                for_high=for_high,
                against_high=against,
                text=Message(
                    id=(
                        f"Bukti bertentangan tentang {code}{who_id}: mendukung nilai tinggi "
                        f"{for_id}; menentang {against_id}."
                    ),
                    en=(
                        f"Conflicting evidence on {code}{who_en}: for the high reading "
                        f"{for_en}; against it {against_en}."
                    ),
                ),
            )
        )
    return tuple(conflicts)


def missing_for_party(code: str, name: Message, party: Party) -> Missing:
    return Missing(
        indicator=code,
        party_id=party.id,
        text=Message(
            id=f"belum ada bukti tentang {code} ({name.id}) dari pihak {party.name}",
            en=f"no evidence on {code} ({name.en}) from {party.name}'s side",
        ),
    )


def missing_overall(code: str, name: Message) -> Missing:
    return Missing(
        indicator=code,
        text=Message(
            id=f"belum ada catatan atau bukti berkode tentang {code} ({name.id})",
            en=f"no records or coded evidence on {code} ({name.en})",
        ),
    )


def assemble(
    case: Case,
    code: str,
    name: Message,
    *,
    overall: Reading | None,
    by_party: Mapping[str, Reading] | None = None,
    facets: Sequence[FacetValue] = (),
) -> IndicatorValue:
    """Blend the records with the segments coded to ``code`` into an IndicatorValue.

    With ``by_party`` the indicator is read per party: each party's value blends its own
    record with the segments about it; the partnership's value blends the mean of the party
    records (unless ``overall`` is given) with every segment on the indicator.
    """
    items = [item for item in case.evidence if item.indicator == code]
    provenance: list[Provenance] = []
    missing: list[Missing] = []
    per_party: list[PartyValue] = []
    if by_party is not None:
        for party in case.parties:
            record = by_party.get(party.id)
            own = [item for item in items if item.party_id == party.id]
            value, confidence = blend(record.value if record else None, own)
            per_party.append(PartyValue(party.id, value, confidence))
            if value is None:
                missing.append(missing_for_party(code, name, party))
            if record is not None:
                provenance.extend(record.provenance)
        records = [by_party[party.id] for party in case.parties if party.id in by_party]
        if overall is None and records:
            average = mean(record.value for record in records)
            overall = Reading(average) if average is not None else None
    if overall is not None:
        provenance.extend(overall.provenance)
    value, confidence = blend(overall.value if overall else None, items)
    if value is None and by_party is None:
        missing.append(missing_overall(code, name))
    provenance.extend(evidence_provenance(item) for item in items)
    unique = sorted(dict.fromkeys(provenance), key=_order)
    return IndicatorValue(
        code=code,
        value=value,
        confidence=confidence,
        per_party=tuple(per_party),
        facets=tuple(facets),
        provenance=tuple(unique),
        missing=tuple(missing),
        conflicts=_conflicts(case, code, unique),
    )
