"""How records and coded evidence are combined into one indicator value (ours).

Records give one value in [0, 1] and count as ``RECORD_WEIGHT`` triangulated segments. Each
coded segment votes 1 (supports the high reading) or 0 (contradicts it) with the weight of its
triangulation status. The value is the weighted mean of the record and the votes, so
contradicting evidence pulls the value down and a lone contested segment moves it little.

Confidence grows with the amount of evidence: records alone give ``RECORD_CONFIDENCE``; coded
evidence of total weight W closes the remaining gap by W / (W + ``EVIDENCE_HALF``).

Before anything is counted, the evidence is cleaned (``usable_evidence``): the same segment
coded twice to one indicator, party and direction counts once (at its highest weight);
illustrative segments are left out when the case asks for it. Within one blend, the segments
of one publication (a ``published_study`` source) share the weight of their strongest
segment: a paraphrased publication speaks as one document, not as many voices.

Sums use ``math.fsum`` so that the result does not depend on the order of the segments.
"""

import dataclasses
import math
from collections import defaultdict
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


RECORDS_VOICE = "records"


@dataclass(frozen=True)
class Reading:
    """What the records say on an indicator (for the partnership or for one party).

    ``weight`` is how many triangulated segments the record counts as.
    """

    value: float
    provenance: tuple[Provenance, ...] = ()
    weight: float = RECORD_WEIGHT


def records_voice(case: Case) -> str:
    """The voice of the partnership's records: their publication's when transcribed from one."""
    if case.records_publication:
        return f"publication:{case.records_publication}"
    return RECORDS_VOICE


def _item_order(item: EvidenceItem) -> tuple[str, str, str, int, float]:
    return (item.segment, item.indicator, item.party_id or "", int(item.direction), -item.weight)


# The cleaned evidence of the last few cases, by the identity of their evidence tuple (kept
# alive with it, so that an identity is never reused while cached): every indicator reads it.
_CLEANED: dict[int, tuple[tuple[EvidenceItem, ...], bool, tuple[EvidenceItem, ...]]] = {}
_CLEANED_SIZE = 8


def usable_evidence(case: Case) -> tuple[EvidenceItem, ...]:
    """The case's segments as they count: one per (segment, indicator, party, direction), at
    its highest weight, without illustrative ones when the evaluator leaves them out; in a
    fixed order whatever the order of the input."""
    known = _CLEANED.get(id(case.evidence))
    if known is not None and known[0] is case.evidence and known[1] == case.exclude_illustrative:
        return known[2]
    cleaned = _clean(case)
    if len(_CLEANED) >= _CLEANED_SIZE:
        _CLEANED.clear()
    _CLEANED[id(case.evidence)] = (case.evidence, case.exclude_illustrative, cleaned)
    return cleaned


def _clean(case: Case) -> tuple[EvidenceItem, ...]:
    kept: dict[tuple[str, str, str | None, int], EvidenceItem] = {}
    for item in sorted(case.evidence, key=_item_order):
        if case.exclude_illustrative and item.illustrative:
            continue
        kept.setdefault((item.segment, item.indicator, item.party_id, int(item.direction)), item)
    return tuple(kept.values())


def effective_weights(items: Sequence[EvidenceItem]) -> list[float]:
    """Each segment's weight, the segments of one publication sharing their strongest one."""
    groups: dict[str, list[float]] = defaultdict(list)
    for item in items:
        if item.voice.startswith("publication:"):
            groups[item.voice].append(item.weight)
    weights = []
    for item in items:
        group = groups.get(item.voice)
        total = math.fsum(group) if group else 0.0
        if group and total > 0:
            weights.append(item.weight * max(group) / total)
        else:
            weights.append(item.weight)
    return weights


def rounded(value: float) -> float:
    """Scores are rounded so that equal inputs give equal, readable outputs."""
    return round(value, DIGITS)


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return math.fsum(items) / len(items) if items else None


