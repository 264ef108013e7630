"""Every page: status, content, language, access, and a query count that does not grow."""

from typing import Any

import pytest
from django.test import Client

from semanggi.organisations.tests.factories import OrganisationFactory
from semanggi.partnerships.tests.factories import PartnershipFactory, PartyFactory, party_fill
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def more_partnerships(count: int = 3, location: str = "33.72.03.1002") -> None:
    for _ in range(count):
        partnership = PartnershipFactory(locations=[location])
        party_fill(PartyFactory(partnership=partnership))
        party_fill(PartyFactory(partnership=partnership))


def test_home_says_what_semanggi_is_with_counts(client: Client, world: World) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    text = response.content.decode()
    assert "Semanggi mencatat kemitraan" in text
    # Anonymous visitors count only the published partnership.
    assert 'data-count="partnerships">1<' in text
    assert 'data-count="organisations">4<' in text


def test_home_counts_what_the_visitor_may_see(client: Client, world: World) -> None:
    client.force_login(world.alice)
    assert 'data-count="partnerships">3<' in client.get("/").content.decode()


def test_english_is_one_choice_away_and_remembered(client: Client, world: World) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/partnerships/"})

    assert response.status_code == 302
    page = client.get("/partnerships/")
    assert page.headers["Content-Language"] == "en"
    assert "<h1>Partnerships</h1>" in page.content.decode()


def test_the_browser_language_does_not_override_indonesian(client: Client, world: World) -> None:
    page = client.get("/partnerships/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "<h1>Kemitraan</h1>" in page.content.decode()


def test_regions_walk_from_province_to_village(client: Client, world: World) -> None:
    index = client.get("/regions/").content.decode()
    assert "Jawa Tengah" in index

    city = client.get("/regions/33.72/").content.decode()
    assert "Kota Surakarta" in city and "Pasar Kliwon" in city
    assert "Puskesmas Semanggi" in city
    assert "Draf Surakarta" not in city  # unpublished

    village = client.get("/regions/33.72.03.1002/")
    text = village.content.decode()
    assert village.status_code == 200
    assert "Kelurahan/Desa · 33.72.03.1002" in text
    assert 'href="/regions/33.72.03/">Pasar Kliwon</a>' in text
    assert "Puskesmas Semanggi" in text


def test_a_coordinator_sees_unpublished_partnerships_of_her_area(
    client: Client, world: World
) -> None:
    client.force_login(world.kurnia)
    city = client.get("/regions/33.72/").content.decode()
    assert "Draf Surakarta" in city
    assert "belum dipublikasikan" in city


def test_unknown_region_is_a_friendly_404(client: Client, world: World) -> None:
    response = client.get("/regions/99.99/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_organisations_search_and_filter_by_kind(client: Client, world: World) -> None:
    banks = client.get("/organisations/", {"kind": "bank"}).content.decode()
    assert "Bank Z" in banks and "Dinas Kesehatan" not in banks

    found = client.get("/organisations/", {"q": "kesehatan"}).content.decode()
    assert "Dinas Kesehatan Kota Surakarta" in found and "Bank Z" not in found


def test_an_unknown_organisation_kind_is_explained(client: Client, world: World) -> None:
    response = client.get("/organisations/", {"kind": "alien"})
    assert response.status_code == 400
    assert "Pilih" in response.content.decode() or "pilihan" in response.content.decode()


def test_organisation_page_lists_its_visible_partnerships_and_roles(
    client: Client, world: World
) -> None:
    text = client.get("/organisations/bank-x/").content.decode()
    assert "Puskesmas Semanggi" in text
    assert "Pendana" in text and "Pelaksana" in text
    assert "Rintisan Jakarta" not in text  # unpublished, not for anonymous
    assert "Riwayat perubahan" not in text

    client.force_login(world.bima)
    text = client.get("/organisations/bank-x/").content.decode()
    assert "Rintisan Jakarta" in text
    assert "Riwayat perubahan" in text


def test_partnership_list_filters(client: Client, world: World) -> None:
    client.force_login(world.alice)

    def slugs(**params: str) -> set[str]:
        response = client.get("/partnerships/", params)
        assert response.status_code == 200
        text = response.content.decode()
        return {
            s
            for s in ("semanggi", "surakarta-draft", "jakarta-pilot")
            if f"/partnerships/{s}/" in text
        }

    assert slugs() == {"semanggi", "surakarta-draft", "jakarta-pilot"}
    assert slugs(region="33.72") == {"semanggi", "surakarta-draft"}
    assert slugs(region="31") == {"jakarta-pilot"}
    assert slugs(region="33.72.03.1002") == {"semanggi"}
    assert slugs(sector="12230") == {"semanggi", "surakarta-draft", "jakarta-pilot"}
    assert slugs(sector="11110") == set()
    assert slugs(phase="planning") == {"semanggi", "surakarta-draft", "jakarta-pilot"}
    assert slugs(phase="closed") == set()
    assert slugs(status="1") == {"semanggi", "surakarta-draft", "jakarta-pilot"}
    assert slugs(q="jakarta") == {"jakarta-pilot"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "99.99"}, "Kode wilayah tidak dikenal: 99.99."),
        ({"region": "abc"}, "Tidak ada wilayah bernama “abc”."),
        ({"sector": "99999"}, "Kode sektor tidak dikenal: 99999."),
        ({"phase": "bogus"}, "bogus"),
    ],
)
def test_bad_filters_are_explained_not_crashed(
    client: Client, world: World, params: dict[str, str], message: str
) -> None:
    response = client.get("/partnerships/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_partnership_page_shows_parties_roles_objectives_and_contributions(
    client: Client, world: World
) -> None:
    response = client.get("/partnerships/semanggi/")
    text = response.content.decode()

    assert response.status_code == 200
    assert "Puskesmas Semanggi" in text
    assert (
        "Dinas Kesehatan Kota Surakarta" in text
        and "Bank &quot;X&quot; Cabang &quot;Y&quot;" in text
    )
    assert "Penanggung jawab" in text  # Dinkes: accountable
    assert "Tujuan pihak" in text
    assert "Rp 1.000.000" in text
    assert "Infrastruktur kesehatan dasar" in text or "12230" in text
    assert 'aria-current="step">Perencanaan' in text
    assert "Riwayat perubahan" not in text  # history is for those who may edit


