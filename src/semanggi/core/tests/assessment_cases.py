"""Small cases written from Sulistiyani's definitions, for the assessment's tests.

Two partners, ``A`` (``Dinas Contoh``) and ``B`` (``Perusahaan Contoh``); every helper builds
one plain fact. Nothing here comes from the founding case.
"""

from decimal import Decimal

from semanggi.core.assessment import Assessment, assess, load_framework
from semanggi.core.assessment.inputs import (
    Agreement,
    AgreementKind,
    Case,
    Contribution,
    ContributionKind,
    Decision,
    DecisionSubject,
    Dependence,
    DependenceKind,
    Direction,
    EvidenceItem,
    Objective,
    OrganisationKind,
    Participation,
    Party,
    PartyParticipation,
)
from semanggi.core.triangulation import SourceKind, Status

A, B = "a", "b"
PARTNERS = (
    Party(A, "Dinas Contoh", OrganisationKind.REGIONAL_UNIT),
    Party(B, "Perusahaan Contoh", OrganisationKind.COMPANY),
)
FOR, AGAINST = Direction.SUPPORTS, Direction.CONTRADICTS


def assessed(case: Case, framework_id: str = "sulistiyani-life") -> Assessment:
    return assess(case, load_framework(framework_id))


def seg(
    code: str,
    direction: Direction,
    segment_id: str,
    *,
    party: str | None = None,
    informant: str | None = None,
    kind: SourceKind = SourceKind.INTERVIEW,
    status: Status = Status.TRIANGULATED,
    publication: str = "",
) -> EvidenceItem:
    """A coded segment; without an informant it is a document of its own."""
    return EvidenceItem(
        indicator=code,
        direction=direction,
        triangulation=status,
        segment=segment_id,
        source=f"source {informant or segment_id}",
        source_kind=SourceKind.PUBLISHED_STUDY if publication else kind,
        party_id=party,
        informant=informant,
        publication=publication,
    )


def both(code: str, direction: Direction, tag: str) -> tuple[EvidenceItem, ...]:
    """Each partner says so, each in an interview of its own, confirmed by a document."""
    return (
        seg(code, direction, f"{tag}-a", party=A, informant=f"{tag}-IA"),
        seg(code, direction, f"{tag}-b", party=B, informant=f"{tag}-IB"),
        seg(code, direction, f"{tag}-doc", kind=SourceKind.DOCUMENT),
    )


def one_sided_money() -> tuple[Contribution, ...]:
    return (
        Contribution("c-b", B, ContributionKind.MONEY, planned_value=Decimal(1_000_000_000)),
        Contribution("c-a", A, ContributionKind.STAFF, planned_value=Decimal(10_000_000)),
    )


def even_money() -> tuple[Contribution, ...]:
    return (
        Contribution("c-b", B, ContributionKind.MONEY, planned_value=Decimal(500_000_000)),
        Contribution("c-a", A, ContributionKind.LAND, planned_value=Decimal(500_000_000)),
    )


def decided_by(decider: str, *subjects: DecisionSubject) -> tuple[Decision, ...]:
    other = A if decider == B else B
    return tuple(
        Decision(
            f"d-{subject}",
            subject,
            (
                PartyParticipation(decider, Participation.DECIDES),
                PartyParticipation(other, Participation.NONE),
            ),
        )
        for subject in subjects
    )


def decided_jointly(*subjects: DecisionSubject) -> tuple[Decision, ...]:
    return tuple(
        Decision(
            f"d-{subject}",
            subject,
            (
                PartyParticipation(A, Participation.JOINT),
                PartyParticipation(B, Participation.JOINT),
            ),
        )
        for subject in subjects
    )


SUBJECTS = (DecisionSubject.PLANNING, DecisionSubject.BUDGET, DecisionSubject.IMPLEMENTATION)


def objectives(a_met: tuple[bool, ...], b_met: tuple[bool, ...]) -> tuple[Objective, ...]:
    """Each partner's own objectives, met or not."""
    return tuple(
        Objective(f"o-{party}-{index}", party, f"tujuan {party} {index}", met=met)
        for party, flags in ((A, a_met), (B, b_met))
        for index, met in enumerate(flags)
    )


def mou() -> tuple[Agreement, ...]:
    return (Agreement("mou", AgreementKind.MOU, (A, B), "Nota kesepahaman"),)


def depends(party: str, on: str, *kinds: DependenceKind) -> tuple[Dependence, ...]:
    return tuple(Dependence(f"dep-{party}-{kind}", party, on, kind) for kind in kinds)


def case(**fields: object) -> Case:
    return Case(id="c", title="Kasus contoh", parties=PARTNERS, **fields)  # type: ignore[arg-type]
