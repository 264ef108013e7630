"""What the assessment reads about one partnership: plain records and coded evidence.

Selectors turn ORM rows into these values; tests build them by hand. Identifiers are strings
so that database keys and readable names (``"dinkes"``) both fit. Everything is a tuple, never
a set, so that the order of the records is the order of the output.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import IntEnum, StrEnum

from semanggi.core.lifecycle import Phase
from semanggi.core.triangulation import SourceKind, Status

INDICATOR_CODES: tuple[str, ...] = tuple(f"K{number}" for number in range(1, 15))

# The management functions; ``Phase.CLOSED`` is a state of the record, not a function.
POAC: tuple[Phase, ...] = (Phase.PLANNING, Phase.ORGANIZING, Phase.ACTUATING, Phase.CONTROLLING)


class OrganisationKind(StrEnum):
    GOVERNMENT = "government"
    REGIONAL_UNIT = "regional_unit"
    SOE = "soe"
    COMPANY = "company"
    BANK = "bank"
    NGO = "ngo"
    COMMUNITY = "community"
    UNIVERSITY = "university"
    SCHOOL = "school"
    HEALTH_CENTRE = "health_centre"
    REGIONAL_SOE = "regional_soe"
    COOPERATIVE = "cooperative"
    SMALL_BUSINESS = "small_business"
    OTHER = "other"


class Standing(StrEnum):
    """Why a party sits in the partnership.

    A partner is one of the allied parties. A regulator or supervisor takes part to regulate
    or to oversee: it is not held to the partners' elements (contribution, benefit,
    understanding, capacity) unless it is also recorded as a beneficiary.
    """

    PARTNER = "partner"
    REGULATOR = "regulator"
    SUPERVISOR = "supervisor"


class Role(StrEnum):
    FUNDING = "funding"
    ACCOUNTABLE = "accountable"
    EXTENDING = "extending"
    IMPLEMENTING = "implementing"
    INITIATOR = "initiator"
    BENEFICIARY_REPRESENTATIVE = "beneficiary_representative"
    REGULATOR = "regulator"
    COORDINATOR = "coordinator"


class ContributionKind(StrEnum):
    MONEY = "money"
    CONSTRUCTION = "construction"
    GOODS = "goods"
    LAND = "land"
    PERMITS = "permits"
    STAFF = "staff"
    EXPERTISE = "expertise"
    FACILITIES = "facilities"
    AUTHORITY = "authority"
    OTHER = "other"


class Participation(StrEnum):
    """How far a party took part in one decision."""

    NONE = "none"
    CONSULTED = "consulted"
    JOINT = "joint"
    DECIDES = "decides"


class DecisionSubject(StrEnum):
    PLANNING = "planning"
    DESIGN = "design"
    BUDGET = "budget"
    IMPLEMENTATION = "implementation"
    MONITORING = "monitoring"
    OTHER = "other"


class AgreementKind(StrEnum):
    MOU = "mou"
    PKS = "pks"
    BAST = "bast"
    ADDENDUM = "addendum"
    OTHER = "other"


class AbsenceWhat(StrEnum):
    """What a record of absence says is not there."""

    AGREEMENT = "agreement"  # no written agreement (the reason says why)
    FORUM = "forum"  # no coordination forum
    JOINT_TEAM = "joint_team"  # no joint team
    CONTRIBUTION = "contribution"  # a party's contribution is not reported (unknown, not zero)
    OBJECTIVE = "objective"  # a party states no objective of its own
    REPORT = "report"  # no report shared
    HANDOVER = "handover"  # nothing was handed over


class DependenceKind(StrEnum):
    """What one party depends on another for."""

    FUNDS = "funds"
    SKILLS = "skills"
    AUTHORITY = "authority"
    ASSETS = "assets"
    OTHER = "other"


class Direction(IntEnum):
    """Which way a coded segment points, relative to the indicator's high reading."""

    SUPPORTS = 1
    CONTRADICTS = -1


# How much one coded segment counts, by the triangulation status of the finding it belongs to
# (``semanggi.core.triangulation``). A triangulated finding is the unit; a finding not yet
# triangulated counts half; a contested one a quarter; one left with no admissible support
# counts nothing (ours).
WEIGHT_TRIANGULATED = 1.0
WEIGHT_SINGLE_SOURCE = 0.5
WEIGHT_CONTESTED = 0.25
WEIGHT_UNSUPPORTED = 0.0

TRIANGULATION_WEIGHTS: Mapping[Status, float] = {
    Status.TRIANGULATED: WEIGHT_TRIANGULATED,
    Status.SINGLE_SOURCE: WEIGHT_SINGLE_SOURCE,
    Status.CONTESTED: WEIGHT_CONTESTED,
    Status.UNSUPPORTED: WEIGHT_UNSUPPORTED,
}


