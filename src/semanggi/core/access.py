"""Who may see and change what: the access model, decided from plain facts.

Kinds of user (one person may be several): administrator; government coordinator, scoped to
regions (sees and manages the partnerships located there); member of an organisation (edits
what its organisation is party to); evaluator (sees the studies she is on, and their
partnerships); anyone (sees what is published). The ORM filters in
``semanggi.access.selectors`` express the same rules as sets; tests hold the two together.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from semanggi.core.regions import is_within


@dataclass(frozen=True)
class Principal:
    """What the system knows about the person asking."""

    authenticated: bool = False
    # The person's account id: a request for access is never decided by its own requester.
    user_id: int | None = None
    admin: bool = False
    coordinator_areas: frozenset[str] = field(default_factory=frozenset)
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    study_ids: frozenset[int] = field(default_factory=frozenset)
    led_study_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.coordinator_areas)

    @property
    def is_evaluator(self) -> bool:
        return bool(self.study_ids)


ANONYMOUS = Principal()


@dataclass(frozen=True)
class PartnershipFacts:
    published: bool
    location_codes: frozenset[str]
    party_organisation_ids: frozenset[int]
    study_ids: frozenset[int] = field(default_factory=frozenset)


def coordinates(principal: Principal, location_codes: frozenset[str]) -> bool:
    """True when one of the partnership's locations lies in one of the coordinator's areas."""
    return any(
        is_within(code, area) for code in location_codes for area in principal.coordinator_areas
    )


def can_change_partnership(principal: Principal, partnership: PartnershipFacts) -> bool:
    return (
        principal.admin
        or coordinates(principal, partnership.location_codes)
        or bool(principal.organisation_ids & partnership.party_organisation_ids)
    )


def can_view_partnership(principal: Principal, partnership: PartnershipFacts) -> bool:
    return (
        partnership.published
        or can_change_partnership(principal, partnership)
        or bool(principal.study_ids & partnership.study_ids)
    )


def sees_all_within(principal: Principal, area: str) -> bool:
    """Whether ``principal`` sees every partnership located within ``area`` ("" for the
    whole country), published or not: administrators, and the coordinators of a region the
    area lies within. Stored figures of every partnership serve them."""
    return principal.admin or (
        bool(area) and any(is_within(area, mine) for mine in principal.coordinator_areas)
    )


def may_see_unpublished(principal: Principal) -> bool:
    """Whether any unpublished partnership can be visible to ``principal`` (a coordinator, a
    member of an organisation, someone on a study, an administrator). Everyone else sees
    the published partnerships only, whose figures are stored."""
    return principal.admin or (
        principal.authenticated
        and bool(principal.coordinator_areas or principal.organisation_ids or principal.study_ids)
    )


def can_change_organisation(principal: Principal, organisation_id: int) -> bool:
    return principal.admin or organisation_id in principal.organisation_ids


def can_view_study(principal: Principal, study_id: int) -> bool:
    return principal.admin or study_id in principal.study_ids


def can_see_informant_identity(principal: Principal, study_id: int) -> bool:
    """Informants' real names are for the study lead alone (and administrators)."""
    return principal.admin or study_id in principal.led_study_ids


# --- Access requests --------------------------------------------------------------------------
#
# A study sees a partnership (its records beyond what is published, and the right to take
# assessment decisions about it that the public reads) only with the consent of those who
# answer for the partnership. The same holds for every person added to the team of a study
# that covers a partnership: adding her shares the partnership with her.


class AccessDecision(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


@dataclass(frozen=True)
class AccessRequestFacts:
    """A request that a study may cover a partnership (``member`` None), or that ``member``
    may join the team of a study that covers it. ``team`` is the study's lead and members."""

    requested_by: int
    member: int | None = None
    team: frozenset[int] = field(default_factory=frozenset)
    decision: AccessDecision = AccessDecision.PENDING


def answers_for(principal: Principal, partnership: PartnershipFacts) -> bool:
    """The partnership's accountable side: a coordinator of a region where it is located, or
    a member of one of its parties."""
    return coordinates(principal, partnership.location_codes) or bool(
        principal.organisation_ids & partnership.party_organisation_ids
    )


def may_grant_directly(principal: Principal, partnership: PartnershipFacts) -> bool:
    """Administrators and the coordinators of the partnership's region give a study access
    without asking anyone: they answer for the partnership in public office and already see
    all of it. A member of a party speaks for one party only, so she asks like anyone else."""
    return principal.admin or coordinates(principal, partnership.location_codes)


def may_request_access(principal: Principal, partnership: PartnershipFacts) -> bool:
    """A signed-in person may ask for a partnership she can see (published, or hers)."""
    return principal.authenticated and can_view_partnership(principal, partnership)


def may_decide_access(
    principal: Principal, partnership: PartnershipFacts, request: AccessRequestFacts
) -> bool:
    """Who grants or refuses a pending request: an administrator, or someone of the
    partnership's accountable side who is neither the requester, nor the person to be added,
    nor on the study's team. Access is never granted by those who would gain it."""
    if request.decision is not AccessDecision.PENDING or not principal.authenticated:
        return False
    if principal.admin:
        return True
    involved = request.team | {request.requested_by}
    if request.member is not None:
        involved = involved | {request.member}
    if principal.user_id is None or principal.user_id in involved:
        return False
    return answers_for(principal, partnership)


def can_read_study_evidence(principal: Principal, evidence_study_id: int) -> bool:
    """Coded evidence (excerpts, informant codes, source titles) is read by the team of the
    study that coded it, and administrators: never by another study of the same partnership."""
    return principal.admin or evidence_study_id in principal.study_ids


# --- Organisations registered by their own people --------------------------------------------
#
# A person may register an organisation and ask to act for it. It is not shown publicly, it
# cannot be party to a partnership, and the person has no rights as its member until someone
# who answers for the organisation's region verifies it: never the person who proposed it.


@dataclass(frozen=True)
class OrganisationProposalFacts:
    """A registered organisation awaiting verification (or decided): its region and who
    proposed it."""

    region_code: str | None
    proposed_by: int | None
    pending: bool = True


def may_verify_organisation(principal: Principal, proposal: OrganisationProposalFacts) -> bool:
    """Who verifies or refuses a registered organisation: an administrator, or a coordinator
    of a region the organisation lies in; never the person who proposed it."""
    if not proposal.pending or not principal.authenticated or principal.user_id is None:
        return False
    if principal.user_id == proposal.proposed_by:
        return False
    if principal.admin:
        return True
    return proposal.region_code is not None and any(
        is_within(proposal.region_code, area) for area in principal.coordinator_areas
    )


def may_see_organisation_proposal(
    principal: Principal, proposal: OrganisationProposalFacts
) -> bool:
    """A registered organisation that is not verified is seen by the person who proposed it,
    by administrators and by the coordinators of its region (whether it is still pending or
    was refused)."""
    if not principal.authenticated:
        return False
    if principal.admin or principal.user_id == proposal.proposed_by:
        return True
    return proposal.region_code is not None and any(
        is_within(proposal.region_code, area) for area in principal.coordinator_areas
    )
