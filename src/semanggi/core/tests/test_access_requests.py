"""Access requests: who gives a study access to a partnership, decided from facts alone."""

import pytest

from semanggi.core.access import (
    ANONYMOUS,
    AccessDecision,
    AccessRequestFacts,
    PartnershipFacts,
    Principal,
    answers_for,
    can_read_study_evidence,
    may_decide_access,
    may_grant_directly,
    may_request_access,
)

# Located in Kota Surakarta; parties: organisations 1 and 2.
PUBLISHED = PartnershipFacts(
    published=True,
    location_codes=frozenset({"33.72.03.1002"}),
    party_organisation_ids=frozenset({1, 2}),
)
DRAFT = PartnershipFacts(
    published=False, location_codes=frozenset({"33.72"}), party_organisation_ids=frozenset({1})
)

ADMIN = Principal(authenticated=True, user_id=1, admin=True)
CITY = Principal(authenticated=True, user_id=2, coordinator_areas=frozenset({"33.72"}))
ELSEWHERE = Principal(authenticated=True, user_id=3, coordinator_areas=frozenset({"31"}))
MEMBER = Principal(authenticated=True, user_id=4, organisation_ids=frozenset({1}))
OTHER_PARTY = Principal(authenticated=True, user_id=5, organisation_ids=frozenset({2}))
STRANGER = Principal(authenticated=True, user_id=6)
EVALUATOR = Principal(authenticated=True, user_id=7, study_ids=frozenset({9}))

# Evaluator 7 leads study 9 and asks for the partnership.
ASKED = AccessRequestFacts(requested_by=7, team=frozenset({7}))


@pytest.mark.parametrize(
    ("who", "partnership", "accountable", "direct", "may_ask"),
    [
        (ADMIN, DRAFT, False, True, True),
        (CITY, DRAFT, True, True, True),
        (CITY, PUBLISHED, True, True, True),
        (ELSEWHERE, PUBLISHED, False, False, True),
        (ELSEWHERE, DRAFT, False, False, False),  # cannot ask for what she cannot see
        (MEMBER, DRAFT, True, False, True),  # answers for it, but asks the others
        (OTHER_PARTY, PUBLISHED, True, False, True),
        (OTHER_PARTY, DRAFT, False, False, False),
        (STRANGER, PUBLISHED, False, False, True),
        (STRANGER, DRAFT, False, False, False),
        (ANONYMOUS, PUBLISHED, False, False, False),
    ],
)
def test_who_answers_for_a_partnership_and_who_attaches_it_directly(
    who: Principal, partnership: PartnershipFacts, accountable: bool, direct: bool, may_ask: bool
) -> None:
    assert answers_for(who, partnership) is accountable
    assert may_grant_directly(who, partnership) is direct
    assert may_request_access(who, partnership) is may_ask


@pytest.mark.parametrize(
    ("who", "partnership", "asked", "allowed"),
    [
        (ADMIN, DRAFT, ASKED, True),
        (CITY, DRAFT, ASKED, True),
        (MEMBER, DRAFT, ASKED, True),
        (OTHER_PARTY, PUBLISHED, ASKED, True),
        # Not on the accountable side of this partnership.
        (OTHER_PARTY, DRAFT, ASKED, False),
        (ELSEWHERE, PUBLISHED, ASKED, False),
        (STRANGER, PUBLISHED, ASKED, False),
        (ANONYMOUS, PUBLISHED, ASKED, False),
        # Never the person who asked...
        (MEMBER, DRAFT, AccessRequestFacts(requested_by=4), False),
        # ...nor the person who would join the team...
        (MEMBER, DRAFT, AccessRequestFacts(requested_by=7, member=4), False),
        # ...nor anyone already on the study's team.
        (MEMBER, DRAFT, AccessRequestFacts(requested_by=7, team=frozenset({7, 4})), False),
        # A member's own request is decided by another party or the coordinator.
        (OTHER_PARTY, PUBLISHED, AccessRequestFacts(requested_by=4), True),
        (CITY, DRAFT, AccessRequestFacts(requested_by=4), True),
        # A request is decided once.
        (CITY, DRAFT, AccessRequestFacts(7, decision=AccessDecision.GRANTED), False),
        (ADMIN, DRAFT, AccessRequestFacts(7, decision=AccessDecision.REFUSED), False),
    ],
)
def test_who_grants_or_refuses_a_request(
    who: Principal, partnership: PartnershipFacts, asked: AccessRequestFacts, allowed: bool
) -> None:
    assert may_decide_access(who, partnership, asked) is allowed


@pytest.mark.parametrize(
    ("who", "study_id", "allowed"),
    [
        (EVALUATOR, 9, True),
        (EVALUATOR, 10, False),  # another study of the same partnership
        (ADMIN, 10, True),
        (CITY, 9, False),
        (MEMBER, 9, False),
        (ANONYMOUS, 9, False),
    ],
)
def test_coded_evidence_is_read_by_its_own_study_only(
    who: Principal, study_id: int, allowed: bool
) -> None:
    assert can_read_study_evidence(who, study_id) is allowed