@dataclass(frozen=True)
class Party:
    """A party of the partnership.

    ``kind`` is shown, never scored: power and dependence come from records. ``beneficiary``
    is None where nothing is recorded; a regulator or supervisor recorded as a beneficiary is
    held to the benefit element like a partner.
    """

    id: str
    name: str
    kind: OrganisationKind
    roles: tuple[Role, ...] = ()
    standing: Standing = Standing.PARTNER
    beneficiary: bool | None = None

    @property
    def overseer(self) -> bool:
        """A regulator or supervisor that is not recorded as a beneficiary."""
        return self.standing is not Standing.PARTNER and self.beneficiary is not True


@dataclass(frozen=True)
class Contribution:
    id: str
    party_id: str
    kind: ContributionKind
    planned_value: Decimal | None = None
    realised_value: Decimal | None = None
    description: str = ""

    @property
    def value(self) -> Decimal | None:
        """The realised value where known, else the planned one (IDR)."""
        return self.realised_value if self.realised_value is not None else self.planned_value


@dataclass(frozen=True)
class Objective:
    """A party's own objective, or a joint one when ``party_id`` is None.

    ``held_by`` names the parties that hold a joint objective as their own (stated in their
    plans, mandate or interviews); a joint objective counts towards a party's benefit only
    where that party holds it.
    """

    id: str
    party_id: str | None
    text: str
    met: bool | None = None
    held_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartyParticipation:
    party_id: str
    level: Participation


@dataclass(frozen=True)
class Decision:
    """One entry of the decisions log. Parties not listed took no part (``none``)."""

    id: str
    subject: DecisionSubject
    participation: tuple[PartyParticipation, ...]
    description: str = ""
    meeting: str = ""
    on: date | None = None

    def level_of(self, party_id: str) -> Participation:
        for entry in self.participation:
            if entry.party_id == party_id:
                return entry.level
        return Participation.NONE


@dataclass(frozen=True)
class Activity:
    """A piece of work in the plan; ``depends_on`` names the activities it waits for."""

    id: str
    party_id: str
    name: str
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handover:
    """An asset passed from one party to another (serah terima, usually with a BAST)."""

    id: str
    asset: str
    from_party_id: str
    to_party_id: str
    on: date | None = None


@dataclass(frozen=True)
class Dependence:
    """A recorded dependence: ``party_id`` depends on ``on_party_id`` for ``kind``."""

    id: str
    party_id: str
    on_party_id: str
    kind: DependenceKind
    description: str = ""


@dataclass(frozen=True)
class Absence:
    """A record that something is not there, read as a record (not as coded text).

    ``party_id`` names the party it is about where it is about one (a contribution not
    reported, an objective not stated); ``reason`` is the recorded reason, shown as it is.
    """

    id: str
    what: AbsenceWhat
    party_id: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Agreement:
    id: str
    kind: AgreementKind
    party_ids: tuple[str, ...]
    title: str = ""
    signed_on: date | None = None


@dataclass(frozen=True)
class Coordination:
    """Organizing records: None where nothing is recorded either way."""

    has_forum: bool | None = None
    has_joint_team: bool | None = None
    reference: str = ""


@dataclass(frozen=True)
class PhaseParticipation:
    """A party took part in one management function (planning, organizing, ...)."""

    party_id: str
    phase: Phase
    reference: str = ""


@dataclass(frozen=True)
class Report:
    """A progress, spending or result report, and with whom it was shared."""

    id: str
    party_id: str
    title: str
    shared_with: tuple[str, ...] = ()
    public: bool = False

    @property
    def shared(self) -> bool:
        return self.public or any(other != self.party_id for other in self.shared_with)


@dataclass(frozen=True)
class EvidenceItem:
    """A coded segment: it supports or contradicts the high reading of one indicator.

    ``triangulation`` is the status of the finding the segment belongs to; it sets the
    segment's weight. ``party_id`` is the party the finding is about (None: about the
    partnership as a whole). ``informant`` is a pseudonym, never a real name.

    ``source_id`` identifies the source (its title where empty). ``publication`` names the
    publication a ``published_study`` source paraphrases: every segment of one publication
    speaks with one voice, as one document. ``illustrative`` marks a segment whose source or
    study is illustrative (made up to show the method): shown as such, and left out when the
    case asks for it (``Case.exclude_illustrative``).
    """

    indicator: str
    direction: Direction
    triangulation: Status
    segment: str
    source: str
    source_kind: SourceKind
    party_id: str | None = None
    informant: str | None = None
    excerpt: str = ""
    source_id: str = ""
    publication: str = ""
    illustrative: bool = False

    @property
    def weight(self) -> float:
        return TRIANGULATION_WEIGHTS[self.triangulation]

    @property
    def voice(self) -> str:
        """Who speaks: one publication, one informant, or one source without an informant."""
        if self.publication or self.source_kind is SourceKind.PUBLISHED_STUDY:
            return f"publication:{self.publication or self.source_id or self.source}"
        if self.informant:
            return f"informant:{self.informant}"
        return f"source:{self.source_id or self.source}"


