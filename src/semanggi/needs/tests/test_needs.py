"""The needs catalogue: who sees and changes which need, the pages, the forms."""

import pytest
from django.test import Client

from semanggi.access.selectors import principal_for
from semanggi.needs.models import Need, NeedStatus, Offer
from semanggi.needs.selectors import (
    NeedFilters,
    need_can_change,
    need_can_view,
    need_changeable_q,
    need_list,
    need_visible_q,
    offer_can_view,
    offer_visible_q,
)
from semanggi.needs.tests.factories import Catalogue, NeedFactory, OfferFactory, catalogue_create
from semanggi.organisations.tests.factories import OrganisationFactory
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

PEOPLE = ("anonymous", "alice", "kurnia", "bima", "eva", "charlie")


@pytest.fixture
def catalogue(world: World) -> Catalogue:
    return catalogue_create(world)


def titles(response: object) -> set[str]:
    text = response.content.decode()  # type: ignore[attr-defined]
    return {
        title
        for title in (
            "Alat kesehatan Puskesmas Semanggi",
            "Posyandu Joyosuran",
            "Ruang kelas Cipedak",
            "Draf Jakarta Selatan",
        )
        if title in text
    }


def visible_titles(world: World, who: str) -> set[str]:
    principal = principal_for(world.user(who))
    return set(
        need_list(principal=principal, filters=NeedFilters()).values_list("title", flat=True)
    )


PUBLISHED = {"Alat kesehatan Puskesmas Semanggi", "Ruang kelas Cipedak"}


@pytest.mark.parametrize(
    ("who", "extra"),
    [
        ("anonymous", set()),
        ("charlie", set()),
        ("eva", set()),
        ("bima", set()),
        ("kurnia", {"Posyandu Joyosuran"}),  # a draft in her area; not Jakarta's
        ("alice", {"Posyandu Joyosuran", "Draf Jakarta Selatan"}),
    ],
)
def test_the_public_sees_published_needs_and_drafts_stay_with_those_involved(
    world: World, catalogue: Catalogue, who: str, extra: set[str]
) -> None:
    assert visible_titles(world, who) == PUBLISHED | extra


def test_the_publishers_members_see_and_change_its_drafts(
    world: World, catalogue: Catalogue
) -> None:
    principal = principal_for(catalogue.dian)
    assert "Posyandu Joyosuran" in set(
        Need.objects.filter(need_visible_q(principal)).values_list("title", flat=True)
    )
    assert need_can_change(principal, catalogue.draft)
    assert not need_can_change(principal, catalogue.jakarta)


@pytest.mark.parametrize("who", [*PEOPLE, "dian"])
def test_set_filters_and_object_decisions_agree(
    world: World, catalogue: Catalogue, who: str
) -> None:
    user = catalogue.dian if who == "dian" else world.user(who)
    principal = principal_for(user)
    visible = set(Need.objects.filter(need_visible_q(principal)).values_list("pk", flat=True))
    changeable = set(Need.objects.filter(need_changeable_q(principal)).values_list("pk", flat=True))
    for need in Need.objects.prefetch_related("regions"):
        assert need_can_view(principal, need) == (need.pk in visible), need.title
        assert need_can_change(principal, need) == (need.pk in changeable), need.title
    offers = set(Offer.objects.filter(offer_visible_q(principal)).values_list("pk", flat=True))
    for offer in Offer.objects.all():
        assert offer_can_view(principal, offer) == (offer.pk in offers), offer.title


def test_visibility_makes_no_duplicate_rows(world: World, catalogue: Catalogue) -> None:
    # A draft in two villages of kurnia's area, published by a unit she is not a member of.
    NeedFactory(
        title="Dua kelurahan",
        status=NeedStatus.DRAFT,
        regions=["33.72.03.1001", "33.72.03.1002"],
    )
    rows = list(
        need_list(principal=principal_for(world.kurnia), filters=NeedFilters(region="33.72"))
    )
    assert len(rows) == len({need.pk for need in rows}) == 3


