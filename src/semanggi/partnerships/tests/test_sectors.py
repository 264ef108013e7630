"""One sector picker everywhere: found by a word of its name in Indonesian or English or by
its code, shown by name with the code small, resolved on the server without script."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from semanggi.iati.sectors import sector_candidates, sector_search
from semanggi.partnerships.sectors import (
    SectorCodesField,
    SectorField,
    SectorPicker,
    sector_resolve,
)
from semanggi.testing.world import World


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("kesehatan", "id", "12220"),  # a word of the Indonesian name
        ("health", "en", "12220"),  # a word of the English name
        ("Kesehatan", "en", "12220"),  # the other language, any case
        ("sehat", "id", "12220"),  # part of a word (kesehatan)
        ("1222", "id", "12220"),  # the start of a code
        ("basic health care", "en", "12220"),
    ],
)
def test_sectors_are_found_by_name_in_either_language_or_by_code(
    typed: str, language: str, expected: str
) -> None:
    assert expected in [match.code for match in sector_search(typed, language)]


def test_matches_are_named_in_the_readers_language_best_first() -> None:
    exact = sector_search("12220", "id")
    assert [(m.code, m.name, m.category_name) for m in exact] == [
        ("12220", "Pelayanan kesehatan dasar", "Kesehatan dasar")
    ]
    assert sector_search("12220", "en")[0].name == "Basic health care"
    # The name itself first, then names that start with it, then names that hold it.
    assert sector_search("pelayanan kesehatan dasar", "id")[0].code == "12220"
    assert sector_search("gizi", "id")[0].code == "12240"
    assert len(sector_search("kesehatan", "id")) == 20  # a page of the best
    assert sector_search("", "id") == [] and sector_search("   ", "id") == []
    assert sector_search("zzzz", "id") == []


def test_categories_only_where_asked_and_withdrawn_codes_only_by_code() -> None:
    assert "122" not in [m.code for m in sector_search("kesehatan dasar", "id")]
    with_categories = sector_search("kesehatan dasar", "id", categories=True)
    assert with_categories[0].code == "122" and with_categories[0].is_category
    # 15161 (elections) is withdrawn: found by its exact code only.
    assert "15161" not in [m.code for m in sector_search("pemilihan", "id")]
    assert [m.code for m in sector_search("15161", "id")] == ["15161"]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("12220", "12220"),
        ("Pelayanan kesehatan dasar", "12220"),
        ("basic HEALTH care", "12220"),
        ("Pelayanan kesehatan dasar (12220)", "12220"),
        ("gizi", "12240"),  # one sector only holds the word
    ],
)
def test_the_server_resolves_what_was_typed(typed: str, code: str) -> None:
    assert sector_resolve(typed) == code
    assert SectorField().clean(typed) == code


def test_unknown_and_ambiguous_text_is_a_clear_error_in_the_readers_language() -> None:
    with translation.override("id"):
        with pytest.raises(ValidationError) as ambiguous:
            SectorField().clean("kesehatan")
        text = " ".join(ambiguous.value.messages)
    assert "Beberapa sektor" in text and "Pelayanan kesehatan dasar (12220)" in text
    with translation.override("en"):
        with pytest.raises(ValidationError) as unknown:
            sector_resolve("99999")
        assert unknown.value.messages == ["Unknown sector code: 99999."]
    with pytest.raises(ValidationError):
        sector_resolve("122")  # a category is not a sector here
    assert sector_resolve("122", categories=True) == "122"
    assert SectorField(required=False).clean("") == ""
    assert sector_candidates("") == []


def test_several_sectors_for_an_offer() -> None:
    field = SectorCodesField(categories=True)
    assert field.clean("12220, gizi; 122") == ["12220", "12240", "122"]
    assert field.clean(["12230", "12230", "11220"]) == ["12230", "11220"]
    with pytest.raises(ValidationError):
        field.clean("")
    with pytest.raises(ValidationError):
        field.clean(["12230", "99999"])
    with pytest.raises(ValidationError):
        field.clean([str(10000 + n) for n in range(60)])


def test_the_widget_shows_names_with_the_code_small_and_a_list_without_script() -> None:
    with translation.override("id"):
        html = SectorPicker().render("sector", "12220", attrs={"id": "id_sector"})
        multiple = SectorPicker(multiple=True, categories=True).render("sectors", ["122", "11220"])
    assert 'data-sector-picker="single"' in html
    assert 'list="id_sector-sectors"' in html and '<datalist id="id_sector-sectors">' in html
    assert '<option value="12230">Infrastruktur kesehatan dasar</option>' in html
    assert 'data-code="12220"' in html
    assert 'Pelayanan kesehatan dasar <small class="code">12220</small>' in html
    assert 'data-sector-picker="multiple"' in multiple and 'data-categories="1"' in multiple
    assert 'value="122, 11220"' in multiple
    assert '<option value="122">Kesehatan dasar</option>' in multiple


@pytest.mark.django_db
def test_the_api_searches_sectors_in_the_requests_language(world: World) -> None:
    client = Client()
    found = client.get("/api/sectors/search", {"q": "kesehatan"}).json()
    assert found[0]["name"] and found[0]["label"] == found[0]["name"]
    assert {"code": "12220", "name": "Pelayanan kesehatan dasar"}.items() <= next(
        m for m in found if m["code"] == "12220"
    ).items()
    client.cookies["django_language"] = "en"
    english = client.get("/api/sectors/search", {"q": "health", "categories": "true"}).json()
    assert english[0]["is_category"] and english[0]["code"] in {"121", "122", "130"}
    basic = next(m for m in english if m["code"] == "12220")
    assert basic["name"] == "Basic health care" and basic["category_name"] == "Basic Health"
    assert client.get("/api/sectors/search", {"q": ""}).status_code == 422
    assert client.get("/api/sectors/search", {"q": "x" * 101}).status_code == 422
    assert "/api/sectors/search" in client.get("/api/openapi.json").json()["paths"]


@pytest.mark.django_db
def test_every_sector_entry_and_filter_uses_the_picker(client: Client, world: World) -> None:
    client.force_login(world.kurnia)
    for url in (
        "/partnerships/",
        "/dashboard/",
        "/needs/",
        "/needs/new/",
        "/offers/",
        "/partnerships/semanggi/edit/",
    ):
        html = client.get(url).content.decode()
        assert 'data-sector-picker="single"' in html, url
    client.force_login(world.bima)
    html = client.get("/offers/new/").content.decode()
    assert 'data-sector-picker="multiple"' in html and 'data-categories="1"' in html


@pytest.mark.django_db
def test_filters_resolve_names_and_explain_what_they_cannot(client: Client, world: World) -> None:
    by_name = client.get("/partnerships/", {"sector": "Pelayanan kesehatan dasar"})
    by_code = client.get("/partnerships/", {"sector": "12220"})
    assert by_name.status_code == by_code.status_code == 200
    assert by_name.content.decode().count("<tr") == by_code.content.decode().count("<tr")
    ambiguous = client.get("/partnerships/", {"sector": "kesehatan"})
    assert ambiguous.status_code == 400
    assert "Beberapa sektor" in ambiguous.content.decode()