def lean(value: float) -> int:
    """Which way a record value pushes: +1 above the middle, -1 below, 0 at it."""
    return (value > 0.5) - (value < 0.5)


def blend(
    record: float | None, items: Sequence[EvidenceItem], record_weight: float = RECORD_WEIGHT
) -> tuple[float | None, float]:
    """Combine a record value (or None) with coded segments into (value, confidence)."""
    weights = effective_weights(items)
    evidence_weight = math.fsum(weights)
    support = math.fsum(w for item, w in zip(items, weights, strict=True) if item.direction > 0)
    record_weight = record_weight if record is not None else 0.0
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
        voice=item.voice,
        illustrative=item.illustrative,
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


def _stamped(case: Case, items: Iterable[Provenance]) -> list[Provenance]:
    """Records speak with the records' voice (``RECORDS_VOICE`` unless transcribed from a
    publication)."""
    voice = records_voice(case)
    if voice == RECORDS_VOICE:
        return list(items)
    return [
        dataclasses.replace(item, voice=voice)
        if item.kind is ProvenanceKind.RECORD and item.voice == RECORDS_VOICE
        else item
        for item in items
    ]


def assemble(
    case: Case,
    code: str,
    name: Message,
    *,
    overall: Reading | None,
    by_party: Mapping[str, Reading] | None = None,
    facets: Sequence[FacetValue] = (),
    notes: Sequence[Message] = (),
) -> IndicatorValue:
    """Blend the records with the segments coded to ``code`` into an IndicatorValue.

    With ``by_party`` the indicator is read per party: each party's value blends its own
    record with the segments about it and the segments about no party (said of the
    partnership as a whole, so of each side); the partnership's value blends the mean of the
    partners' records (unless ``overall`` is given) with every segment on the indicator.
    Regulators and supervisors that are not beneficiaries are read but marked exempt.
    """
    items = [item for item in usable_evidence(case) if item.indicator == code]
    provenance: list[Provenance] = []
    missing: list[Missing] = []
    per_party: list[PartyValue] = []
    shown_notes = list(notes)
    if by_party is not None:
        shared = [item for item in items if item.party_id is None]
        partner_ids = {party.id for party in case.partners}
        for party in case.parties:
            record = by_party.get(party.id)
            own = [item for item in items if item.party_id == party.id]
            value, confidence = blend(
                record.value if record else None,
                [*own, *shared],
                record.weight if record else RECORD_WEIGHT,
            )
            exempt = party.id not in partner_ids
            per_party.append(PartyValue(party.id, value, confidence, exempt))
            if value is None and not exempt:
                missing.append(missing_for_party(code, name, party))
            if record is not None:
                provenance.extend(record.provenance)
        if shared:
            count = len(shared)
            shown_notes.append(
                Message(
                    f"{count} segmen berkode {code} tanpa pihak dibaca untuk setiap pihak, "
                    "karena menyangkut kemitraan secara keseluruhan",
                    f"{count} segment(s) coded {code} about no party were read for every "
                    "party, as they speak of the partnership as a whole",
                )
            )
        records = [
            by_party[party.id]
            for party in case.parties
            if party.id in by_party and party.id in partner_ids
        ]
        if overall is None and records:
            average = mean(record.value for record in records)
            overall = Reading(average) if average is not None else None
    if overall is not None:
        provenance.extend(overall.provenance)
    value, confidence = blend(
        overall.value if overall else None, items, overall.weight if overall else RECORD_WEIGHT
    )
    if value is None and by_party is None:
        missing.append(missing_overall(code, name))
    provenance.extend(evidence_provenance(item) for item in items)
    unique = sorted(dict.fromkeys(_stamped(case, provenance)), key=_order)
    return IndicatorValue(
        code=code,
        value=value,
        confidence=confidence,
        per_party=tuple(per_party),
        facets=tuple(facets),
        provenance=tuple(unique),
        missing=tuple(missing),
        conflicts=_conflicts(case, code, unique),
        notes=tuple(shown_notes),
    )
