"""Source triangulation of a finding: is it supported by different informants, different kinds
of source and, where the evidence speaks for parties, by more than one party?

The study validates its findings by source triangulation (see the domain brief, section 4): a
finding holds when the same thing is supported by different sources. The thresholds below are
Semanggi's operationalisation of that rule, not a published one; every study may change them.

How a finding is judged:

1. Segments whose informant withdrew consent are set aside, on either side, and listed as
   excluded: they neither support nor contradict anything any more.
2. The remaining supporting segments are counted by distinct informants, kinds of source,
   sources and parties, and each count is compared with the study's :class:`RuleSet`.
3. Each side gets a *weight*: the number of distinct voices in it, where every informant counts
   once and every source without an informant (a document, an observation) counts once. Many
   quotations from one person weigh as much as one.
4. The finding is **contested** when contradicting evidence exists and its weight is
   *comparable* to the support: at least ``contested_ratio`` (by default one half) of the
   supporting weight. With no admissible support at all, any contradiction makes it contested.
5. Otherwise it is **triangulated** when every rule is met, **single-source** when some support
   exists but a rule is not met (read it as "not yet triangulated": two informants who agree in
   interviews alone are single-source too), and **unsupported** when no admissible support is
   left.

Reasons come in Indonesian first, then English, one per rule and one per note (exclusions,
contradicting evidence), so that the evaluator sees why the status is what it is.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

Key = int | str


class SourceKind(StrEnum):
    INTERVIEW = "interview"
    DOCUMENT = "document"
    OBSERVATION = "observation"
    FIELD_NOTE = "field_note"
    # A paraphrase of a publication, weighted as one document rather than as many voices.
    PUBLISHED_STUDY = "published_study"


class Status(StrEnum):
    TRIANGULATED = "triangulated"
    SINGLE_SOURCE = "single-source"
    CONTESTED = "contested"
    UNSUPPORTED = "unsupported"


class Side(StrEnum):
    SUPPORTING = "supporting"
    CONTRADICTING = "contradicting"


@dataclass(frozen=True)
class EvidenceSegment:
    """One coded segment cited for or against a finding."""

    segment_id: Key
    source_id: Key
    source_kind: SourceKind
    informant_id: Key | None = None
    informant_withdrawn: bool = False
    party_id: Key | None = None


@dataclass(frozen=True)
class RuleSet:
    """What a study demands before it calls a finding triangulated.

    ``min_parties`` applies only where the supporting evidence is attributed to a party at all;
    evidence from people outside the parties (e.g. patients) carries no party. Set a minimum to
    0 or 1 to switch that rule off.
    """

    min_informants: int = 2
    min_source_kinds: int = 2
    min_sources: int = 2
    min_parties: int = 2
    contested_ratio: Fraction = Fraction(1, 2)

    def __post_init__(self) -> None:
        for name in ("min_informants", "min_source_kinds", "min_sources", "min_parties"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.contested_ratio <= 0:
            raise ValueError("contested_ratio must be positive")


DEFAULT_RULES = RuleSet()


@dataclass(frozen=True)
class EvidenceCounts:
    """Distinct things on one side of a finding, after exclusions."""

    segments: int
    informants: int
    source_kinds: int
    sources: int
    parties: int
    weight: int


@dataclass(frozen=True)
class Reason:
    """One bilingual line of explanation. ``blocking`` reasons keep a finding from holding."""

    code: str
    indonesian: str
    english: str
    blocking: bool

    def __str__(self) -> str:
        return f"{self.indonesian} / {self.english}"


@dataclass(frozen=True)
class ExcludedSegment:
    segment_id: Key
    side: Side
    reason: Reason


@dataclass(frozen=True)
class Triangulation:
    status: Status
    supporting: EvidenceCounts
    contradicting: EvidenceCounts
    excluded: tuple[ExcludedSegment, ...]
    reasons: tuple[Reason, ...]

    @property
    def holds(self) -> bool:
        return self.status is Status.TRIANGULATED


WITHDRAWN = Reason(
    code="withdrawn",
    indonesian="Informan menarik persetujuannya; segmen tidak dipakai",
    english="The informant withdrew consent; the segment is not used",
    blocking=False,
)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _counts(segments: tuple[EvidenceSegment, ...]) -> EvidenceCounts:
    informants = {s.informant_id for s in segments if s.informant_id is not None}
    voiceless_sources = {s.source_id for s in segments if s.informant_id is None}
    return EvidenceCounts(
        segments=len(segments),
        informants=len(informants),
        source_kinds=len({s.source_kind for s in segments}),
        sources=len({s.source_id for s in segments}),
        parties=len({s.party_id for s in segments if s.party_id is not None}),
        weight=len(informants) + len(voiceless_sources),
    )


def _rule_reasons(counts: EvidenceCounts, rules: RuleSet) -> list[Reason]:
    def line(code: str, count: int, needed: int, indonesian: str, english: str) -> Reason:
        return Reason(
            code=code,
            indonesian=f"{indonesian} (perlu ≥ {needed})",
            english=f"{english} (needs ≥ {needed})",
            blocking=count < needed,
        )

    n = counts
    reasons = [
        line(
            "informants",
            n.informants,
            rules.min_informants,
            f"Didukung {n.informants} informan",
            f"Supported by {_plural(n.informants, 'informant', 'informants')}",
        ),
        line(
            "source_kinds",
            n.source_kinds,
            rules.min_source_kinds,
            f"Dari {n.source_kinds} jenis sumber",
            f"From {_plural(n.source_kinds, 'kind of source', 'kinds of source')}",
        ),
        line(
            "sources",
            n.sources,
            rules.min_sources,
            f"Dari {n.sources} sumber",
            f"From {_plural(n.sources, 'source', 'sources')}",
        ),
    ]
    if rules.min_parties > 1:
        if n.parties:
            reasons.append(
                line(
                    "parties",
                    n.parties,
                    rules.min_parties,
                    f"Dari {n.parties} pihak",
                    f"From {_plural(n.parties, 'party', 'parties')}",
                )
            )
        else:
            reasons.append(
                Reason(
                    code="parties",
                    indonesian="Bukti tidak dikaitkan dengan pihak mana pun; syarat pihak "
                    "tidak berlaku",
                    english="The evidence is not attributed to any party; the party rule "
                    "does not apply",
                    blocking=False,
                )
            )
    return reasons


def triangulate(
    *,
    supporting: Iterable[EvidenceSegment],
    contradicting: Iterable[EvidenceSegment] = (),
    rules: RuleSet = DEFAULT_RULES,
) -> Triangulation:
    """Judge a finding from the segments cited for and against it, under ``rules``."""
    sides = {Side.SUPPORTING: tuple(supporting), Side.CONTRADICTING: tuple(contradicting)}
    excluded = tuple(
        ExcludedSegment(segment_id=s.segment_id, side=side, reason=WITHDRAWN)
        for side, segments in sides.items()
        for s in segments
        if s.informant_withdrawn
    )
    support = _counts(tuple(s for s in sides[Side.SUPPORTING] if not s.informant_withdrawn))
    against = _counts(tuple(s for s in sides[Side.CONTRADICTING] if not s.informant_withdrawn))

    reasons = _rule_reasons(support, rules)
    contested = against.weight > 0 and against.weight >= rules.contested_ratio * support.weight
    if against.weight:
        weights_id = f"bobot {against.weight} lawan {support.weight}"
        weights_en = f"weight {against.weight} against {support.weight}"
        reasons.append(
            Reason(
                code="contradicting",
                indonesian=(
                    f"Ada bukti yang bertentangan yang sebanding ({weights_id})"
                    if contested
                    else f"Ada bukti yang bertentangan, lebih lemah ({weights_id})"
                ),
                english=(
                    f"Contradicting evidence of comparable weight ({weights_en})"
                    if contested
                    else f"Weaker contradicting evidence exists ({weights_en})"
                ),
                blocking=contested,
            )
        )
    if excluded:
        count = len(excluded)
        reasons.append(
            Reason(
                code="excluded",
                indonesian=f"{count} segmen dikecualikan karena informannya menarik persetujuan",
                english=f"{_plural(count, 'segment', 'segments')} excluded because the "
                "informant withdrew consent",
                blocking=False,
            )
        )

    if contested:
        status = Status.CONTESTED
    elif support.segments == 0:
        status = Status.UNSUPPORTED
        reasons.insert(
            0,
            Reason(
                code="no_support",
                indonesian="Tidak ada bukti pendukung yang dapat dipakai",
                english="No usable supporting evidence",
                blocking=True,
            ),
        )
    elif any(r.blocking for r in reasons):
        status = Status.SINGLE_SOURCE
    else:
        status = Status.TRIANGULATED
    return Triangulation(
        status=status,
        supporting=support,
        contradicting=against,
        excluded=excluded,
        reasons=tuple(reasons),
    )
