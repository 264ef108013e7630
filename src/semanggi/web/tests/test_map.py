"""The map's data layer: counts by region at the right level, the GeoJSON, and the SVG."""

from decimal import Decimal

import pytest
from django.test import Client
from lxml import etree

from semanggi.access.selectors import principal_for
from semanggi.needs.models import RegionFigure
from semanggi.needs.tests.factories import NeedFactory
from semanggi.opendata.mapsvg import map_svg, rate_class
from semanggi.opendata.portal import map_data
from semanggi.partnerships.tests.factories import PartnershipFactory
from semanggi.regions.geo import centroids, outlines, point_for
from semanggi.regions.models import Region
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def test_the_shipped_geometry_covers_the_country() -> None:
    shapes = outlines(1.5)
    assert len(shapes) > 450
    assert all(shape.path.startswith("M") and shape.path.endswith("z") for shape in shapes)
    assert "33.72" in {s.code for s in outlines(0.15)}
    # Papua Barat Daya's regencies carry their current codes.
    assert "96.71" in centroids() and "92.71" not in centroids()
    assert point_for("33.72.03.1002") == centroids()["33.72"]
    assert point_for("33") is not None


def test_counts_cluster_by_province_then_regency_then_district(world: World) -> None:
    NeedFactory(regions=["33.72.03.1001"], publisher=world.dinkes)
    anyone = principal_for(world.anonymous)
    country = map_data(principal=anyone, area=None)
    assert [(c.code, c.partnerships, c.needs) for c in country.clusters] == [("33", 1, 1)]
    province = map_data(principal=anyone, area=Region.objects.get(code="33"))
    assert [(c.code, c.partnerships, c.needs) for c in province.clusters] == [("33.72", 1, 1)]
    city = map_data(principal=anyone, area=Region.objects.get(code="33.72"))
    assert [(c.code, c.name, c.partnerships) for c in city.clusters] == [
        ("33.72.03", "Pasar Kliwon", 1)
    ]
    # What the visitor may not see is not counted.
    admin = map_data(principal=principal_for(world.alice), area=None)
    assert {c.code: c.partnerships for c in admin.clusters} == {"31": 1, "33": 2}


def test_the_svg_has_outlines_markers_links_and_titles(world: World) -> None:
    RegionFigure.objects.create(
        region_id="33.72", year=2024, measure="poverty-rate", value=Decimal("8.44"), unit="%"
    )
    data = map_data(principal=principal_for(world.anonymous), area=Region.objects.get(code="33"))
    svg = etree.fromstring(map_svg(data, title="Peta <Jawa Tengah>").encode())
    assert svg.findtext(f"{SVG}title") == "Peta <Jawa Tengah>"  # escaped, then read back
    surakarta = svg.find(f".//{SVG}path[@data-code='33.72']")
    assert surakarta is not None
    assert surakarta.get("fill") == f"url(#map-rate-{rate_class(Decimal('8.44'))})"
    assert "8.44 %" in surakarta.findtext(f"{SVG}title")
    link = svg.find(f".//{SVG}a[@data-region='33.72']")
    assert link.get("href") == "/regions/33.72/"
    assert "1 kemitraan" in link.findtext(f"{SVG}title")
    assert link.find(f"{SVG}circle") is not None and link.find(f"{SVG}text").text == "1"
    # Each class has its own hatching, not only its own colour.
    patterns = svg.findall(f".//{SVG}pattern")
    assert len(patterns) == 5 and len({etree.tostring(p) for p in patterns}) == 5


def test_the_geojson_layer(client: Client, world: World) -> None:
    NeedFactory(regions=["33.72.03.1001"], publisher=world.dinkes)
    layer = client.get("/map/data.geojson?region=33").json()
    assert layer["type"] == "FeatureCollection"
    (feature,) = layer["features"]
    assert feature["properties"] == {
        "code": "33.72",
        "name": "Kota Surakarta",
        "partnerships": 1,
        "open_needs": 1,
        "poverty_rate": None,
    }
    assert feature["geometry"]["coordinates"] == pytest.approx([110.8295, -7.5693])
    assert client.get("/map/data.geojson?region=../../etc").status_code == 404
    assert client.get("/map/data.geojson?region=99").status_code == 404


def test_districts_sharing_their_regency_point_are_set_apart(world: World) -> None:
    Region.objects.create(code="33.72.01", name="Laweyan", level=3, parent_id="33.72")
    PartnershipFactory(slug="laweyan", locations=["33.72.01"])
    data = map_data(principal=principal_for(world.anonymous), area=Region.objects.get(code="33.72"))
    assert [c.code for c in data.clusters] == ["33.72.01", "33.72.03"]
    assert data.clusters[0].point == data.clusters[1].point  # both on Kota Surakarta's point
    svg = etree.fromstring(map_svg(data, title="Surakarta").encode())
    centres = {
        a.get("data-region"): a.find(f"{SVG}circle").get("cx")
        + " "
        + a.find(f"{SVG}circle").get("cy")
        for a in svg.iter(f"{SVG}a")
    }
    assert len(set(centres.values())) == 2
