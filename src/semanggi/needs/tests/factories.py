"""Factories for needs, offers and region figures, and a small catalogue on top of the
fixture world that the tests of this app share."""

from dataclasses import dataclass
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from semanggi.access.models import OrganisationMembership
from semanggi.needs.models import Need, NeedStatus, Offer, OfferStatus, Priority, RegionFigure
from semanggi.organisations.models import Organisation, OrganisationKind
from semanggi.organisations.tests.factories import OrganisationFactory
from semanggi.testing.world import World


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Kebutuhan {n}")
    sector = "12230"
    estimated_cost = Decimal("500000000")
    beneficiaries = 1000
    priority = Priority.MEDIUM
    status = NeedStatus.OPEN
    publisher = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.REGIONAL_UNIT)

    @factory.post_generation
    def regions(self, create: bool, codes: list[str] | None, **kwargs: object) -> None:
        if create and codes:
            self.regions.set(codes)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Tawaran {n}")
    sectors = factory.LazyFunction(lambda: ["12230"])
    budget_min = Decimal("100000000")
    budget_max = Decimal("1000000000")
    status = OfferStatus.OPEN

    @factory.post_generation
    def regions(self, create: bool, codes: list[str] | None, **kwargs: object) -> None:
        if create and codes:
            self.regions.set(codes)


def figure(code: str, value: str, *, year: int = 2024, measure: str = "poverty-rate") -> None:
    RegionFigure.objects.create(
        region_id=code, year=year, measure=measure, value=Decimal(value), unit="%"
    )


@dataclass
class Catalogue:
    """Needs and offers around the fixture world.

    - ``semanggi``: open need of Dinkes in Kelurahan Semanggi (health infrastructure, high).
    - ``draft``: Dinkes' draft in Joyosuran (Surakarta): kurnia's area.
    - ``jakarta``: open need of Pemprov DKI in Cipedak (education, low).
    - ``jakarta_draft``: Pemprov DKI's draft in Jakarta Selatan: outside kurnia's area.
    - ``offer_x``: Bank X's open offer for basic health (category 122) in Jawa Tengah.
    - ``offer_z``: Bank Z's open offer for education in DKI Jakarta.
    - ``offer_z_closed``: Bank Z's closed offer.
    - ``dian``: a member of Dinkes (acts for the publisher, coordinates nothing).
    """

    pemprov_dki: Organisation
    dian: AbstractUser
    semanggi: Need
    draft: Need
    jakarta: Need
    jakarta_draft: Need
    offer_x: Offer
    offer_z: Offer
    offer_z_closed: Offer


def catalogue_create(world: World) -> Catalogue:
    pemprov_dki = Organisation.objects.create(
        name="Pemerintah Provinsi DKI Jakarta",
        slug="pemprov-dki",
        kind=OrganisationKind.GOVERNMENT,
        region=world.regions["31"],
    )
    dian = get_user_model().objects.create_user("dian", "dian@example.org", "dian-pass")
    OrganisationMembership.objects.create(user=dian, organisation=world.dinkes)
    return Catalogue(
        pemprov_dki=pemprov_dki,
        dian=dian,
        semanggi=NeedFactory(
            title="Alat kesehatan Puskesmas Semanggi",
            title_en="Medical equipment for Puskesmas Semanggi",
            publisher=world.dinkes,
            sector="12230",
            estimated_cost=Decimal("800000000"),
            priority=Priority.HIGH,
            regions=["33.72.03.1002"],
        ),
        draft=NeedFactory(
            title="Posyandu Joyosuran",
            publisher=world.dinkes,
            sector="12220",
            estimated_cost=Decimal("200000000"),
            status=NeedStatus.DRAFT,
            regions=["33.72.03.1001"],
        ),
        jakarta=NeedFactory(
            title="Ruang kelas Cipedak",
            publisher=pemprov_dki,
            sector="11220",
            estimated_cost=Decimal("3000000000"),
            priority=Priority.LOW,
            regions=["31.71.01.1001"],
        ),
        jakarta_draft=NeedFactory(
            title="Draf Jakarta Selatan",
            publisher=pemprov_dki,
            status=NeedStatus.DRAFT,
            regions=["31.71"],
        ),
        offer_x=OfferFactory(
            title="CSR kesehatan Bank X",
            organisation=world.bank_x,
            sectors=["122"],
            budget_min=Decimal("500000000"),
            budget_max=Decimal("1000000000"),
            regions=["33"],
        ),
        offer_z=OfferFactory(
            title="CSR pendidikan Bank Z",
            organisation=world.bank_z,
            sectors=["11220"],
            budget_min=Decimal("1000000000"),
            budget_max=Decimal("5000000000"),
            regions=["31"],
        ),
        offer_z_closed=OfferFactory(
            title="Tawaran lama Bank Z",
            organisation=world.bank_z,
            status=OfferStatus.CLOSED,
        ),
    )