@dataclass(frozen=True)
class Case:
    """Everything the indicators read about one partnership.

    Construction checks that every reference points at a party or activity of the case, so
    that the indicators never meet a dangling id.
    """

    id: str
    title: str
    parties: tuple[Party, ...]
    contributions: tuple[Contribution, ...] = ()
    objectives: tuple[Objective, ...] = ()
    decisions: tuple[Decision, ...] = ()
    activities: tuple[Activity, ...] = ()
    handovers: tuple[Handover, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    coordination: Coordination = field(default_factory=Coordination)
    phases: tuple[PhaseParticipation, ...] = ()
    reports: tuple[Report, ...] = ()
    evidence: tuple[EvidenceItem, ...] = ()
    dependences: tuple[Dependence, ...] = ()
    absences: tuple[Absence, ...] = ()
    # Where the records themselves come from when they were transcribed from one
    # publication (a dossier written from a published study): the records then speak with
    # that publication's voice and do not count as a second, independent source.
    records_publication: str = ""
    # The evaluator's choices: leave illustrative evidence out; show the named readings
    # (ids of a framework's readings) beside the definitions' results.
    exclude_illustrative: bool = False
    readings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        party_ids = [party.id for party in self.parties]
        if not party_ids:
            raise ValueError(f"case {self.id!r}: a partnership needs at least one party")
        if len(set(party_ids)) != len(party_ids):
            raise ValueError(f"case {self.id!r}: party ids must be unique")
        known = set(party_ids)

        def check(party_id: str | None, where: str) -> None:
            if party_id is not None and party_id not in known:
                raise ValueError(f"case {self.id!r}: {where} names unknown party {party_id!r}")

        for contribution in self.contributions:
            check(contribution.party_id, f"contribution {contribution.id!r}")
        for objective in self.objectives:
            check(objective.party_id, f"objective {objective.id!r}")
        for decision in self.decisions:
            for entry in decision.participation:
                check(entry.party_id, f"decision {decision.id!r}")
        activity_ids = {activity.id for activity in self.activities}
        for activity in self.activities:
            check(activity.party_id, f"activity {activity.id!r}")
            for other in activity.depends_on:
                if other not in activity_ids:
                    raise ValueError(
                        f"case {self.id!r}: activity {activity.id!r} depends on unknown "
                        f"activity {other!r}"
                    )
        for handover in self.handovers:
            check(handover.from_party_id, f"handover {handover.id!r}")
            check(handover.to_party_id, f"handover {handover.id!r}")
        for agreement in self.agreements:
            for party_id in agreement.party_ids:
                check(party_id, f"agreement {agreement.id!r}")
        for phase in self.phases:
            check(phase.party_id, f"phase participation {phase.reference or phase.phase!r}")
            if phase.phase not in POAC:
                raise ValueError(f"case {self.id!r}: {phase.phase!r} is not a management function")
        for report in self.reports:
            check(report.party_id, f"report {report.id!r}")
            for party_id in report.shared_with:
                check(party_id, f"report {report.id!r}")
        for dependence in self.dependences:
            check(dependence.party_id, f"dependence {dependence.id!r}")
            check(dependence.on_party_id, f"dependence {dependence.id!r}")
        for absence in self.absences:
            check(absence.party_id, f"absence {absence.id!r}")
        for objective in self.objectives:
            for party_id in objective.held_by:
                check(party_id, f"objective {objective.id!r}")
        for item in self.evidence:
            check(item.party_id, f"evidence segment {item.segment!r}")
            if item.indicator not in INDICATOR_CODES:
                raise ValueError(
                    f"case {self.id!r}: evidence segment {item.segment!r} is coded to "
                    f"unknown indicator {item.indicator!r}"
                )

    @property
    def partners(self) -> tuple[Party, ...]:
        """The allied parties: every party but regulators and supervisors that are not
        beneficiaries (all parties where none is a partner)."""
        partners = tuple(party for party in self.parties if not party.overseer)
        return partners or self.parties

    def party(self, party_id: str) -> Party:
        for party in self.parties:
            if party.id == party_id:
                return party
        raise KeyError(party_id)
