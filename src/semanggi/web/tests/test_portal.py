"""The public portal's home, the region pages and the dashboard with the map: content,
language, and a query count that does not grow with the data."""

from decimal import Decimal
from functools import partial

import pytest
from django.test import Client

from semanggi.assessment.services import assessment_run
from semanggi.demo.services import founding_case_load, founding_study_load
from semanggi.needs.models import RegionFigure
from semanggi.needs.tests.factories import NeedFactory
from semanggi.partnerships.models import PartyRoleKind
from semanggi.partnerships.tests.factories import PartnershipFactory, PartyFactory, party_fill
from semanggi.testing.queries import count_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(world: World) -> World:
    assert founding_case_load() is True
    NeedFactory(title="Sumur bor Joyosuran", regions=["33.72.03.1001"], publisher=world.dinkes)
    RegionFigure.objects.create(
        region_id="33.72",
        year=2024,
        measure="poverty-rate",
        value=Decimal("8.44"),
        unit="%",
        source="BPS",
    )
    return world


def test_the_home_shows_the_map_totals_open_needs_and_assessments(
    client: Client, portal: World
) -> None:
    page = client.get("/").content.decode()
    assert 'class="region-map"' in page and 'data-region="33"' in page
    assert "Peta dalam bentuk tabel" in page  # the table beside the map
    assert 'data-sector="12230"' in page
    # The founding case starts with its (illustrative) work plan in 2012, and spends then.
    year = page.split('data-year="2012"')[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in year and "1.500.000.000" in year
    assert 'data-count="open-needs">1<' in page and "Sumur bor Joyosuran" in page
    assert "Penilaian terbaru" in page
    assert 'href="/data/"' in page


def test_the_home_in_english(english: Client, portal: World) -> None:
    page = english.get("/").content.decode()
    assert "The map as a table" in page and "Latest assessments" in page


def test_a_deployment_can_centre_the_home_on_its_region(
    client: Client, portal: World, settings: object
) -> None:
    settings.SEMANGGI_HOME_REGION = "33.72"  # type: ignore[attr-defined]
    page = client.get("/").content.decode()
    assert 'data-region="33.72.03"' in page and 'data-code="33.72"' in page


def test_a_region_page_shows_its_figures_map_and_partnerships(
    client: Client, portal: World
) -> None:
    page = client.get("/regions/33.72/").content.decode()
    assert 'data-measure="poverty-rate"' in page and "8.44" in page
    assert 'class="region-map"' in page and 'data-region="33.72.03"' in page
    assert "Program Bina Kesehatan" in page
    assert 'href="/feeds/regions/33.72.atom"' in page
    village = client.get("/regions/33.72.03.1002/")
    assert village.status_code == 200 and b"region-map" in village.content
    assert client.get("/regions/99.99/").status_code == 404


def test_the_dashboard_shows_the_map_of_its_region(client: Client, portal: World) -> None:
    page = client.get("/dashboard/?region=33.72").content.decode()
    assert 'class="region-map"' in page and 'data-region="33.72.03"' in page
    # The map follows the dashboard's filters.
    other = client.get("/dashboard/?region=33.72&sector=11110").content.decode()
    assert 'data-region="33.72.03"' in other  # the open need is still there
    assert "2 kemitraan" in page and "0 kemitraan" in other


def test_portal_pages_keep_their_query_count(client: Client, portal: World) -> None:
    urls = ("/", "/regions/33.72/", "/regions/33/", "/dashboard/?region=33", "/map/data.geojson")
    before = {url: count_queries(partial(client.get, url))[0] for url in urls}
    for n in range(3):
        partnership = PartnershipFactory(
            slug=f"grow-{n}", planned_start="2025-01-01", locations=[f"33.72.03.100{n % 2 + 1}"]
        )
        party_fill(
            PartyFactory(partnership=partnership, organisation=portal.bank_z),
            roles=(PartyRoleKind.FUNDING,),
        )
        NeedFactory(regions=["33.72.03.1001", "31.71"], publisher=portal.dinkes)
    for url in urls:
        after, response = count_queries(partial(client.get, url))
        assert response.status_code == 200, url
        assert after == before[url], url


def test_the_latest_assessments_name_their_framework(client: Client, portal: World) -> None:
    study = founding_study_load(lead=portal.eva)
    case = study.partnerships.get()
    assessment_run(partnership=case, actor=portal.eva)
    page = client.get("/").content.decode()
    section = page.split('id="assessments"')[1].split("</section>")[0]
    assert "Program Bina Kesehatan" in section
    assert "sulistiyani" not in section.split("data-assessment")[0]
    assert "Sulistiyani" in section
