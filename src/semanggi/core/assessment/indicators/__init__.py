"""Indicators K1-K14: what a partnership looks like on each point the typologies read.

No published rubric turns Sulistiyani's types into indicators: these readings are Semanggi's
own operationalisation (section 3 of the domain brief). Each indicator is a pure function of a
``Case``; its docstring says what 1 (the high reading) and 0 mean and which records it reads.
Records, records of absence and coded segments are blended as
``semanggi.core.assessment.tally`` describes; where none exists the value is None and the gap
is listed, never guessed. Power and dependence come from who decides and who depends on whom,
never from the kind of organisation; regulators and supervisors that are not beneficiaries are
read but not held to the partners' per-party readings.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from semanggi.core.assessment.indicators.common import NAMES, PARTICIPATION_WEIGHTS
from semanggi.core.assessment.indicators.organisation import (
    k10_independence,
    k11_formalisation,
    k12_coordination,
    k13_poac_coverage,
    k14_transparency,
)
from semanggi.core.assessment.indicators.parties import (
    k3_understanding,
    k4_sees_cooperation_important,
    k9_capacity_gained,
)
from semanggi.core.assessment.indicators.power import (
    K6_FACETS,
    k2_participation_in_decisions,
    k6_symmetry,
    k7_peer_relation,
)
from semanggi.core.assessment.indicators.resources import (
    KIND_WEIGHTS,
    k1_contribution_balance,
    k5_benefit,
    k8_complementarity,
)
from semanggi.core.assessment.inputs import (
    INDICATOR_CODES,
    POAC,
    AgreementKind,
    Case,
    DecisionSubject,
)
from semanggi.core.assessment.values import IndicatorValue
from semanggi.core.text import Message

__all__ = [
    "INDICATORS",
    "KIND_WEIGHTS",
    "NAMES",
    "PARTICIPATION_WEIGHTS",
    "IndicatorSpec",
    "compute_indicators",
    "k1_contribution_balance",
    "k2_participation_in_decisions",
    "k3_understanding",
    "k4_sees_cooperation_important",
    "k5_benefit",
    "k6_symmetry",
    "k7_peer_relation",
    "k8_complementarity",
    "k9_capacity_gained",
    "k10_independence",
    "k11_formalisation",
    "k12_coordination",
    "k13_poac_coverage",
    "k14_transparency",
]


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
        IndicatorSpec("K6", NAMES["K6"], k6_symmetry, facets=K6_FACETS),
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
