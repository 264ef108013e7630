"""The HTTP API: read endpoints, filters, errors as JSON, the OpenAPI document."""

from typing import Any

import pytest
from django.test import Client

from semanggi.organisations.tests.factories import OrganisationFactory
from semanggi.partnerships.tests.factories import PartnershipFactory, PartyFactory, party_fill
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def slugs(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["slug"] for item in response.json()["items"]}


def test_regions_by_level_parent_and_code(client: Client, world: World) -> None:
    provinces = client.get("/api/regions", {"level": 1}).json()
    assert {r["code"] for r in provinces["items"]} == {"31", "33"}

    semanggi = client.get("/api/regions/33.72.03.1002").json()
    assert semanggi == {
        "code": "33.72.03.1002",
        "name": "Semanggi",
        "level": 4,
        "level_name": "Kelurahan/Desa",
        "parent_code": "33.72.03",
    }
    children = client.get("/api/regions/33.72.03/children").json()
    assert [r["code"] for r in children["items"]] == ["33.72.03.1001", "33.72.03.1002"]
    assert children["count"] == 2


@pytest.mark.parametrize(
    ("q", "codes"),
    [
        ("kliwon", ["33.72.03"]),
        ("PASAR  Kliwon", ["33.72.03"]),  # case and spaces
        ("Jóyosuran", ["33.72.03.1001"]),  # accents
        ("jakarta-selatan", ["31.71"]),  # a hyphen as a space
        ("surakarta", ["33.72"]),
        ("-", []),  # nothing to compare: nothing, not everything
        ("tidak ada", []),
    ],
)
def test_regions_by_part_of_the_name_as_the_picker_compares(
    client: Client, world: World, q: str, codes: list[str]
) -> None:
    found = client.get("/api/regions", {"q": q}).json()
    assert [r["code"] for r in found["items"]] == codes
    assert found["count"] == len(codes)


def test_organisations_filter_by_kind_and_name(client: Client, world: World) -> None:
    assert slugs(client.get("/api/organisations", {"kind": "bank"})) == {"bank-x", "bank-z"}
    assert slugs(client.get("/api/organisations", {"q": "kesehatan"})) == {"dinkes"}
    dinkes = client.get("/api/organisations/dinkes").json()
    assert dinkes["parent"] == {"slug": "pemkot", "name": "Pemerintah Kota Surakarta"}
    assert dinkes["kind"] == "regional_unit"


def test_partnerships_are_filtered_like_the_pages(client: Client, world: World) -> None:
    client.force_login(world.alice)
    assert slugs(client.get("/api/partnerships")) == {
        "semanggi",
        "surakarta-draft",
        "jakarta-pilot",
    }
    assert slugs(client.get("/api/partnerships", {"region": "33.72"})) == {
        "semanggi",
        "surakarta-draft",
    }
    assert slugs(client.get("/api/partnerships", {"sector": "12230", "phase": "planning"})) == {
        "semanggi",
        "surakarta-draft",
        "jakarta-pilot",
    }
    assert slugs(client.get("/api/partnerships", {"status": "4"})) == set()


def test_anonymous_readers_get_only_published_partnerships(client: Client, world: World) -> None:
    assert slugs(client.get("/api/partnerships")) == {"semanggi"}
    assert client.get("/api/partnerships/jakarta-pilot").status_code == 404


def test_partnership_detail_has_parties_contributions_and_agreements(
    client: Client, world: World
) -> None:
    data = client.get("/api/partnerships/semanggi").json()

    assert data["slug"] == "semanggi"
    assert data["location_codes"] == ["33.72.03.1002"]
    parties = {p["organisation"]["slug"]: p for p in data["parties"]}
    assert set(parties) == {"dinkes", "bank-x"}
    assert sorted(parties["bank-x"]["roles"]) == ["funding", "implementing"]
    assert parties["bank-x"]["contributions"][0]["planned_value"] == "1000000.00"
    assert parties["dinkes"]["objectives"] == [{"text": "Tujuan pihak", "text_en": ""}]
    assert data["agreements"] == []


def test_pagination(client: Client, world: World) -> None:
    PartnershipFactory.create_batch(30)
    first = client.get("/api/partnerships", {"page_size": 20}).json()
    assert first["count"] == 31 and len(first["items"]) == 20
    second = client.get("/api/partnerships", {"page_size": 20, "page": 2}).json()
    assert len(second["items"]) == 11


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        ("/api/partnerships", {"phase": "bogus"}, 422),
        ("/api/partnerships", {"status": "9"}, 422),
        ("/api/partnerships", {"region": "abc"}, 422),
        ("/api/partnerships", {"region": "99.99"}, 404),
        ("/api/partnerships", {"sector": "99999"}, 404),
        ("/api/partnerships", {"page": "0"}, 422),
        ("/api/partnerships", {"page": "x"}, 422),
        ("/api/partnerships", {"page": "2413534312672206336"}, 422),
        ("/api/organisations", {"page_size": "6650"}, 422),
        ("/api/regions", {"level": "7"}, 422),
        ("/api/organisations", {"kind": "alien"}, 422),
        ("/api/regions/99.99", {}, 404),
        ("/api/regions/99.99/children", {}, 404),
        ("/api/organisations/nobody", {}, 404),
        ("/api/partnerships/nothing", {}, 404),
    ],
)
def test_bad_requests_get_a_json_error_never_a_500(
    client: Client, world: World, url: str, params: dict[str, str], status: int
) -> None:
    response = client.get(url, params)
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_errors_speak_the_readers_language(world: World, settings: Any) -> None:
    indonesian, english = Client(), Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert indonesian.get("/api/partnerships/nothing").json()["detail"] == "Tidak ditemukan."
    assert english.get("/api/partnerships/nothing").json()["detail"] == "Not found."


def test_openapi_document_describes_every_endpoint(client: Client) -> None:
    document = client.get("/api/openapi.json").json()
    assert document["info"]["title"] == "Semanggi API"
    assert {
        "/api/regions",
        "/api/regions/{code}",
        "/api/regions/{code}/children",
        "/api/organisations",
        "/api/organisations/{slug}",
        "/api/partnerships",
        "/api/partnerships/{slug}",
    } <= set(document["paths"])
    phase = next(
        p
        for p in document["paths"]["/api/partnerships"]["get"]["parameters"]
        if p["name"] == "phase"
    )
    assert "PartnershipPhase" in str(phase)
    assert document["components"]["schemas"]["PartnershipPhase"]["enum"] == [
        "planning",
        "organizing",
        "actuating",
        "controlling",
        "closed",
    ]


def test_browsable_docs_are_served_without_internet(client: Client) -> None:
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/api/partnerships", "/api/partnerships/semanggi", "/api/organisations", "/api/regions"],
)
def test_query_count_does_not_grow_with_the_data(client: Client, world: World, url: str) -> None:
    client.force_login(world.alice)

    def grow() -> None:
        for _ in range(4):
            partnership = PartnershipFactory(locations=["33.72"])
            party_fill(PartyFactory(partnership=partnership))
        party_fill(PartyFactory(partnership=world.semanggi))
        OrganisationFactory.create_batch(4)

    assert_constant_queries(lambda: client.get(url), grow)
