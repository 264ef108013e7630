"""Registered organisations: who verifies them and who sees them before, decided from facts
alone. The person who proposed an organisation never verifies it, not even an administrator."""

import pytest

from semanggi.core.access import (
    ANONYMOUS,
    OrganisationProposalFacts,
    Principal,
    may_see_organisation_proposal,
    may_verify_organisation,
)

ADMIN = Principal(authenticated=True, user_id=1, admin=True)
CITY = Principal(authenticated=True, user_id=2, coordinator_areas=frozenset({"33.72"}))
PROVINCE = Principal(authenticated=True, user_id=3, coordinator_areas=frozenset({"33"}))
ELSEWHERE = Principal(authenticated=True, user_id=4, coordinator_areas=frozenset({"31"}))
MEMBER = Principal(authenticated=True, user_id=5, organisation_ids=frozenset({1}))
NEWCOMER = Principal(authenticated=True, user_id=6)

# Proposed by the newcomer (6), in a village of Kota Surakarta.
IN_CITY = OrganisationProposalFacts(region_code="33.72.03.1002", proposed_by=6)
NO_REGION = OrganisationProposalFacts(region_code=None, proposed_by=6)
BY_THE_CITY = OrganisationProposalFacts(region_code="33.72", proposed_by=2)
BY_AN_ADMIN = OrganisationProposalFacts(region_code="33.72", proposed_by=1)
DECIDED = OrganisationProposalFacts(region_code="33.72.03.1002", proposed_by=6, pending=False)


@pytest.mark.parametrize(
    ("who", "proposal", "verifies", "sees"),
    [
        (ADMIN, IN_CITY, True, True),
        (CITY, IN_CITY, True, True),
        (PROVINCE, IN_CITY, True, True),  # a region includes everything inside it
        (ELSEWHERE, IN_CITY, False, False),
        (MEMBER, IN_CITY, False, False),
        (NEWCOMER, IN_CITY, False, True),  # her own proposal: she sees it, never verifies it
        (ANONYMOUS, IN_CITY, False, False),
        (CITY, NO_REGION, False, False),  # without a region only administrators decide
        (ADMIN, NO_REGION, True, True),
        (CITY, BY_THE_CITY, False, True),  # a coordinator's own proposal goes to another
        (PROVINCE, BY_THE_CITY, True, True),
        (ADMIN, BY_AN_ADMIN, False, True),  # an administrator's own too
        (CITY, BY_AN_ADMIN, True, True),
        (ADMIN, DECIDED, False, True),  # decided once
        (CITY, DECIDED, False, True),
    ],
)
def test_who_verifies_a_registered_organisation_and_who_sees_it_before(
    who: Principal, proposal: OrganisationProposalFacts, verifies: bool, sees: bool
) -> None:
    assert may_verify_organisation(who, proposal) is verifies
    assert may_see_organisation_proposal(who, proposal) is sees
