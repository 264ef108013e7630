"""K10 independence, K11 formalisation, K12 coordination, K13 POAC coverage, K14
transparency: how the work is organised, read from the records, records of absence included
(ours)."""

from collections.abc import Sequence

from semanggi.core.assessment.indicators.common import NAMES, absences, record
from semanggi.core.assessment.inputs import POAC, AbsenceWhat, AgreementKind, Case
from semanggi.core.assessment.tally import Reading, assemble, lean, mean, rounded
from semanggi.core.assessment.values import FacetValue, IndicatorValue, Provenance

FORMAL_AGREEMENTS = (AgreementKind.MOU, AgreementKind.PKS)
# A case with only other written records (BAST, addendum, letters) is half formalised.
PARTLY_FORMAL = 0.5
# POAC coverage of one function when a single party of several carries it (Kepmentan-style).
ONE_SIDED = 0.25


def k10_independence(case: Case) -> IndicatorValue:
    """K10, independence: 1 the work needs no active role of another party, 0 it does.

    Records: the share of activities that depend on no activity of another party (direct
    dependencies in the work plan), and a handover from one party to another (what was built
    passes on, and the receiver carries on alone: 1; a record that nothing was handed over:
    0). The value is the mean of those known; per party, the same over its own activities and
    the handovers it gives or receives. Coded segments on one party working without the
    other, or carrying on alone afterwards, add.
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
        provenance = record(
            f"activity:{activity.id}", description, code, direction, party_id=activity.party_id
        )
        activity_records.setdefault(activity.party_id, []).append((score, provenance))
    handover_records = [
        (
            handover,
            record(
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

    none_handed = absences(case, AbsenceWhat.HANDOVER, code)

    def reading(
        activities: Sequence[tuple[float, Provenance]],
        handovers: Sequence[Provenance],
        nothing_handed: Sequence[Provenance] = (),
    ) -> Reading | None:
        parts = []
        activity_share = mean(score for score, _ in activities)
        if activity_share is not None:
            parts.append(activity_share)
        if handovers:
            parts.append(1.0)
        elif nothing_handed:
            parts.append(0.0)
        value = mean(parts)
        if value is None:
            return None
        return Reading(rounded(value), (*(p for _, p in activities), *handovers, *nothing_handed))

    overall = reading(
        [entry for party in case.parties for entry in activity_records.get(party.id, [])],
        [provenance for _, provenance in handover_records],
        none_handed,
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
    addendum, other); a record that there is no written agreement gives 0, its reason shown;
    nothing recorded either way gives no record. Facets ``mou``, ``pks``,
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
                record(
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
    else:
        none_signed = absences(case, AbsenceWhat.AGREEMENT, code)
        if none_signed:
            overall = Reading(0.0, tuple(none_signed))
            facets = [FacetValue(f.name, 0.0) for f in facets]
    return assemble(case, code, NAMES[code], overall=overall, facets=facets)


def k12_coordination(case: Case) -> IndicatorValue:
    """K12, coordination forum or joint team: 1 either exists, 0 both recorded as absent.

    Record from the organizing records and the records of absence (no forum, no joint
    team); nothing recorded either way gives no record.
    """
    code = "K12"
    coordination = case.coordination
    no_forum = absences(case, AbsenceWhat.FORUM, code)
    no_team = absences(case, AbsenceWhat.JOINT_TEAM, code)
    forum = coordination.has_forum
    team = coordination.has_joint_team
    if forum is None and no_forum:
        forum = False
    if team is None and no_team:
        team = False
    known = [flag for flag in (forum, team) if flag is not None]
    overall = None
    if known:
        value = 1.0 if any(known) else 0.0
        description = f"forum: {forum}, joint team: {team}"
        reference = coordination.reference or "coordination"
        shown = (record(reference, description, code, lean(value)),)
        if coordination.has_forum is not None or coordination.has_joint_team is not None:
            overall = Reading(value, (*shown, *no_forum, *no_team))
        else:
            overall = Reading(value, (*no_forum, *no_team))
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
                    record(
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

    Record: the share of reports shared beyond their author; a record that no report is
    shared gives 0; nothing recorded gives no record. Coded segments on information sharing
    add.
    """
    code = "K14"
    overall = None
    if case.reports:
        value = rounded(sum(1 for r in case.reports if r.shared) / len(case.reports))
        overall = Reading(
            value,
            tuple(
                record(
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
    else:
        none_shared = absences(case, AbsenceWhat.REPORT, code)
        if none_shared:
            overall = Reading(0.0, tuple(none_shared))
    return assemble(case, code, NAMES[code], overall=overall)