def test_partnership_page_in_english(english: Client, world: World) -> None:
    text = english.get("/partnerships/semanggi/").content.decode()
    assert "Contributions" in text and "Accountable" in text and "Planning" in text


def test_hidden_partnership_is_a_404_for_outsiders_and_visible_to_those_involved(
    client: Client, world: World
) -> None:
    assert client.get("/partnerships/jakarta-pilot/").status_code == 404
    client.force_login(world.charlie)
    assert client.get("/partnerships/jakarta-pilot/").status_code == 404
    client.force_login(world.eva)
    assert client.get("/partnerships/jakarta-pilot/").status_code == 200


def test_history_shows_who_changed_what_to_editors(client: Client, world: World) -> None:
    partnership = world.semanggi
    partnership.title = "Puskesmas Semanggi Baru"
    partnership._history_user = world.kurnia  # type: ignore[attr-defined]
    partnership.save()

    client.force_login(world.kurnia)
    text = client.get("/partnerships/semanggi/").content.decode()
    assert "Riwayat perubahan" in text
    assert "Puskesmas Semanggi → Puskesmas Semanggi Baru" in text
    assert "kurnia" in text


def test_unknown_partnership_is_a_404_in_the_visitors_language(world: World, settings: Any) -> None:
    indonesian, english = Client(), Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Halaman tidak ditemukan" in indonesian.get("/partnerships/nope/").content.decode()
    response = english.get("/partnerships/does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_login_and_logout(client: Client, world: World) -> None:
    response = client.post(
        "/accounts/login/", {"username": "kurnia", "password": "kurnia-pass", "next": "/"}
    )
    assert response.status_code == 302
    assert "kurnia" in client.get("/accounts/profile/").content.decode()
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302


def test_wrong_password_is_explained(client: Client, world: World) -> None:
    response = client.post("/accounts/login/", {"username": "kurnia", "password": "nope"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_admin_is_for_staff(client: Client, world: World) -> None:
    assert client.get("/admin/").status_code == 302
    client.force_login(world.alice)
    assert client.get("/admin/partnerships/partnership/").status_code == 200


def test_staff_who_are_not_superusers_cannot_hard_delete(client: Client, world: World) -> None:
    from django.contrib.auth.models import Permission

    world.kurnia.is_staff = True
    world.kurnia.save()
    world.kurnia.user_permissions.add(*Permission.objects.filter(codename__endswith="_partnership"))
    client.force_login(world.kurnia)
    response = client.get(f"/admin/partnerships/partnership/{world.semanggi.pk}/delete/")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/regions/",
        "/regions/33/",
        "/regions/33.72.03/",
        "/partnerships/",
        "/partnerships/semanggi/",
        "/organisations/",
        "/organisations/dinkes/",
    ],
)
def test_query_count_does_not_grow_with_the_data(client: Client, world: World, url: str) -> None:
    client.force_login(world.alice)

    def grow() -> None:
        more_partnerships(5)
        OrganisationFactory.create_batch(5)
        PartyFactory(partnership=world.semanggi)

    assert_constant_queries(lambda: client.get(url), grow)
