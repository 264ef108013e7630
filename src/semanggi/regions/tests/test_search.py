"""Finding regions by name: the search behind the one region picker, its API, and the form
field that takes names as well as codes."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from semanggi.regions.forms import RegionField, region_codes_resolve, region_resolve
from semanggi.regions.selectors import region_search
from semanggi.regions.tests.factories import regions_create

pytestmark = pytest.mark.django_db

MORE = [
    ("33.13", "Kabupaten Karanganyar"),
    ("33.13.01", "Jatipuro"),
    ("33.13.01.2001", "Semanggi"),  # a second village of that name, elsewhere
    ("33.72.05", "Jebres"),
    ("33.72.05.1006", "Mojosongo"),
    ("33.72.03.1003", "Semanggi Baru"),
]


@pytest.fixture
def regions() -> None:
    regions_create()
    regions_create(MORE)


def test_villages_are_found_by_name_with_their_parents(regions: None) -> None:
    found = region_search(q="semanggi")
    labels = [match.label for match in found]
    assert labels[:2] == [
        "Semanggi · Pasar Kliwon · Kota Surakarta",
        "Semanggi · Jatipuro · Kabupaten Karanganyar",
    ] or labels[:2] == [
        "Semanggi · Jatipuro · Kabupaten Karanganyar",
        "Semanggi · Pasar Kliwon · Kota Surakarta",
    ]
    # The exact name before the one that only starts with it.
    assert labels[2] == "Semanggi Baru · Pasar Kliwon · Kota Surakarta"
    assert found[0].level_name and found[0].level == 4


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("Mojosongo", "33.72.05.1006"),
        ("MOJOSONGO", "33.72.05.1006"),
        ("kliwon", "33.72.03"),  # part of a name
        ("  pasar   kliwon ", "33.72.03"),
        ("semanggi surakarta", "33.72.03.1002"),  # a word of a parent narrows it
        ("33.72.03", "33.72.03"),  # a code finds the region, then what lies within
    ],
)
def test_what_people_type_finds_the_region(regions: None, q: str, first: str) -> None:
    assert region_search(q=q)[0].code == first


def test_search_is_narrowed_by_level_and_area(regions: None) -> None:
    assert {m.code for m in region_search(q="semanggi", within="33.13")} == {"33.13.01.2001"}
    assert region_search(q="kota", level=2)[0].code in {"33.72", "31.71"}
    assert region_search(q="nothing like it") == []
    assert region_search(q="   ") == []


def test_the_api_searches_the_same_way(client: Client, regions: None) -> None:
    response = client.get("/api/regions/search", {"q": "mojosongo"})
    assert response.status_code == 200
    (match,) = response.json()
    assert match == {
        "code": "33.72.05.1006",
        "name": "Mojosongo",
        "level": 4,
        "level_name": match["level_name"],
        "parents": ["Jebres", "Kota Surakarta"],
        "label": "Mojosongo · Jebres · Kota Surakarta",
    }
    assert client.get("/api/regions/search", {"q": ""}).status_code == 422
    assert client.get("/api/regions/search", {"q": "x" * 101}).status_code == 422
    assert client.get("/api/regions/search", {"q": "a", "within": "bad"}).status_code == 422
    assert "/api/regions/search" in client.get("/api/openapi.json").json()["paths"]


def test_a_name_resolves_when_it_is_unique_and_asks_when_it_is_not(regions: None) -> None:
    assert region_resolve("Mojosongo").code == "33.72.05.1006"
    assert region_resolve("33.72.03.1002").code == "33.72.03.1002"
    assert region_resolve("Semanggi · Pasar Kliwon · Kota Surakarta").code == "33.72.03.1002"
    with pytest.raises(ValidationError) as shared:
        region_resolve("Semanggi")
    text = " ".join(shared.value.messages)
    assert "33.72.03.1002" in text and "33.13.01.2001" in text
    with pytest.raises(ValidationError):
        region_resolve("Atlantis")
    with pytest.raises(ValidationError):
        region_resolve("99.99")


def test_the_form_field_takes_names_and_codes(regions: None) -> None:
    field = RegionField(required=False)
    assert field.clean("Mojosongo") == "33.72.05.1006"
    assert field.clean("") == ""
    regions_found: Any = region_codes_resolve(["33.72", "Mojosongo", "33.72"])
    assert [r.code for r in regions_found] == ["33.72", "33.72.05.1006"]


def test_the_picker_shows_names_of_the_regions_already_chosen(regions: None) -> None:
    html = RegionField().widget.render("region", "33.72.03.1002")
    assert 'data-region-picker="single"' in html
    assert "Semanggi · Pasar Kliwon · Kota Surakarta" in html
    assert '<small class="code">33.72.03.1002</small>' in html
