"""Offers, their pages, the ranking of needs and the step from a match to a partnership."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from semanggi.access.selectors import principal_for
from semanggi.needs.models import NeedStatus, Offer, OfferStatus
from semanggi.needs.selectors import (
    matches_for_need,
    matches_for_offer,
    need_detail,
    offer_detail,
)
from semanggi.needs.services import partnership_create_from_match
from semanggi.needs.tests.factories import (
    Catalogue,
    NeedFactory,
    OfferFactory,
    catalogue_create,
    figure,
)
from semanggi.partnerships.models import Partnership, PartnershipPhase, PartyRoleKind
from semanggi.testing.queries import assert_constant_queries, count_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world: World) -> Catalogue:
    return catalogue_create(world)


OFFERS = ("CSR kesehatan Bank X", "CSR pendidikan Bank Z", "Tawaran lama Bank Z")


def offers_listed(client: Client) -> set[str]:
    response = client.get("/offers/")
    assert response.status_code == 200
    return {title for title in OFFERS if title in response.content.decode()}


def test_offers_are_not_public(client: Client, world: World, catalogue: Catalogue) -> None:
    assert client.get("/offers/").status_code == 302
    assert client.get(f"/offers/{catalogue.offer_x.pk}/").status_code == 302
    client.force_login(world.charlie)
    assert offers_listed(client) == set()
    assert client.get(f"/offers/{catalogue.offer_x.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("bima", {"CSR kesehatan Bank X"}),  # his bank's offers only
        ("kurnia", {"CSR kesehatan Bank X", "CSR pendidikan Bank Z"}),  # every open offer
        ("eva", set()),
        ("alice", set(OFFERS)),
    ],
)
def test_who_sees_which_offers(
    client: Client, world: World, catalogue: Catalogue, who: str, seen: set[str]
) -> None:
    client.force_login(world.user(who))
    assert offers_listed(client) == seen


def test_offer_list_filters(client: Client, world: World, catalogue: Catalogue) -> None:
    client.force_login(world.alice)

    def found(**params: str) -> set[str]:
        response = client.get("/offers/", params)
        assert response.status_code == 200, response.content
        return {title for title in OFFERS if title in response.content.decode()}

    assert found(status="closed") == {"Tawaran lama Bank Z"}
    assert found(region="33.72.03.1002") == {"CSR kesehatan Bank X"}  # Jawa Tengah covers it
    assert found(region="31") == {"CSR pendidikan Bank Z"}
    assert found(sector="12230") == {"CSR kesehatan Bank X", "Tawaran lama Bank Z"}
    assert found(sector="11220") == {"CSR pendidikan Bank Z"}
    assert found(sector="122") == {"CSR kesehatan Bank X", "Tawaran lama Bank Z"}
    assert found(sector="112") == {"CSR pendidikan Bank Z"}
    assert found(q="pendidikan") == {"CSR pendidikan Bank Z"}
    assert client.get("/offers/", {"region": "99"}).status_code == 400


def test_offer_page_ranks_open_needs_with_explained_scores(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    figure("33.72", "8.44", year=2023)
    figure("33.72", "10", year=2024)  # the latest year counts
    client.force_login(world.kurnia)
    response = client.get(f"/offers/{catalogue.offer_x.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "CSR kesehatan Bank X" in text
    assert "Alat kesehatan Puskesmas Semanggi" in text and "Ruang kelas Cipedak" in text
    assert "Posyandu Joyosuran" not in text  # a draft is not in the matching
    assert text.index("Alat kesehatan Puskesmas Semanggi") < text.index("Ruang kelas Cipedak")
    # Criterion labels and explanations from the core, in Indonesian.
    assert "Kesesuaian sektor" in text and "Kesesuaian wilayah" in text
    assert "Angka kemiskinan 10% di wilayah Kota Surakarta (33.72)" in text
    assert "5 / 10" in text  # half the poverty points at 10 %
    assert 'data-total="95"' in text  # 30 + 30 + 20 + 10 + 5
    assert "122 · Kesehatan dasar" in text  # the category's name


def test_offer_page_in_english(english: Client, world: World, catalogue: Catalogue) -> None:
    english.force_login(world.kurnia)
    text = english.get(f"/offers/{catalogue.offer_x.pk}/").content.decode()
    assert "Needs that fit" in text
    assert "Score 90 of 100" in text  # no poverty figure yet
    assert "Sector fit" in text and "Budget fit" in text
    assert "The poverty rate of the need&#x27;s area is not known." in text
    assert "Create partnership" in text


def test_only_coordinators_of_the_needs_region_and_admins_get_the_button(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    url = f"/offers/{catalogue.offer_x.pk}/"
    semanggi_button = f"/offers/{catalogue.offer_x.pk}/match/{catalogue.semanggi.pk}/"
    jakarta_button = f"/offers/{catalogue.offer_x.pk}/match/{catalogue.jakarta.pk}/"
    client.force_login(world.bima)
    text = client.get(url).content.decode()
    assert semanggi_button not in text
    client.force_login(world.kurnia)
    text = client.get(url).content.decode()
    assert semanggi_button in text and jakarta_button not in text
    client.force_login(world.alice)
    text = client.get(url).content.decode()
    assert semanggi_button in text and jakarta_button in text


def test_creating_a_partnership_from_a_match_page(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    url = f"/offers/{catalogue.offer_x.pk}/match/{catalogue.semanggi.pk}/"
    client.force_login(world.bima)
    assert client.post(url).status_code == 403
    client.force_login(world.kurnia)
    assert client.get(url).status_code == 405
    response = client.post(url)
    partnership = Partnership.objects.get(needs=catalogue.semanggi)
    assert response.status_code == 302
    assert response.url == f"/partnerships/{partnership.slug}/"
    page = client.get(response.url)
    assert page.status_code == 200  # located in her area: she sees the unpublished partnership
    assert "Alat kesehatan Puskesmas Semanggi" in page.content.decode()

    again = client.post(url)
    assert again.status_code == 302 and again.url == f"/offers/{catalogue.offer_x.pk}/"
    assert Partnership.objects.filter(needs=catalogue.semanggi).count() == 1


def test_a_refused_match_is_explained(english: Client, world: World, catalogue: Catalogue) -> None:
    english.force_login(world.alice)
    url = f"/offers/{catalogue.offer_x.pk}/match/{catalogue.semanggi.pk}/"
    english.post(url)
    page = english.post(url, follow=True)
    assert "This need already has a partnership." in page.content.decode()


def test_hidden_offers_and_needs_are_404_for_the_match(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    client.force_login(world.kurnia)
    closed = f"/offers/{catalogue.offer_z_closed.pk}/match/{catalogue.semanggi.pk}/"
    assert client.post(closed).status_code == 404  # closed offers are not hers to see
    draft = f"/offers/{catalogue.offer_x.pk}/match/{catalogue.jakarta_draft.pk}/"
    assert client.post(draft).status_code == 404


def test_partnership_from_a_match_has_both_parties_and_their_roles(
    world: World, catalogue: Catalogue
) -> None:
    need, offer = catalogue.semanggi, catalogue.offer_x
    partnership = partnership_create_from_match(need=need, offer=offer, actor=world.kurnia)

    assert partnership.title == need.title and partnership.title_en == need.title_en
    assert partnership.slug == "alat-kesehatan-puskesmas-semanggi"
    assert partnership.sector == "12230"
    assert partnership.phase == PartnershipPhase.PLANNING
    assert partnership.status == "1"
    assert not partnership.is_published
    assert list(partnership.locations.values_list("code", flat=True)) == ["33.72.03.1002"]
    roles = {
        party.organisation.slug: sorted(role.role for role in party.roles.all())
        for party in partnership.parties.prefetch_related("roles").select_related("organisation")
    }
    assert roles == {
        "dinkes": [PartyRoleKind.ACCOUNTABLE, PartyRoleKind.BENEFICIARY_REPRESENTATIVE],
        "bank-x": [PartyRoleKind.FUNDING],
    }
    assert not partnership.objectives.exists()
    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED and need.partnership == partnership
    assert partnership.history.first().history_user == world.kurnia  # type: ignore[union-attr]
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN  # a company may fund several needs

    with pytest.raises(ValidationError) as refused:
        partnership_create_from_match(need=need, offer=offer, actor=world.kurnia)
    assert refused.value.code == "has_partnership"
    assert Partnership.objects.filter(needs=need).count() == 1


def test_slugs_stay_unique(world: World, catalogue: Catalogue) -> None:
    twin = NeedFactory(title=catalogue.semanggi.title, regions=["33.72.03.1002"])
    first = partnership_create_from_match(
        need=catalogue.semanggi, offer=catalogue.offer_x, actor=world.alice
    )
    second = partnership_create_from_match(need=twin, offer=catalogue.offer_x, actor=world.alice)
    assert second.slug == f"{first.slug}-2"


@pytest.mark.parametrize(
    ("need_status", "offer_status", "code"),
    [
        (NeedStatus.DRAFT, OfferStatus.OPEN, "need_not_open"),
        (NeedStatus.CLOSED, OfferStatus.OPEN, "need_not_open"),
        (NeedStatus.OPEN, OfferStatus.CLOSED, "offer_closed"),
    ],
)
def test_a_match_needs_an_open_need_and_an_open_offer(
    world: World, catalogue: Catalogue, need_status: str, offer_status: str, code: str
) -> None:
    need = NeedFactory(status=need_status, regions=["33.72"])
    offer = OfferFactory(status=offer_status)
    with pytest.raises(ValidationError) as refused:
        partnership_create_from_match(need=need, offer=offer, actor=world.alice)
    assert refused.value.code == code
    assert not Partnership.objects.filter(needs=need).exists()


def test_a_unit_funding_its_own_need_is_one_party(world: World, catalogue: Catalogue) -> None:
    offer = OfferFactory(organisation=world.dinkes)
    partnership = partnership_create_from_match(
        need=catalogue.semanggi, offer=offer, actor=world.alice
    )
    (party,) = partnership.parties.all()
    assert sorted(party.roles.values_list("role", flat=True)) == [
        "accountable",
        "beneficiary_representative",
        "funding",
    ]


def test_offers_are_created_and_edited_by_their_organisations_members(
    english: Client, world: World, catalogue: Catalogue
) -> None:
    data = {
        "organisation": str(world.bank_x.pk),
        "title": "Beasiswa Bank X",
        "sectors": ["11220", "122"],
        "regions": "33.72",
        "budget_min": "100000000",
        "budget_max": "200000000",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "status": "open",
    }
    english.force_login(world.kurnia)  # a coordinator acts for no company
    assert english.get("/offers/new/").status_code == 403
    english.force_login(world.bima)
    response = english.post("/offers/new/", data)
    offer = Offer.objects.get(title="Beasiswa Bank X")
    assert response.status_code == 302 and response.url == f"/offers/{offer.pk}/"
    assert offer.sectors == ["11220", "122"] and offer.created_by == world.bima

    bad = english.post(
        "/offers/new/",
        {**data, "budget_min": "300000000", "period_end": "2024-01-01", "sectors": ["999"]},
    )
    text = bad.content.decode()
    assert bad.status_code == 400
    assert "The end date is before the start date." in text
    assert "Unknown sector code: 999." in text
    bad = english.post("/offers/new/", {**data, "budget_min": "300000000"})
    assert "The upper bound is below the lower bound." in bad.content.decode()
    bad = english.post("/offers/new/", {**data, "organisation": str(world.bank_z.pk)})
    assert "Select a valid choice." in bad.content.decode()  # not his organisation

    edit = f"/offers/{offer.pk}/edit/"
    assert english.get(edit).status_code == 200
    assert english.post(edit, {**data, "status": "closed"}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED
    english.force_login(world.kurnia)
    assert english.get(f"/offers/{catalogue.offer_x.pk}/edit/").status_code == 403


def test_matching_reads_a_constant_number_of_rows_sets(world: World, catalogue: Catalogue) -> None:
    principal = principal_for(world.alice)
    figure("33", "11")
    # As the pages load them: with their regions.
    offer = offer_detail(principal=principal, pk=catalogue.offer_x.pk)
    need = need_detail(principal=principal, pk=catalogue.semanggi.pk)
    assert offer is not None and need is not None

    def rank() -> object:
        class Done:
            status_code = 200

        matches_for_offer(offer=offer, principal=principal)
        matches_for_need(need=need, principal=principal)
        return Done()

    def grow() -> None:
        for index in range(5):
            NeedFactory(regions=["33.72.03.1001", "31.71"], sector="12220")
            OfferFactory(regions=["33.72"] if index % 2 else [])
            figure("31.71", "7", year=2020 + index)

    assert_constant_queries(rank, grow)
    queries, _ = count_queries(rank)
    # needs, their regions, figures, region names; the same for offers
    assert queries == 8


def test_poverty_rate_is_the_latest_year_of_the_nearest_area(
    world: World, catalogue: Catalogue
) -> None:
    figure("33", "11", year=2024)
    figure("33.72", "30", year=2020)
    figure("33.72", "9", year=2023)
    (match,) = [
        m
        for m in matches_for_offer(offer=catalogue.offer_x, principal=principal_for(world.alice))
        if m.need == catalogue.semanggi
    ]
    poverty = match.parts("en")[-1]
    assert poverty.label == "Area poverty rate"
    assert poverty.points == Decimal("4.5")
    assert "Poverty rate 9% in area Kota Surakarta (33.72)" in poverty.explanation


def test_offer_page_query_count_does_not_grow(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    client.force_login(world.kurnia)

    def grow() -> None:
        for index in range(5):
            NeedFactory(
                regions=["33.72.03.1001", "31.71.01.1001"],
                sector="12220",
                status=NeedStatus.OPEN if index else NeedStatus.DRAFT,
            )
        figure("33.72.03.1001", "15")
        figure("31", "4")

    assert_constant_queries(lambda: client.get(f"/offers/{catalogue.offer_x.pk}/"), grow)


def test_offer_list_query_count_does_not_grow(
    client: Client, world: World, catalogue: Catalogue
) -> None:
    client.force_login(world.alice)

    def grow() -> None:
        for _ in range(5):
            OfferFactory(regions=["33", "31.71"], sectors=["122", "11220"])

    assert_constant_queries(lambda: client.get("/offers/"), grow)
