"""Nothing of an unpublished partnership reaches the public by a side door: not its sector
in the partnership filter, not its slug or title on the need it came from."""

import pytest
from django.test import Client

from semanggi.needs.tests.factories import NeedFactory
from semanggi.partnerships.models import Partnership
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def _sector_options(client: Client) -> str:
    page = client.get("/partnerships/").content.decode()
    start = page.index('name="sector"')
    return page[start : page.index("</datalist>", start)]


def test_the_public_filter_offers_the_sector_list_whatever_unpublished_partnerships_hold(
    world: World, client: Client
) -> None:
    # The filter's sector picker offers the public DAC codelist, the same for everyone, so
    # it cannot tell which sectors unpublished partnerships are in.
    before = _sector_options(client)
    Partnership.objects.filter(pk=world.jakarta_pilot.pk).update(sector="11220")
    assert _sector_options(client) == before
    assert 'value="11220"' in before and 'value="12230"' in before
    listed = client.get("/partnerships/?sector=11220").content.decode()
    assert "Rintisan Jakarta" not in listed  # and filtering by it finds nothing unpublished
    client.force_login(world.bima)  # a member of the Jakarta pilot's party finds it
    assert "Rintisan Jakarta" in client.get("/partnerships/?sector=11220").content.decode()


def test_a_matched_need_does_not_name_its_unpublished_partnership(
    world: World, client: Client
) -> None:
    need = NeedFactory(publisher=world.dinkes, partnership=world.jakarta_pilot)
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "jakarta-pilot" not in page and "Rintisan Jakarta" not in page
    assert "belum dipublikasikan" in page
    assert client.get(f"/api/needs/{need.pk}").json()["partnership_slug"] is None
    listed = client.get("/api/needs").json()["items"]
    assert [row["partnership_slug"] for row in listed if row["id"] == need.pk] == [None]

    client.force_login(world.bima)
    assert client.get(f"/api/needs/{need.pk}").json()["partnership_slug"] == "jakarta-pilot"
    assert "/partnerships/jakarta-pilot/" in client.get(f"/needs/{need.pk}/").content.decode()
    client.force_login(world.charlie)
    assert client.get(f"/api/needs/{need.pk}").json()["partnership_slug"] is None


def test_a_need_of_a_published_partnership_links_to_it(world: World, client: Client) -> None:
    need = NeedFactory(publisher=world.dinkes, partnership=world.semanggi)
    assert client.get(f"/api/needs/{need.pk}").json()["partnership_slug"] == "semanggi"
    assert "/partnerships/semanggi/" in client.get(f"/needs/{need.pk}/").content.decode()
