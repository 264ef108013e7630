"""A person's own home page: how many partnerships she manages comes from the stored region
figures (the same number as counting them), and the page's queries do not grow with the
partnerships of her area."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from semanggi.access.models import CoordinatorScope, OrganisationMembership
from semanggi.access.selectors import partnership_changeable_q, principal_for
from semanggi.partnerships.models import Partnership
from semanggi.partnerships.tests.factories import PartnershipFactory, PartyFactory
from semanggi.poac.home import managed_count, outermost
from semanggi.poac.services import partnership_summary_refresh
from semanggi.poac.tests.factories import ActivityFactory
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def counted(user: object) -> int:
    """The number recomputed from the records, as the page counted it before."""
    principal = principal_for(user)
    return Partnership.objects.filter(partnership_changeable_q(principal)).count()


def test_the_outermost_areas() -> None:
    assert outermost({"33.72", "33.72.03", "31", "31.71.01.1001"}) == ["31", "33.72"]
    assert outermost(set()) == []


def test_the_number_she_manages_is_the_one_counted(world: World) -> None:
    # A second area inside the first, one apart, and a partnership in two places.
    User = get_user_model()
    both = User.objects.create_user("ganda", "ganda@example.org", "x")
    CoordinatorScope.objects.create(user=both, region_id="33.72")
    CoordinatorScope.objects.create(user=both, region_id="33.72.03")
    CoordinatorScope.objects.create(user=both, region_id="31.71.01")
    OrganisationMembership.objects.create(user=both, organisation=world.bank_x)
    PartnershipFactory(locations=["33.72.03.1002", "33.72.03"], is_published=False)
    PartyFactory(
        partnership=PartnershipFactory(locations=["31.71.01.1001"]), organisation=world.bank_x
    )
    Partnership.objects.filter(pk=world.jakarta_pilot.pk).update(phase="closed")
    for user in (world.alice, world.kurnia, world.bima, world.eva, world.charlie, both):
        principal = principal_for(User.objects.get(pk=user.pk))
        assert managed_count(principal) == counted(user), user.username
    assert managed_count(principal_for(world.kurnia)) == 3
    assert managed_count(principal_for(world.bima)) == 3  # semanggi, jakarta-pilot, the new one
    assert managed_count(principal_for(world.anonymous)) == 0
    assert managed_count(principal_for(both)) == 5  # her organisation's are in her areas


@pytest.mark.parametrize("who", ["kurnia", "bima", "alice"])
def test_the_own_home_page_does_not_grow_with_the_partnerships(
    client: Client, world: World, who: str
) -> None:
    client.force_login(world.user(who))
    party = world.semanggi.parties.get(organisation=world.bank_x)
    # Flags from the start, so that every list of the page has rows before and after.
    ActivityFactory(partnership=world.semanggi, planned_end=date(2026, 1, 1), percent_complete=0)
    partnership_summary_refresh(partnership_ids=[world.semanggi.pk], today=TODAY)

    def grow() -> None:
        made = []
        for _ in range(4):
            partnership = PartnershipFactory(locations=["33.72.03.1002"], is_published=False)
            PartyFactory(partnership=partnership, organisation=party.organisation)
            ActivityFactory(partnership=partnership, planned_end=date(2026, 1, 1))
            made.append(partnership.pk)
        partnership_summary_refresh(partnership_ids=made, today=TODAY)

    assert_constant_queries(lambda: client.get("/me/"), grow)
    page = client.get("/me/").content.decode()
    assert "Puskesmas Semanggi" in page or "Kemitraan" in page
