"""Who may see and change what: the access model, decided from plain facts.

Kinds of user (one person may be several): administrator; government coordinator, scoped to
regions (sees and manages the partnerships located there); member of an organisation (edits
what its organisation is party to); evaluator (sees the studies she is on, and their
partnerships); anyone (sees what is published). The ORM filters in
``semanggi.access.selectors`` express the same rules as sets; tests hold the two together.
"""

from dataclasses import dataclass, field

from semanggi.core.regions import is_within


@dataclass(frozen=True)
class Principal:
    """What the system knows about the person asking."""

    authenticated: bool = False
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


def can_change_organisation(principal: Principal, organisation_id: int) -> bool:
    return principal.admin or organisation_id in principal.organisation_ids


def can_view_study(principal: Principal, study_id: int) -> bool:
    return principal.admin or study_id in principal.study_ids


def can_see_informant_identity(principal: Principal, study_id: int) -> bool:
    """Informants' real names are for the study lead alone (and administrators)."""
    return principal.admin or study_id in principal.led_study_ids
