"""The access model, decided from facts alone: one row per situation."""

import pytest

from semanggi.core.access import (
    ANONYMOUS,
    PartnershipFacts,
    Principal,
    can_change_organisation,
    can_change_partnership,
    can_see_informant_identity,
    can_view_partnership,
    can_view_study,
    may_see_unpublished,
    sees_all_within,
)

SEMANGGI = PartnershipFacts(
    published=True,
    location_codes=frozenset({"33.72.03.1002"}),
    party_organisation_ids=frozenset({1, 2}),
)
DRAFT = PartnershipFacts(
    published=False,
    location_codes=frozenset({"33.72"}),
    party_organisation_ids=frozenset({1}),
    study_ids=frozenset({7}),
)

ADMIN = Principal(authenticated=True, admin=True)
CITY = Principal(authenticated=True, coordinator_areas=frozenset({"33.72"}))
VILLAGE = Principal(authenticated=True, coordinator_areas=frozenset({"33.72.03.1002"}))
PROVINCE = Principal(authenticated=True, coordinator_areas=frozenset({"33"}))
ELSEWHERE = Principal(authenticated=True, coordinator_areas=frozenset({"31"}))
MEMBER = Principal(authenticated=True, organisation_ids=frozenset({1}))
OUTSIDER = Principal(authenticated=True, organisation_ids=frozenset({9}))
EVALUATOR = Principal(authenticated=True, study_ids=frozenset({7}))
LEAD = Principal(authenticated=True, study_ids=frozenset({7}), led_study_ids=frozenset({7}))


@pytest.mark.parametrize(
    ("who", "partnership", "view", "change"),
    [
        (ANONYMOUS, SEMANGGI, True, False),
        (ANONYMOUS, DRAFT, False, False),
        (ADMIN, DRAFT, True, True),
        (CITY, DRAFT, True, True),
        (PROVINCE, DRAFT, True, True),
        # A village coordinator does not manage what is located city-wide.
        (VILLAGE, DRAFT, False, False),
        (VILLAGE, SEMANGGI, True, True),
        (ELSEWHERE, DRAFT, False, False),
        (MEMBER, DRAFT, True, True),
        (OUTSIDER, DRAFT, False, False),
        (EVALUATOR, DRAFT, True, False),
        (EVALUATOR, SEMANGGI, True, False),
    ],
)
def test_who_may_view_and_change_a_partnership(
    who: Principal, partnership: PartnershipFacts, view: bool, change: bool
) -> None:
    assert can_view_partnership(who, partnership) is view
    assert can_change_partnership(who, partnership) is change


@pytest.mark.parametrize(
    ("who", "organisation_id", "expected"),
    [
        (ADMIN, 1, True),
        (MEMBER, 1, True),
        (MEMBER, 2, False),
        (CITY, 1, False),
        (ANONYMOUS, 1, False),
    ],
)
def test_only_members_and_administrators_change_an_organisation(
    who: Principal, organisation_id: int, expected: bool
) -> None:
    assert can_change_organisation(who, organisation_id) is expected


@pytest.mark.parametrize(
    ("who", "view", "identities"),
    [
        (ADMIN, True, True),
        (LEAD, True, True),
        (EVALUATOR, True, False),
        (CITY, False, False),
        (ANONYMOUS, False, False),
    ],
)
def test_studies_are_for_their_team_and_real_names_for_their_lead(
    who: Principal, view: bool, identities: bool
) -> None:
    assert can_view_study(who, 7) is view
    assert can_see_informant_identity(who, 7) is identities


@pytest.mark.parametrize(
    ("who", "area", "all_within"),
    [
        (ADMIN, "", True),
        (ADMIN, "31.71", True),
        (CITY, "33.72", True),
        (CITY, "33.72.03.1002", True),
        (CITY, "33", False),  # the province holds more than her city
        (CITY, "", False),
        (CITY, "33.720", False),  # a prefix of characters is not a region within
        (PROVINCE, "33.72.03", True),
        (VILLAGE, "33.72", False),
        (MEMBER, "33.72", False),
        (ANONYMOUS, "", False),
    ],
)
def test_who_sees_every_partnership_within_an_area(
    who: Principal, area: str, all_within: bool
) -> None:
    assert sees_all_within(who, area) is all_within


@pytest.mark.parametrize(
    ("who", "unpublished"),
    [
        (ADMIN, True),
        (CITY, True),
        (MEMBER, True),
        (EVALUATOR, True),
        (Principal(authenticated=True), False),  # an account with no role
        (ANONYMOUS, False),
    ],
)
def test_who_may_see_unpublished_partnerships(who: Principal, unpublished: bool) -> None:
    assert may_see_unpublished(who) is unpublished
