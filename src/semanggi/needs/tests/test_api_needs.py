"""The API of the needs catalogue, offers, matching and region figures."""

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from semanggi.needs.models import Need, NeedStatus, Offer, RegionFigure
from semanggi.needs.tests.factories import (
    Catalogue,
    NeedFactory,
    OfferFactory,
    catalogue_create,
    figure,
)
from semanggi.organisations.tests.factories import OrganisationFactory
from semanggi.partnerships.models import Partnership
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world: World) -> Catalogue:
    return catalogue_create(world)


def items(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    result: list[dict[str, Any]] = response.json()["items"]
    return result


def titles(response: Any) -> set[str]:
    return {item["title"] for item in items(response)}


def send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


PUBLISHED = {"Alat kesehatan Puskesmas Semanggi", "Ruang kelas Cipedak"}


def test_the_catalogue_is_public(client: Client, world: World, catalogue: Catalogue) -> None:
    response = client.get("/api/needs")
    assert titles(response) == PUBLISHED
    need = next(i for i in items(response) if i["title"] == "Alat kesehatan Puskesmas Semanggi")
    assert need == {
        "id": catalogue.semanggi.pk,
        "version": 1,
        "title": "Alat kesehatan Puskesmas Semanggi",
        "title_en": "Medical equipment for Puskesmas Semanggi",
        "description": "",
        "description_en": "",
        "sector": "12230",
        "sector_name": "Infrastruktur kesehatan dasar",
        "region_codes": ["33.72.03.1002"],
        "estimated_cost": "800000000.00",
        "beneficiaries": 1000,
        "beneficiary_households": 0,
        "priority": 3,
        "priority_label": need["priority_label"],
        "status": "open",
        "status_label": need["status_label"],
        "publisher": {"slug": "dinkes", "name": "Dinas Kesehatan Kota Surakarta"},
        "partnership_slug": None,
        "created_at": need["created_at"],
    }


def test_catalogue_filters_like_the_pages(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    client.force_login(world.kurnia)
    assert titles(client.get("/api/needs", {"region": "33.72"})) == {
        "Alat kesehatan Puskesmas Semanggi",
        "Posyandu Joyosuran",
    }
    assert titles(client.get("/api/needs", {"status": "draft"})) == {"Posyandu Joyosuran"}
    assert titles(client.get("/api/needs", {"sector": "11220"})) == {"Ruang kelas Cipedak"}
    assert titles(client.get("/api/needs", {"cost_min": "1000000000"})) == {"Ruang kelas Cipedak"}
    assert titles(client.get("/api/needs", {"q": "posyandu"})) == {"Posyandu Joyosuran"}


def test_need_detail_hides_drafts(client: Client, world: World, catalogue: Catalogue) -> None:
    assert client.get(f"/api/needs/{catalogue.semanggi.pk}").json()["id"] == catalogue.semanggi.pk
    assert client.get(f"/api/needs/{catalogue.draft.pk}").status_code == 404
    client.force_login(catalogue.dian)
    assert client.get(f"/api/needs/{catalogue.draft.pk}").status_code == 200


NEED = {
    "title": "Ambulans kelurahan",
    "publisher": "dinkes",
    "sector": "12230",
    "regions": ["33.72.03.1002"],
    "estimated_cost": "450000000",
    "priority": 2,
}


def test_creating_a_need(client: Client, world: World, catalogue: Catalogue) -> None:
    assert send(client, "post", "/api/needs", NEED).status_code == 401
    client.force_login(world.bima)
    assert send(client, "post", "/api/needs", NEED).status_code == 403
    client.force_login(world.kurnia)
    response = send(client, "post", "/api/needs", NEED)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft" and data["region_codes"] == ["33.72.03.1002"]
    assert data["publisher"]["slug"] == "dinkes"
    assert Need.objects.get(pk=data["id"]).title == "Ambulans kelurahan"


def test_a_need_is_validated_by_the_pages_form(
    english: Client, world: World, catalogue: Catalogue
) -> None:
    english.force_login(world.kurnia)
    bad = {**NEED, "title": "", "regions": ["99.99"], "publisher": "nobody", "sector": "99999"}
    response = send(english, "post", "/api/needs", bad)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The data are not valid."
    assert body["errors"]["title"] == ["This field is required."]
    assert body["errors"]["regions"] == ["Unknown region code: 99.99."]
    assert "publisher" in body["errors"] and "sector" in body["errors"]
    # Wrong types are refused before the form, also as 422.
    assert send(english, "post", "/api/needs", {"regions": "33.72"}).status_code == 422
    assert send(english, "post", "/api/needs", {"priority": "high"}).status_code == 422
    assert not Need.objects.filter(title="").exists()


def test_patching_a_need_changes_only_what_is_given(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    url = f"/api/needs/{catalogue.semanggi.pk}"
    assert send(client, "patch", url, {"title": "Baru"}).status_code == 401
    client.force_login(world.bima)
    assert send(client, "patch", url, {"title": "Baru"}).status_code == 403
    client.force_login(world.kurnia)
    assert send(client, "patch", f"/api/needs/{catalogue.jakarta_draft.pk}", {}).status_code == 404
    response = send(client, "patch", url, {"title": "Alat kesehatan baru", "priority": 1})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Alat kesehatan baru" and data["priority"] == 1
    assert data["region_codes"] == ["33.72.03.1002"] and data["estimated_cost"] == "800000000.00"
    assert data["title_en"] == "Medical equipment for Puskesmas Semanggi"
    assert data["status"] == "open"
    response = send(client, "patch", url, {"estimated_cost": "-1"})
    assert response.status_code == 422 and "estimated_cost" in response.json()["errors"]


def test_publishing_a_need(english: Client, world: World, catalogue: Catalogue) -> None:
    url = f"/api/needs/{catalogue.draft.pk}/publish"
    assert english.post(url).status_code == 401
    english.force_login(world.charlie)
    assert english.post(url).status_code == 404
    english.force_login(catalogue.dian)
    response = english.post(url)
    assert response.status_code == 200 and response.json()["status"] == "open"
    again = english.post(url)
    assert again.status_code == 400
    assert again.json()["detail"] == "Only a draft can be published."


def test_offers_need_a_signed_in_reader(client: Client, world: World, catalogue: Catalogue) -> None:
    response = client.get("/api/offers")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert client.get(f"/api/offers/{catalogue.offer_x.pk}").status_code == 401
    client.force_login(world.charlie)
    assert titles(client.get("/api/offers")) == set()
    assert client.get(f"/api/offers/{catalogue.offer_x.pk}").status_code == 404
    client.force_login(world.bima)
    assert titles(client.get("/api/offers")) == {"CSR kesehatan Bank X"}
    client.force_login(world.kurnia)
    assert titles(client.get("/api/offers")) == {"CSR kesehatan Bank X", "CSR pendidikan Bank Z"}
    assert titles(client.get("/api/offers", {"sector": "122"})) == {"CSR kesehatan Bank X"}
    assert titles(client.get("/api/offers", {"region": "31.71"})) == {"CSR pendidikan Bank Z"}
    offer = client.get(f"/api/offers/{catalogue.offer_x.pk}").json()
    assert offer["organisation"] == {"slug": "bank-x", "name": 'Bank "X" Cabang "Y"'}
    assert offer["sectors"] == ["122"] and offer["sector_names"] == ["Kesehatan dasar"]
    assert offer["region_codes"] == ["33"] and offer["budget_max"] == "1000000000.00"


OFFER = {
    "organisation": "bank-x",
    "title": "Beasiswa Bank X",
    "sectors": ["11220"],
    "regions": [],
    "budget_min": "100000000",
    "budget_max": "200000000",
}


def test_creating_and_patching_an_offer(
    english: Client, world: World, catalogue: Catalogue
) -> None:
    assert send(english, "post", "/api/offers", OFFER).status_code == 401
    english.force_login(world.kurnia)
    assert send(english, "post", "/api/offers", OFFER).status_code == 403
    english.force_login(world.bima)
    response = send(english, "post", "/api/offers", OFFER)
    assert response.status_code == 201, response.content
    offer = response.json()
    assert offer["status"] == "open" and offer["region_codes"] == []
    assert Offer.objects.get(pk=offer["id"]).created_by == world.bima

    url = f"/api/offers/{offer['id']}"
    response = send(english, "patch", url, {"budget_max": "50000000"})
    assert response.status_code == 422
    assert response.json()["errors"]["budget_max"] == ["The upper bound is below the lower bound."]
    response = send(english, "patch", url, {"status": "closed", "regions": ["33.72"]})
    assert response.status_code == 200
    assert response.json()["status"] == "closed" and response.json()["region_codes"] == ["33.72"]
    response = send(english, "patch", url, {"organisation": "bank-z"})
    # Not his organisation: one he may not name is none at all, as in a path.
    assert response.status_code == 404 and "organisation" in response.json()["detail"]
    english.force_login(world.kurnia)
    assert send(english, "patch", url, {"title": "x"}).status_code == 404  # closed, not hers
    assert send(english, "patch", f"/api/offers/{catalogue.offer_x.pk}", {}).status_code == 403


def test_matches_of_an_offer_are_ranked_and_explained(
    english: Client, world: World, catalogue: Catalogue
) -> None:
    figure("33.72", "10")
    client = Client()
    client.force_login(world.kurnia)
    url = f"/api/offers/{catalogue.offer_x.pk}/matches"
    ranked = items(client.get(url))
    assert [m["need"]["title"] for m in ranked] == [
        "Alat kesehatan Puskesmas Semanggi",
        "Ruang kelas Cipedak",
    ]
    best = ranked[0]
    assert (best["total"], best["maximum"]) == ("95.0", "100")
    assert [p["criterion"] for p in best["parts"]] == [
        "sector",
        "region",
        "budget",
        "priority",
        "poverty",
    ]
    assert best["parts"][0]["label"] == "Kesesuaian sektor"
    assert best["parts"][4]["points"] == "5.0" and best["parts"][4]["maximum"] == "10"
    assert (
        "Angka kemiskinan 10% di wilayah Kota Surakarta (33.72)" in best["parts"][4]["explanation"]
    )

    english.force_login(world.kurnia)
    parts = items(english.get(url))[0]["parts"]
    assert parts[0]["label"] == "Sector fit"
    assert "one contains the other" in parts[0]["explanation"]
    assert client.get(f"/api/offers/{catalogue.offer_z_closed.pk}/matches").status_code == 404


def test_matches_of_a_need_show_only_offers_the_reader_may_see(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    url = f"/api/needs/{catalogue.semanggi.pk}/matches"
    assert items(client.get(url)) == []  # anonymous: offers are not public
    client.force_login(world.bima)
    assert [m["offer"]["title"] for m in items(client.get(url))] == ["CSR kesehatan Bank X"]
    client.force_login(world.kurnia)
    assert [m["offer"]["title"] for m in items(client.get(url))] == [
        "CSR kesehatan Bank X",
        "CSR pendidikan Bank Z",
    ]
    assert client.get(f"/api/needs/{catalogue.jakarta_draft.pk}/matches").status_code == 404


def test_a_match_becomes_a_partnership(english: Client, world: World, catalogue: Catalogue) -> None:
    url = f"/api/offers/{catalogue.offer_x.pk}/matches/{catalogue.semanggi.pk}/partnership"
    assert english.post(url).status_code == 401
    english.force_login(world.bima)
    assert english.post(url).status_code == 403
    english.force_login(world.kurnia)
    assert (
        english.post(f"/api/offers/{catalogue.offer_x.pk}/matches/999999/partnership").status_code
        == 404
    )
    response = english.post(url)
    assert response.status_code == 201, response.content
    slug = response.json()["slug"]
    assert response.json()["url"] == f"/partnerships/{slug}/"
    partnership = Partnership.objects.get(slug=slug)
    assert partnership.needs.get() == catalogue.semanggi
    assert english.get(f"/api/partnerships/{slug}").status_code == 200

    again = english.post(url)
    assert again.status_code == 400
    assert again.json()["detail"] == "This need already has a partnership."
    need = english.get(f"/api/needs/{catalogue.semanggi.pk}").json()
    assert need["status"] == NeedStatus.MATCHED and need["partnership_slug"] == slug


CSV = "region_code,year,measure,value,unit,source\n33.72,2024,poverty-rate,8.44,%,BPS\n"


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("figures.csv", text.encode(), content_type="text/csv")


def test_region_figures_upload(english: Client, world: World) -> None:
    assert english.post("/api/region-figures", {"file": csv_file(CSV)}).status_code == 401
    english.force_login(world.charlie)
    assert english.post("/api/region-figures", {"file": csv_file(CSV)}).status_code == 403
    english.force_login(world.kurnia)
    response = english.post("/api/region-figures", {"file": csv_file(CSV)})
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0}

    bad = CSV + "33.72.03.1002,2024,poverty-rate,7,%,\n33.72,1800,poverty-rate,7,%,\n"
    response = english.post("/api/region-figures", {"file": csv_file(bad.replace("8.44", "9"))})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Nothing was saved."
    assert body["errors"] == [
        {
            "line": 4,
            "column": "year",
            "message": "The year must lie between 1945 and 2100.",
        }
    ]
    assert RegionFigure.objects.get().value == Decimal(
        "8.44"
    )  # the good lines were not saved either
    assert english.post("/api/region-figures", {}).status_code == 422  # no file


def test_writes_with_a_session_need_the_csrf_token(world: World, catalogue: Catalogue) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.kurnia)
    response = send(client, "post", "/api/needs", NEED)
    assert response.status_code == 403
    assert not Need.objects.filter(title=NEED["title"]).exists()


def test_openapi_lists_the_endpoints(client: Client) -> None:
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert {
        "/api/needs",
        "/api/needs/{need_id}",
        "/api/needs/{need_id}/publish",
        "/api/needs/{need_id}/matches",
        "/api/offers",
        "/api/offers/{offer_id}",
        "/api/offers/{offer_id}/matches",
        "/api/offers/{offer_id}/matches/{need_id}/partnership",
        "/api/region-figures",
    } <= paths


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        ("/api/needs", {"region": "abc"}, 422),
        ("/api/needs", {"region": "99.99"}, 404),
        ("/api/needs", {"sector": "99999"}, 404),
        ("/api/needs", {"status": "bogus"}, 422),
        ("/api/needs", {"cost_min": "-1"}, 422),
        ("/api/needs", {"cost_min": "9", "cost_max": "1"}, 400),
        ("/api/needs/0", {}, 404),
        ("/api/needs/abc", {}, 422),
        ("/api/needs/0/matches", {}, 404),
    ],
)
def test_bad_requests_get_a_json_error(
    client: Client, world: World, url: str, params: dict[str, str], status: int
) -> None:
    response = client.get(url, params)
    assert response.status_code == status
    assert response.json()["detail"]


def test_list_query_counts_do_not_grow(client: Client, world: World, catalogue: Catalogue) -> None:
    client.force_login(world.kurnia)

    years = iter(range(2000, 2100))

    def grow() -> None:
        for _ in range(4):
            publisher = OrganisationFactory(kind="regional_unit")
            NeedFactory(publisher=publisher, regions=["33.72.03.1002", "31.71"])
            OfferFactory(regions=["33", "31.71"], sectors=["122", "11220"])
        figure("31.71", "6", year=next(years))

    for url in (
        "/api/needs",
        "/api/offers",
        f"/api/offers/{catalogue.offer_x.pk}/matches",
        f"/api/needs/{catalogue.semanggi.pk}/matches",
    ):
        assert_constant_queries(lambda url=url: client.get(url), grow)  # type: ignore[misc]