def test_catalogue_is_public_and_in_indonesian(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    response = client.get("/needs/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    assert titles(response) == PUBLISHED
    text = response.content.decode()
    assert "Rp 800.000.000" in text
    assert "Infrastruktur kesehatan dasar" in text  # the sector's Indonesian name


def test_catalogue_in_english(english: Client, world: World, catalogue: Catalogue) -> None:
    text = english.get("/needs/").content.decode()
    assert "<h1>Needs catalogue</h1>" in text
    assert "Medical equipment for Puskesmas Semanggi" in text  # the English title
    assert "Basic health infrastructure" in text


def test_catalogue_filters(client: Client, world: World, catalogue: Catalogue) -> None:
    client.force_login(world.alice)

    def found(**params: str) -> set[str]:
        response = client.get("/needs/", params)
        assert response.status_code == 200, response.content
        return titles(response)

    everything = PUBLISHED | {"Posyandu Joyosuran", "Draf Jakarta Selatan"}
    assert found() == everything
    assert found(region="33.72") == {"Alat kesehatan Puskesmas Semanggi", "Posyandu Joyosuran"}
    assert found(region="31.71.01.1001") == {"Ruang kelas Cipedak"}
    assert found(region="33.72.03.1002") == {"Alat kesehatan Puskesmas Semanggi"}
    assert found(sector="11220") == {"Ruang kelas Cipedak"}
    assert found(status="draft") == {"Posyandu Joyosuran", "Draf Jakarta Selatan"}
    assert found(cost_min="700000000", cost_max="1000000000") == {
        "Alat kesehatan Puskesmas Semanggi"
    }
    assert found(cost_max="300000000") == {"Posyandu Joyosuran"}
    assert found(q="cipedak") == {"Ruang kelas Cipedak"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "99.99"}, "99.99"),
        ({"sector": "99999"}, "99999"),
        ({"status": "bogus"}, "bogus"),
        ({"cost_min": "abc"}, "Enter a number"),
        ({"cost_min": "10", "cost_max": "5"}, "The upper bound is below the lower bound."),
    ],
)
def test_bad_filters_are_explained(
    english: Client, world: World, catalogue: Catalogue, params: dict[str, str], message: str
) -> None:
    response = english.get("/needs/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_need_page_shows_its_facts(client: Client, world: World, catalogue: Catalogue) -> None:
    response = client.get(f"/needs/{catalogue.semanggi.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Alat kesehatan Puskesmas Semanggi" in text
    assert "Dinas Kesehatan Kota Surakarta" in text
    assert 'href="/regions/33.72.03/">Pasar Kliwon</a>' in text
    assert "Rp 800.000.000" in text
    # Offers are not public: anonymous visitors get no ranking.
    assert "CSR kesehatan Bank X" not in text
    assert f"/needs/{catalogue.semanggi.pk}/edit/" not in text


def test_a_draft_is_a_404_for_outsiders(client: Client, world: World, catalogue: Catalogue) -> None:
    url = f"/needs/{catalogue.draft.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(world.charlie)
    assert client.get(url).status_code == 404
    client.force_login(world.kurnia)
    assert client.get(url).status_code == 200
    assert client.get(f"/needs/{catalogue.jakarta_draft.pk}/").status_code == 404
    assert client.get("/needs/999999/").status_code == 404


def test_coordinator_sees_ranked_offers_with_explained_scores(
    english: Client, world: World, catalogue: Catalogue
) -> None:
    english.force_login(world.kurnia)
    text = english.get(f"/needs/{catalogue.semanggi.pk}/").content.decode()
    assert "Offers that fit" in text
    assert "CSR kesehatan Bank X" in text and "CSR pendidikan Bank Z" in text
    assert "Tawaran lama Bank Z" not in text  # closed
    assert text.index("CSR kesehatan Bank X") < text.index("CSR pendidikan Bank Z")
    assert "Sector fit" in text and "Region fit" in text and "Area poverty rate" in text
    assert "30 / 30" in text
    assert "one contains the other" in text


def test_a_company_sees_only_its_own_offers_ranked(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    client.force_login(world.bima)
    text = client.get(f"/needs/{catalogue.semanggi.pk}/").content.decode()
    assert "CSR kesehatan Bank X" in text
    assert "CSR pendidikan Bank Z" not in text
    # Explanations come from the core in Indonesian.
    assert "Kesesuaian sektor" in text


def test_creating_a_need_needs_a_right(client: Client, world: World, catalogue: Catalogue) -> None:
    assert client.get("/needs/new/").status_code == 302  # to the login page
    for who, status in (("charlie", 403), ("bima", 403), ("eva", 403), ("kurnia", 200)):
        client.force_login(world.user(who))
        assert client.get("/needs/new/").status_code == status, who
    client.force_login(catalogue.dian)
    assert client.get("/needs/new/").status_code == 200


def need_data(world: World, **changes: str) -> dict[str, str]:
    data = {
        "title": "Ambulans kelurahan",
        "title_en": "",
        "description": "",
        "description_en": "",
        "publisher": str(world.dinkes.pk),
        "sector": "12230",
        "regions": "33.72.03.1002, 33.72.03.1001",
        "estimated_cost": "450000000",
        "beneficiaries": "5000",
        "beneficiary_households": "1200",
        "priority": "2",
    }
    data.update(changes)
    return data


def test_a_coordinator_publishes_a_need_as_a_draft_then_publishes_it(
    english: Client, world: World, catalogue: Catalogue
) -> None:
    client = english
    client.force_login(world.kurnia)
    response = client.post("/needs/new/", need_data(world))
    need = Need.objects.get(title="Ambulans kelurahan")
    assert response.status_code == 302 and response.url == f"/needs/{need.pk}/"
    assert need.status == NeedStatus.DRAFT
    assert sorted(need.regions.values_list("code", flat=True)) == [
        "33.72.03.1001",
        "33.72.03.1002",
    ]
    assert need.history.first().history_user == world.kurnia  # type: ignore[union-attr]
    assert Client().get(f"/needs/{need.pk}/").status_code == 404  # a draft

    response = client.post(f"/needs/{need.pk}/publish/")
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    assert Client().get(f"/needs/{need.pk}/").status_code == 200
    # Publishing twice is explained, not crashed.
    again = client.post(f"/needs/{need.pk}/publish/", follow=True)
    assert "Only a draft can be published." in again.content.decode()


def test_need_form_explains_its_errors_in_the_visitors_language(
    english: Client, world: World, catalogue: Catalogue
) -> None:
    english.force_login(world.kurnia)
    response = english.post(
        "/needs/new/",
        need_data(world, title="", regions="99.99, abc", estimated_cost="-5", sector="99999"),
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in text
    assert "Unknown region code: 99.99." in text
    assert "No region is called “abc”." in text
    assert "Ensure this value is greater than or equal to 0." in text
    assert "Unknown sector code: 99999." in text
    assert not Need.objects.filter(title="").exists()

    indonesian = Client()
    indonesian.force_login(world.kurnia)
    text = indonesian.post("/needs/new/", need_data(world, title="")).content.decode()
    assert "Bidang ini tidak boleh kosong." in text  # Django's own Indonesian


def test_a_coordinator_places_needs_only_in_her_regions(
    english: Client, world: World, catalogue: Catalogue
) -> None:
    english.force_login(world.kurnia)
    # Kurnia may publish for Dinkes (a unit of her city) but not in Jakarta.
    response = english.post("/needs/new/", need_data(world, regions="31.71.01.1001"))
    assert response.status_code == 400
    assert "31.71.01.1001 lies outside your regions." in response.content.decode()
    # Nor for a unit outside her city.
    response = english.post(
        "/needs/new/", need_data(world, publisher=str(catalogue.pemprov_dki.pk))
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()


def test_only_government_units_publish_needs(world: World, catalogue: Catalogue) -> None:
    client = Client()
    client.force_login(world.alice)
    text = client.get("/needs/new/").content.decode()
    assert "Pemerintah Provinsi DKI Jakarta" in text  # administrators choose any unit
    client.force_login(catalogue.dian)
    text = client.get("/needs/new/").content.decode()
    assert "Dinas Kesehatan Kota Surakarta" in text
    assert "Pemerintah Provinsi DKI Jakarta" not in text


def test_editing_a_need(client: Client, world: World, catalogue: Catalogue) -> None:
    url = f"/needs/{catalogue.semanggi.pk}/edit/"
    client.force_login(world.bima)
    assert client.get(url).status_code == 403
    client.force_login(world.kurnia)
    assert client.get(f"/needs/{catalogue.jakarta.pk}/edit/").status_code == 403
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="33.72.03.1002"' in form.content.decode()
    response = client.post(
        url, need_data(world, title="Alat kesehatan baru", regions="33.72.03.1002")
    )
    assert response.status_code == 302
    catalogue.semanggi.refresh_from_db()
    assert catalogue.semanggi.title == "Alat kesehatan baru"
    assert catalogue.semanggi.status == NeedStatus.OPEN  # the form does not touch the status


def test_publishing_needs_the_right(client: Client, world: World, catalogue: Catalogue) -> None:
    url = f"/needs/{catalogue.draft.pk}/publish/"
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(world.charlie)
    assert client.post(url).status_code == 404  # hidden from him
    client.force_login(world.alice)
    assert client.get(url).status_code == 405
    catalogue.draft.refresh_from_db()
    assert catalogue.draft.status == NeedStatus.DRAFT


def grow_needs() -> None:
    for index in range(4):
        publisher = OrganisationFactory(kind="regional_unit")
        NeedFactory(
            publisher=publisher,
            sector="12220" if index % 2 else "11220",
            regions=["33.72.03.1002", "31.71.01.1001"],
            status=NeedStatus.DRAFT if index == 3 else NeedStatus.OPEN,
        )


@pytest.mark.parametrize("who", ["anonymous", "kurnia", "alice"])
def test_catalogue_query_count_does_not_grow(
    client: Client, world: World, catalogue: Catalogue, who: str
) -> None:
    if who != "anonymous":
        client.force_login(world.user(who))
    assert_constant_queries(lambda: client.get("/needs/", {"region": "33"}), grow_needs)


def test_need_page_query_count_does_not_grow(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    client.force_login(world.kurnia)

    def grow() -> None:
        for _ in range(4):
            OfferFactory(sectors=["12230", "122"], regions=["33.72", "31"])
        catalogue.semanggi.regions.add("33.72.03.1001")

    assert_constant_queries(lambda: client.get(f"/needs/{catalogue.semanggi.pk}/"), grow)
