"""K3 understanding, K4 valuing the cooperation, K9 capacity gained: what each party knows,
values and gains (ours)."""

from semanggi.core.assessment.indicators.common import NAMES, record
from semanggi.core.assessment.inputs import AgreementKind, Case
from semanggi.core.assessment.tally import Reading, assemble
from semanggi.core.assessment.values import IndicatorValue

# Agreements that show a party commits to the cooperation itself (a BAST records a handover).
COMMITTING_AGREEMENTS = (AgreementKind.MOU, AgreementKind.PKS, AgreementKind.ADDENDUM)


def _evidence_only(case: Case, code: str) -> IndicatorValue:
    return assemble(case, code, NAMES[code], overall=None, by_party={})


def k3_understanding(case: Case) -> IndicatorValue:
    """K3, understanding of the purpose and substance of the partnership, per party.

    1: the party knows what the partnership is for and what it involves; 0: it does not.
    Only coded segments speak to it (about a party, or about the partnership as a whole,
    then read for every party); a partner without any is reported as missing.
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
                    record(
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


def k9_capacity_gained(case: Case) -> IndicatorValue:
    """K9, capacity gained by each party through the partnership, per party.

    1: the party can do more than before (skills, systems, reach) by drawing on the other;
    0: nothing gained. Only coded segments speak to it.
    """
    return _evidence_only(case, "K9")
