"""K2 participation in decisions, K6 symmetry of power and dependence, K7 direction of the
relation: who decides and who depends on whom, read from records, never from the kind of
organisation (ours)."""

from collections import defaultdict

from semanggi.core.assessment.indicators.common import NAMES, PARTICIPATION_WEIGHTS, record
from semanggi.core.assessment.inputs import Case, DecisionSubject, Participation
from semanggi.core.assessment.tally import Reading, assemble, lean, mean, rounded
from semanggi.core.assessment.values import FacetValue, IndicatorValue, Provenance

K6_FACETS = ("power", "dependence")


def k2_participation_in_decisions(case: Case) -> IndicatorValue:
    """K2, participation in decisions: 1 every decision taken jointly, 0 taken alone.

    A decision's score is the participation of its least involved partner (none 0, consulted
    0.25, joint or decides 1): a decision is joint only when every partner shares it. The
    value is the mean over the decisions log; per party, the mean of that party's
    participation; facets give the mean per subject (planning, design, budget, ...). Segments
    coded K2 add to the party they are about. Regulators and supervisors that are not
    beneficiaries are not partners to the decisions.
    """
    code = "K2"
    partners = case.partners
    scores = []
    records = []
    for decision in case.decisions:
        levels = [decision.level_of(party.id) for party in partners]
        score = min(PARTICIPATION_WEIGHTS[level] for level in levels)
        scores.append((decision.subject, score))
        who = ", ".join(
            f"{party.name} {level}" for party, level in zip(partners, levels, strict=True)
        )
        records.append(
            record(
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


def _power(case: Case) -> tuple[float | None, list[Provenance]]:
    """Symmetry of decision power among the partners: 1 - (most - least powerful)."""
    partners = case.partners
    if not case.decisions or len(partners) < 2:
        return None, []
    power = {}
    for party in partners:
        shares = [PARTICIPATION_WEIGHTS[d.level_of(party.id)] for d in case.decisions]
        power[party.id] = mean(shares) or 0.0
    value = rounded(1 - (max(power.values()) - min(power.values())))
    provenance = [
        record(
            f"decision:{d.id}",
            f"{d.subject}: "
            + ", ".join(f"{party.name} {d.level_of(party.id)}" for party in partners),
            "K6",
            lean(value),
            facet="power",
        )
        for d in case.decisions
    ]
    return value, provenance


def _dependence(case: Case) -> tuple[float | None, list[Provenance]]:
    """Symmetry of dependence among the partners: per pair with any recorded dependence,
    1 - |A on B - B on A| / (A on B + B on A); the mean over such pairs. 1 mutual, 0 one-way.
    No dependence recorded gives no reading."""
    partner_ids = {party.id for party in case.partners}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    provenance = []
    for dependence in case.dependences:
        if dependence.party_id == dependence.on_party_id:
            continue
        if dependence.party_id not in partner_ids or dependence.on_party_id not in partner_ids:
            continue
        counts[(dependence.party_id, dependence.on_party_id)] += 1
    pairs = sorted({tuple(sorted(pair)) for pair in counts})
    scores = []
    for first, second in pairs:
        one, other = counts[(first, second)], counts[(second, first)]
        scores.append(1 - abs(one - other) / (one + other))
    value = mean(scores)
    if value is None:
        return None, []
    value = rounded(value)
    for dependence in case.dependences:
        if (dependence.party_id, dependence.on_party_id) in counts:
            provenance.append(
                record(
                    f"dependence:{dependence.id}",
                    f"{case.party(dependence.party_id).name} depends on "
                    f"{case.party(dependence.on_party_id).name} for {dependence.kind}"
                    + (f": {dependence.description}" if dependence.description else ""),
                    "K6",
                    lean(value),
                    party_id=dependence.party_id,
                    facet="dependence",
                )
            )
    return value, provenance


def k6_symmetry(case: Case) -> IndicatorValue:
    """K6, symmetry of power and dependence between the partners: 1 equal, 0 one-sided.

    Two records, read from what happened and never from the kind of organisation: *power*,
    1 - the gap between the partners' mean share in decisions (decides or joint 1, consulted
    0.25, none 0); and *dependence*, how mutual the recorded dependences are (for funds,
    skills, authority, assets): 1 mutual or balanced, 0 one partner depends on the other and
    not the reverse. The value is the mean of those known; both are also facets. Coded
    segments on status, power, ability or size support or contradict symmetry.
    """
    code = "K6"
    power, power_records = _power(case)
    dependence, dependence_records = _dependence(case)
    known = [value for value in (power, dependence) if value is not None]
    overall = None
    if known:
        value = mean(known)
        assert value is not None
        overall = Reading(rounded(value), (*power_records, *dependence_records))
    facets = [FacetValue("power", power), FacetValue("dependence", dependence)]
    return assemble(case, code, NAMES[code], overall=overall, facets=facets)


def k7_peer_relation(case: Case) -> IndicatorValue:
    """K7, direction of the relationship: 1 peer, 0 top-down.

    Record, per decision: 0 when one partner decides while another takes no part or is only
    consulted (one directs the other), 1 when every partner decides jointly, 0.5 otherwise;
    the value is the mean over the decisions log. Coded segments on who directs whom add.
    """
    code = "K7"
    partners = case.partners
    overall = None
    records = []
    scores = []
    for decision in case.decisions:
        levels = [decision.level_of(party.id) for party in partners]
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
            record(
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
