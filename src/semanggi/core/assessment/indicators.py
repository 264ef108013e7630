"""Indicators K1-K14: what a partnership looks like on each point the typologies read.

No published rubric turns Sulistiyani's types into indicators: these readings are Semanggi's
own operationalisation (section 3 of the domain brief). Each indicator is a pure function of a
``Case``; its docstring says what 1 (the high reading) and 0 mean and which records it reads.
Records and coded segments are then blended as ``semanggi.core.assessment.tally`` describes;
where neither exists the value is None and the gap is listed, never guessed.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from semanggi.core.assessment.inputs import (
    INDICATOR_CODES,
    POAC,
    AgreementKind,
    Case,
    DecisionSubject,
    OrganisationKind,
    Participation,
    Role,
)
from semanggi.core.assessment.tally import Reading, assemble, lean, mean, rounded
from semanggi.core.assessment.values import FacetValue, IndicatorValue, Provenance, ProvenanceKind
from semanggi.core.money import format_rupiah
from semanggi.core.text import Message

NAMES: Mapping[str, Message] = {
    "K1": Message("keseimbangan kontribusi", "contribution balance"),
    "K2": Message("partisipasi dalam keputusan", "participation in decisions"),
    "K3": Message("pemahaman tujuan kemitraan", "understanding of the partnership's purpose"),
    "K4": Message("memandang kerja sama penting", "sees cooperation as important"),
    "K5": Message("manfaat sesuai tujuan sendiri", "benefit tied to its own objectives"),
    "K6": Message("kesetaraan status, kekuasaan dan ukuran", "symmetry of status, power and size"),
    "K7": Message("hubungan setara, bukan atas-bawah", "peer rather than top-down relation"),
    "K8": Message("visi dan misi saling melengkapi", "complementary vision and mission"),
    "K9": Message("kapasitas yang diperoleh", "capacity gained"),
    "K10": Message("kemandirian", "independence"),
    "K11": Message("formalisasi (perjanjian tertulis)", "formalisation (written agreement)"),
    "K12": Message("forum koordinasi atau tim bersama", "coordination forum or joint team"),
    "K13": Message("cakupan POAC", "POAC coverage"),
    "K14": Message("transparansi", "transparency"),
}

# Share of a decision a party holds at each level; being consulted counts a quarter, after the
# Kepmentan 944/1997 rubric where one-sided planning scores 25 of 100 (ours).
PARTICIPATION_WEIGHTS: Mapping[Participation, float] = {
    Participation.NONE: 0.0,
    Participation.CONSULTED: 0.25,
    Participation.JOINT: 1.0,
    Participation.DECIDES: 1.0,
}

# Status tiers of organisation kinds for K6 (ours): public bodies, state firms and banks at
# the top; private firms and universities in the middle; NGOs and community groups below. A
# regulator role lifts a party one tier: it holds authority over the others.
STATUS_TIERS: Mapping[OrganisationKind, int] = {
    OrganisationKind.GOVERNMENT: 3,
    OrganisationKind.REGIONAL_UNIT: 3,
    OrganisationKind.SOE: 3,
    OrganisationKind.BANK: 3,
    OrganisationKind.COMPANY: 2,
    OrganisationKind.UNIVERSITY: 2,
    OrganisationKind.NGO: 1,
    OrganisationKind.COMMUNITY: 1,
}
REGULATOR_LIFT = 1
TIER_SPAN = 3  # from the lowest tier (1) to the highest with the lift (4)

# Agreements that show a party commits to the cooperation itself (a BAST records a handover).
COMMITTING_AGREEMENTS = (AgreementKind.MOU, AgreementKind.PKS, AgreementKind.ADDENDUM)
FORMAL_AGREEMENTS = (AgreementKind.MOU, AgreementKind.PKS)
# A case with only other written records (BAST, addendum, letters) is half formalised.
PARTLY_FORMAL = 0.5
# POAC coverage of one function when a single party of several carries it (Kepmentan-style).
ONE_SIDED = 0.25


def _record(
    reference: str,
    description: str,
    code: str,
    direction: int,
    *,
    party_id: str | None = None,
    facet: str | None = None,
) -> Provenance:
    return Provenance(
        kind=ProvenanceKind.RECORD,
        reference=reference,
        description=description,
        indicator=code,
        direction=direction,
        weight=1.0,
        party_id=party_id,
        facet=facet,
    )


def _balance(amounts: Sequence[float]) -> float | None:
    """1 when every party holds an equal share, 0 when one party holds everything."""
    total = sum(amounts)
    if total <= 0:
        return None
    if len(amounts) < 2:
        return 0.0
    largest = max(amounts) / total
    equal = 1 / len(amounts)
    return (1 - largest) / (1 - equal)


def k1_contribution_balance(case: Case) -> IndicatorValue:
    """K1, contribution balance: 1 balanced, 0 one party gives everything.

    Two spreads over all parties of the case, averaged: the number of kinds of contribution
    each party makes (non-cash contributions count as much as money, as equity asks), and,
    where values are known, each party's share of the valued contributions (realised, else
    planned). A spread is (1 - largest share) / (1 - equal share). Segments coded K1 support
    or contradict balance.
    """
    code = "K1"
    overall = None
    if case.contributions:
        kinds = {
            party.id: {c.kind for c in case.contributions if c.party_id == party.id}
            for party in case.parties
        }
        spreads = [_balance([float(len(kinds[party.id])) for party in case.parties])]
        valued: dict[str, Decimal] = {party.id: Decimal(0) for party in case.parties}
        for contribution in case.contributions:
            if contribution.value is not None:
                valued[contribution.party_id] += contribution.value
        total = sum(valued.values(), Decimal(0))
        if total > 0:
            spreads.append(_balance([float(valued[party.id] / total) for party in case.parties]))
        value = mean(spread for spread in spreads if spread is not None)
        if value is not None:
            value = rounded(value)
            records = tuple(
                _record(
                    f"contribution:{c.id}",
                    f"{case.party(c.party_id).name}: {c.kind}"
                    + (f", {format_rupiah(c.value)}" if c.value is not None else ""),
                    code,
                    lean(value),
                )
                for c in case.contributions
            )
            overall = Reading(value, records)
    return assemble(case, code, NAMES[code], overall=overall)


def k2_participation_in_decisions(case: Case) -> IndicatorValue:
    """K2, participation in decisions: 1 every decision taken jointly, 0 taken alone.

    A decision's score is the participation of its least involved party (none 0, consulted
    0.25, joint or decides 1), over all parties of the case: a decision is joint only when
    every party shares it. The value is the mean over the decisions log; per party, the mean
    of that party's participation; facets give the mean per subject (planning, design,
    budget, ...). Segments coded K2 add to the party they are about.
    """
    code = "K2"
    scores = []
    records = []
    for decision in case.decisions:
        levels = [decision.level_of(party.id) for party in case.parties]
        score = min(PARTICIPATION_WEIGHTS[level] for level in levels)
        scores.append((decision.subject, score))
        who = ", ".join(
            f"{party.name} {level}" for party, level in zip(case.parties, levels, strict=True)
        )
        records.append(
            _record(
                f"decision:{decision.id}",
                f"{decision.subject}: {who}",
                code,
                lean(score),
                facet=str(decision.subject),
            )
        )
    overall = None
    by_party: dict[str, Reading] = {}
    if case.decisions:
        average = mean(score for _, score in scores)
        assert average is not None
        overall = Reading(rounded(average), tuple(records))
        for party in case.parties:
            taken = [PARTICIPATION_WEIGHTS[d.level_of(party.id)] for d in case.decisions]
            party_mean = mean(taken)
            assert party_mean is not None
            by_party[party.id] = Reading(rounded(party_mean), tuple(records))
    facets = []
    for subject in DecisionSubject:
        facet_mean = mean(score for s, score in scores if s == subject)
        facets.append(
            FacetValue(str(subject), rounded(facet_mean) if facet_mean is not None else None)
        )
    return assemble(case, code, NAMES[code], overall=overall, by_party=by_party, facets=facets)


def _evidence_only(case: Case, code: str) -> IndicatorValue:
    return assemble(case, code, NAMES[code], overall=None, by_party={})


def k3_understanding(case: Case) -> IndicatorValue:
    """K3, understanding of the purpose and substance of the partnership, per party.

    1: the party knows what the partnership is for and what it involves; 0: it does not.
    Only coded segments speak to it; a party without segments is reported as missing.
    """
    return _evidence_only(case, "K3")


def k4_sees_cooperation_important(case: Case) -> IndicatorValue:
    """K4, the party sees cooperating as important, per party.

    Record: signing an MoU, PKS or addendum reads as 1 for the signatory (a party that signs
    nothing gets no record, not a 0). Coded segments add to the party they are about.
    """
    code = "K4"
    by_party: dict[str, Reading] = {}
    for party in case.parties:
        signed = [
            a
            for a in case.agreements
            if a.kind in COMMITTING_AGREEMENTS and party.id in a.party_ids
        ]
        if signed:
            by_party[party.id] = Reading(
                1.0,
                tuple(
                    _record(
                        f"agreement:{a.id}",
                        f"{party.name} signed {a.kind} {a.title}".strip(),
                        code,
                        1,
                        party_id=party.id,
                    )
                    for a in signed
                ),
            )
    return assemble(case, code, NAMES[code], overall=None, by_party=by_party)


def k5_benefit(case: Case) -> IndicatorValue:
    """K5, benefit received by each party, tied to its own objectives, per party.

    Record: the share of the party's objectives that were met, counting its own objectives
    and the joint ones (objectives whose outcome is unknown are left out). Coded segments
    about the party's benefit add to it.
    """
    code = "K5"
    by_party: dict[str, Reading] = {}
    for party in case.parties:
        judged = [
            o for o in case.objectives if o.met is not None and o.party_id in (party.id, None)
        ]
        if not judged:
            continue
        met = sum(1 for o in judged if o.met)
        by_party[party.id] = Reading(
            rounded(met / len(judged)),
            tuple(
                _record(
                    f"objective:{o.id}",
                    f"{'met' if o.met else 'not met'}: {o.text}",
                    code,
                    1 if o.met else -1,
                    party_id=o.party_id,
                )
                for o in judged
            ),
        )
    return assemble(case, code, NAMES[code], overall=None, by_party=by_party)


def k6_symmetry(case: Case) -> IndicatorValue:
    """K6, symmetry of status, power and size: 1 relatively equal, 0 strongly unequal.

    Record: each party's status tier from its organisation kind (``STATUS_TIERS``), one tier
    up for a regulator; the value is 1 - (highest - lowest tier) / ``TIER_SPAN``. Parties of
    kind ``other`` have no tier; fewer than two tiered parties give no record. Coded segments
    on power or size support or contradict symmetry.
    """
    code = "K6"
    tiers = {}
    for party in case.parties:
        tier = STATUS_TIERS.get(party.kind)
        if tier is not None:
            tiers[party.id] = tier + (REGULATOR_LIFT if Role.REGULATOR in party.roles else 0)
    overall = None
    if len(tiers) >= 2:
        value = rounded(1 - (max(tiers.values()) - min(tiers.values())) / TIER_SPAN)
        overall = Reading(
            value,
            tuple(
                _record(
                    f"party:{party_id}",
                    f"{case.party(party_id).name}: {case.party(party_id).kind}, tier {tier}",
                    code,
                    lean(value),
                    party_id=party_id,
                )
                for party_id, tier in tiers.items()
            ),
        )
    return assemble(case, code, NAMES[code], overall=overall)


def k7_peer_relation(case: Case) -> IndicatorValue:
    """K7, direction of the relationship: 1 peer, 0 top-down.

    Record, per decision: 0 when one party decides while another takes no part or is only
    consulted (one directs the other), 1 when every party decides jointly, 0.5 otherwise;
    the value is the mean over the decisions log. Coded segments on who directs whom add.
    """
    code = "K7"
    overall = None
    records = []
    scores = []
    for decision in case.decisions:
        levels = [decision.level_of(party.id) for party in case.parties]
        deciders = [level for level in levels if level is Participation.DECIDES]
        outside = [
            level for level in levels if level in (Participation.NONE, Participation.CONSULTED)
        ]
        if len(deciders) == 1 and outside:
            score, reading = 0.0, "decided alone"
        elif not outside:
            score, reading = 1.0, "decided together"
        else:
            score, reading = 0.5, "neither alone nor together"
        scores.append(score)
        records.append(
            _record(
                f"decision:{decision.id}",
                f"{decision.subject}: {reading}",
                code,
                lean(score),
                facet=str(decision.subject),
            )
        )
    average = mean(scores)
    if average is not None:
        overall = Reading(rounded(average), tuple(records))
    return assemble(case, code, NAMES[code], overall=overall)


def k8_complementarity(case: Case) -> IndicatorValue:
    """K8, complementarity of vision and mission: 1 each party's aims meet in a joint one.

    Record: the share of parties that state an objective of their own, halved when no joint
    objective ties them together. It can only show that aims are stated side by side; coded
    segments must say whether they really complement each other.
    """
    code = "K8"
    overall = None
    if case.objectives:
        with_own = [
            party for party in case.parties if any(o.party_id == party.id for o in case.objectives)
        ]
        joint = [o for o in case.objectives if o.party_id is None]
        value = rounded(len(with_own) / len(case.parties) * (1.0 if joint else 0.5))
        overall = Reading(
            value,
            tuple(
                _record(f"objective:{o.id}", o.text, code, lean(value), party_id=o.party_id)
                for o in case.objectives
            ),
        )
    return assemble(case, code, NAMES[code], overall=overall)


def k9_capacity_gained(case: Case) -> IndicatorValue:
    """K9, capacity gained by each party through the partnership, per party.

    1: the party can do more than before (skills, systems, reach); 0: nothing gained. Only
    coded segments speak to it.
    """
    return _evidence_only(case, "K9")


def k10_independence(case: Case) -> IndicatorValue:
    """K10, independence: 1 the work needs no active role of another party, 0 it does.

    Records: the share of activities that depend on no activity of another party (direct
    dependencies in the work plan), and a handover from one party to another (what was built
    passes on, and the receiver carries on alone: 1). The value is the mean of those known;
    per party, the same over its own activities and the handovers it gives or receives.
    Coded segments on one party working without the other add.
    """
    code = "K10"
    owner = {activity.id: activity.party_id for activity in case.activities}
    activity_records: dict[str, list[tuple[float, Provenance]]] = {}
    for activity in case.activities:
        others = [d for d in activity.depends_on if owner[d] != activity.party_id]
        name = case.party(activity.party_id).name
        if others:
            waits = ", ".join(f"{d} ({case.party(owner[d]).name})" for d in others)
            score, direction, description = 0.0, -1, f"{name}: {activity.name} waits for {waits}"
        else:
            score, direction, description = 1.0, 1, f"{name}: {activity.name} needs no other party"
        provenance = _record(
            f"activity:{activity.id}", description, code, direction, party_id=activity.party_id
        )
        activity_records.setdefault(activity.party_id, []).append((score, provenance))
    handover_records = [
        (
            handover,
            _record(
                f"handover:{handover.id}",
                f"{case.party(handover.from_party_id).name} handed over {handover.asset} "
                f"to {case.party(handover.to_party_id).name}",
                code,
                1,
            ),
        )
        for handover in case.handovers
        if handover.from_party_id != handover.to_party_id
    ]

    def reading(
        activities: Sequence[tuple[float, Provenance]],
        handovers: Sequence[Provenance],
    ) -> Reading | None:
        parts = []
        activity_share = mean(score for score, _ in activities)
        if activity_share is not None:
            parts.append(activity_share)
        if handovers:
            parts.append(1.0)
        value = mean(parts)
        if value is None:
            return None
        return Reading(rounded(value), (*(p for _, p in activities), *handovers))

    overall = reading(
        [entry for party in case.parties for entry in activity_records.get(party.id, [])],
        [provenance for _, provenance in handover_records],
    )
    by_party = {}
    for party in case.parties:
        party_reading = reading(
            activity_records.get(party.id, []),
            [
                provenance
                for handover, provenance in handover_records
                if party.id in (handover.from_party_id, handover.to_party_id)
            ],
        )
        if party_reading is not None:
            by_party[party.id] = party_reading
    return assemble(case, code, NAMES[code], overall=overall, by_party=by_party)


def k11_formalisation(case: Case) -> IndicatorValue:
    """K11, formalisation: 1 a written MoU or PKS binds the parties, 0 nothing written.

    Record: 1 with an MoU or PKS, ``PARTLY_FORMAL`` with only other written agreements (BAST,
    addendum, other); no agreement recorded gives no record. Facets ``mou``, ``pks``,
    ``bast``, ``addendum``: 1 when such an agreement exists, 0 when agreements are recorded
    but not that kind. Coded segments (e.g. "the PKS was never signed") add.
    """
    code = "K11"
    overall = None
    facets = [FacetValue(str(kind), None) for kind in AgreementKind if kind != AgreementKind.OTHER]
    if case.agreements:
        formal = any(a.kind in FORMAL_AGREEMENTS for a in case.agreements)
        value = 1.0 if formal else PARTLY_FORMAL
        overall = Reading(
            value,
            tuple(
                _record(
                    f"agreement:{a.id}",
                    f"{a.kind} {a.title}".strip(),
                    code,
                    1 if a.kind in FORMAL_AGREEMENTS else 0,
                    facet=str(a.kind),
                )
                for a in case.agreements
            ),
        )
        kinds = {a.kind for a in case.agreements}
        facets = [
            FacetValue(f.name, 1.0 if AgreementKind(f.name) in kinds else 0.0) for f in facets
        ]
    return assemble(case, code, NAMES[code], overall=overall, facets=facets)


def k12_coordination(case: Case) -> IndicatorValue:
    """K12, coordination forum or joint team: 1 either exists, 0 both recorded as absent.

    Record from the organizing records; nothing recorded either way gives no record.
    """
    code = "K12"
    coordination = case.coordination
    known = [
        flag for flag in (coordination.has_forum, coordination.has_joint_team) if flag is not None
    ]
    overall = None
    if known:
        value = 1.0 if any(known) else 0.0
        description = f"forum: {coordination.has_forum}, joint team: {coordination.has_joint_team}"
        reference = coordination.reference or "coordination"
        overall = Reading(value, (_record(reference, description, code, lean(value)),))
    return assemble(case, code, NAMES[code], overall=overall)


def k13_poac_coverage(case: Case) -> IndicatorValue:
    """K13, who plans, organises, actuates and controls: POAC coverage, per party.

    Per party: the share of the four management functions it takes part in (once any
    function is recorded, a party missing from all of them has taken part in none). The value
    is the mean over parties. Facets per function score how jointly it is carried: 1 by every
    party, ``ONE_SIDED`` by one party of several (after Kepmentan 944/1997's joint 100 vs
    one-sided 25), linear in between, None when nobody is recorded for it.
    """
    code = "K13"
    by_party: dict[str, Reading] = {}
    facets = []
    count = len(case.parties)
    if case.phases:
        for party in case.parties:
            own = [p for p in case.phases if p.party_id == party.id]
            functions = {p.phase for p in own}
            value = rounded(len(functions) / len(POAC))
            by_party[party.id] = Reading(
                value,
                tuple(
                    _record(
                        p.reference or f"phase:{p.phase}:{party.id}",
                        f"{party.name} took part in {p.phase}",
                        code,
                        1,
                        party_id=party.id,
                        facet=str(p.phase),
                    )
                    for p in own
                ),
            )
    for phase in POAC:
        carriers = {p.party_id for p in case.phases if p.phase == phase}
        if not carriers:
            facets.append(FacetValue(str(phase), None))
        elif len(carriers) >= count:
            facets.append(FacetValue(str(phase), 1.0))
        else:
            share = (len(carriers) - 1) / (count - 1)
            facets.append(FacetValue(str(phase), rounded(ONE_SIDED + (1 - ONE_SIDED) * share)))
    return assemble(case, code, NAMES[code], overall=None, by_party=by_party, facets=facets)


def k14_transparency(case: Case) -> IndicatorValue:
    """K14, transparency: 1 every report is shared with the other parties or the public.

    Record: the share of reports shared beyond their author; no reports gives no record.
    Coded segments on information sharing add.
    """
    code = "K14"
    overall = None
    if case.reports:
        value = rounded(sum(1 for r in case.reports if r.shared) / len(case.reports))
        overall = Reading(
            value,
            tuple(
                _record(
                    f"report:{r.id}",
                    f"{case.party(r.party_id).name}: {r.title} "
                    f"({'shared' if r.shared else 'not shared'})",
                    code,
                    1 if r.shared else -1,
                    party_id=None,
                )
                for r in case.reports
            ),
        )
    return assemble(case, code, NAMES[code], overall=overall)


@dataclass(frozen=True)
class IndicatorSpec:
    """What a framework may read from an indicator."""

    code: str
    name: Message
    compute: Callable[[Case], IndicatorValue]
    per_party: bool = False
    facets: tuple[str, ...] = ()


INDICATORS: Mapping[str, IndicatorSpec] = {
    spec.code: spec
    for spec in (
        IndicatorSpec("K1", NAMES["K1"], k1_contribution_balance),
        IndicatorSpec(
            "K2",
            NAMES["K2"],
            k2_participation_in_decisions,
            per_party=True,
            facets=tuple(str(subject) for subject in DecisionSubject),
        ),
        IndicatorSpec("K3", NAMES["K3"], k3_understanding, per_party=True),
        IndicatorSpec("K4", NAMES["K4"], k4_sees_cooperation_important, per_party=True),
        IndicatorSpec("K5", NAMES["K5"], k5_benefit, per_party=True),
        IndicatorSpec("K6", NAMES["K6"], k6_symmetry),
        IndicatorSpec("K7", NAMES["K7"], k7_peer_relation),
        IndicatorSpec("K8", NAMES["K8"], k8_complementarity),
        IndicatorSpec("K9", NAMES["K9"], k9_capacity_gained, per_party=True),
        IndicatorSpec("K10", NAMES["K10"], k10_independence, per_party=True),
        IndicatorSpec(
            "K11",
            NAMES["K11"],
            k11_formalisation,
            facets=tuple(str(k) for k in AgreementKind if k != AgreementKind.OTHER),
        ),
        IndicatorSpec("K12", NAMES["K12"], k12_coordination),
        IndicatorSpec(
            "K13",
            NAMES["K13"],
            k13_poac_coverage,
            per_party=True,
            facets=tuple(str(phase) for phase in POAC),
        ),
        IndicatorSpec("K14", NAMES["K14"], k14_transparency),
    )
}

assert tuple(INDICATORS) == INDICATOR_CODES


def compute_indicators(case: Case) -> dict[str, IndicatorValue]:
    """Every indicator of ``case``, by code, in the order K1 ... K14."""
    return {code: spec.compute(case) for code, spec in INDICATORS.items()}
