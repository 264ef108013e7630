"""K1 contribution balance, K5 benefit against each party's own objectives, K8 complementary
vision: what the parties put in and what they aim at (ours)."""

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from semanggi.core.assessment.indicators.common import NAMES, absences, balance, record
from semanggi.core.assessment.inputs import AbsenceWhat, Case, ContributionKind
from semanggi.core.assessment.tally import Reading, assemble, lean, mean, rounded
from semanggi.core.assessment.values import IndicatorValue, Missing, Provenance
from semanggi.core.money import format_rupiah
from semanggi.core.text import Message

# How much a contribution of unknown amount weighs, by kind (ours): material resources in
# full, people and know-how at three quarters, acts of office (a permit, a letter of
# authority) at a quarter, since they cost the giver little beside money or work.
KIND_WEIGHTS: Mapping[ContributionKind, float] = {
    ContributionKind.MONEY: 1.0,
    ContributionKind.CONSTRUCTION: 1.0,
    ContributionKind.LAND: 1.0,
    ContributionKind.GOODS: 0.75,
    ContributionKind.FACILITIES: 0.75,
    ContributionKind.STAFF: 0.75,
    ContributionKind.EXPERTISE: 0.75,
    ContributionKind.OTHER: 0.5,
    ContributionKind.PERMITS: 0.25,
    ContributionKind.AUTHORITY: 0.25,
}

# The K8 record is a proxy (aims stated side by side); it counts as one segment not yet
# triangulated, so that explicit coded statements on vision outweigh it.
K8_RECORD_WEIGHT = 0.5


def k1_contribution_balance(case: Case) -> IndicatorValue:
    """K1, contribution balance between the partners: 1 balanced, 0 one partner gives all.

    Where every partner's contributions have a value (realised, else planned, in IDR), the
    balance of the amounts: (1 - largest share) / (1 - equal share). Where some have no
    value, the balance of the kinds given, each kind weighted by ``KIND_WEIGHTS`` (a permit
    weighs a quarter of money); where both are known, their mean. A partner with no
    contribution on record gives nothing; a partner whose contribution is recorded as *not
    reported* is unknown, so the records give no reading and the gap is listed. Regulators
    and supervisors that are not beneficiaries are left out. Segments coded K1 add.
    """
    code = "K1"
    partners = case.partners
    partner_ids = {party.id for party in partners}
    unreported = [
        provenance
        for provenance in absences(case, AbsenceWhat.CONTRIBUTION, code, direction=0)
        if provenance.party_id in partner_ids
    ]
    notes: list[Message] = []
    overall = None
    contributions = [c for c in case.contributions if c.party_id in partner_ids]
    if unreported:
        names = ", ".join(case.party(p.party_id).name for p in unreported if p.party_id)
        notes.append(
            Message(
                f"kontribusi {names} tidak dilaporkan: keseimbangan tidak dapat dihitung dari "
                "catatan",
                f"the contribution of {names} is not reported: the balance cannot be computed "
                "from the records",
            )
        )
    elif contributions and len(partners) >= 2:
        valued: dict[str, Decimal] = {party.id: Decimal(0) for party in partners}
        kinds: dict[str, set[ContributionKind]] = {party.id: set() for party in partners}
        all_valued = True
        for contribution in contributions:
            kinds[contribution.party_id].add(contribution.kind)
            if contribution.value is None:
                all_valued = False
            else:
                valued[contribution.party_id] += contribution.value
        spreads = []
        total = sum(valued.values(), Decimal(0))
        if total > 0:
            spreads.append(balance([float(valued[p.id] / total) for p in partners]))
        if not all_valued or total <= 0:
            spreads.append(
                balance([sum(KIND_WEIGHTS[kind] for kind in kinds[p.id]) for p in partners])
            )
        value = mean(spread for spread in spreads if spread is not None)
        if value is not None:
            value = rounded(value)
            provenance = tuple(
                record(
                    f"contribution:{c.id}",
                    f"{case.party(c.party_id).name}: {c.kind}"
                    + (f", {format_rupiah(c.value)}" if c.value is not None else ", value unknown"),
                    code,
                    lean(value),
                    party_id=c.party_id,
                )
                for c in contributions
            )
            overall = Reading(value, provenance)
    result = assemble(case, code, NAMES[code], overall=overall, notes=notes)
    if unreported:
        return _with_records(result, unreported)
    return result


def _with_records(value: IndicatorValue, records: list[Provenance]) -> IndicatorValue:
    """Add the records of contributions not reported, each listed as a gap."""
    gaps = tuple(
        Missing(
            indicator=value.code,
            party_id=item.party_id,
            text=Message(
                f"kontribusi tidak dilaporkan: {item.description}",
                f"contribution not reported: {item.description}",
            ),
        )
        for item in records
    )
    return replace(value, provenance=(*value.provenance, *records), missing=(*value.missing, *gaps))


def k5_benefit(case: Case) -> IndicatorValue:
    """K5, benefit received by each party against its own objectives, per party.

    Record: the share of the party's judged objectives that were met, counting its own
    objectives and those joint objectives it holds (``Objective.held_by``); a joint objective
    the party does not hold is not its benefit. Regulators and supervisors that are not
    beneficiaries are exempt. Coded segments about the party's benefit add to it.
    """
    code = "K5"
    by_party: dict[str, Reading] = {}
    for party in case.parties:
        judged = [
            o
            for o in case.objectives
            if o.met is not None
            and (o.party_id == party.id or (o.party_id is None and party.id in o.held_by))
        ]
        if not judged:
            continue
        met = sum(1 for o in judged if o.met)
        by_party[party.id] = Reading(
            rounded(met / len(judged)),
            tuple(
                record(
                    f"objective:{o.id}",
                    f"{party.name}: {'met' if o.met else 'not met'}: {o.text}",
                    code,
                    1 if o.met else -1,
                    party_id=party.id,
                )
                for o in judged
            ),
        )
    return assemble(case, code, NAMES[code], overall=None, by_party=by_party)


def k8_complementarity(case: Case) -> IndicatorValue:
    """K8, complementarity of vision and mission: 1 each party's aims meet in a joint one.

    Record (a proxy, weighing as one segment): with a joint objective, the share of partners
    that state an objective of their own or hold the joint one; without a joint objective,
    half that. Where no partner states any aim, there is no record (not a 0). Coded segments
    (an explicit "shared vision and mission", or "their aims pull apart") carry the reading.
    """
    code = "K8"
    overall = None
    partners = case.partners
    joint = [o for o in case.objectives if o.party_id is None]

    def states(party_id: str) -> bool:
        return any(o.party_id == party_id for o in case.objectives) or any(
            party_id in o.held_by for o in joint
        )

    stating = [party for party in partners if states(party.id)]
    if stating:
        value = rounded(len(stating) / len(partners) * (1.0 if joint else 0.5))
        overall = Reading(
            value,
            tuple(
                record(f"objective:{o.id}", o.text, code, lean(value), party_id=o.party_id)
                for o in case.objectives
            ),
            weight=K8_RECORD_WEIGHT,
        )
    return assemble(case, code, NAMES[code], overall=overall)
