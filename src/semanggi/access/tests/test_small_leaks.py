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
    return page[page.index('name="sector"') : page.index("</select>", page.index('name="sector"'))]


def test_the_public_filter_lists_only_sectors_of_published_partnerships(
    world: World, client: Client
) -> None:
    Partnership.objects.filter(pk=world.jakarta_pilot.pk).update(sector="11220")
    assert 'value="11220"' not in _sector_options(client)
    assert 'value="12230"' in _sector_options(client)  # the published case's sector
    client.force_login(world.bima)  # a member of the Jakarta pilot's party sees it
    assert 'value="11220"' in _sector_options(client)


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
