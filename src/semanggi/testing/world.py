"""The shared fixture world: named people and organisations every permission test reuses.

- alice: administrator.
- kurnia: government coordinator for Kota Surakarta (33.72).
- bima: CSR officer, member of Bank "X" Cabang "Y".
- eva: evaluator, on a study of the Jakarta pilot.
- charlie: has an account and no access to anything unpublished.
- anonymous: anyone.

Partnerships: ``semanggi`` (published, Semanggi 33.72.03.1002, Dinkes + Bank X),
``surakarta-draft`` (unpublished, Kota Surakarta, Dinkes + Bank Z) and ``jakarta-pilot``
(unpublished, Jakarta Selatan, Bank X only).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, AnonymousUser

from semanggi.access.models import CoordinatorScope, OrganisationMembership
from semanggi.evidence.models import Study
from semanggi.organisations.models import Organisation, OrganisationKind
from semanggi.partnerships.models import Partnership, PartyRoleKind
from semanggi.partnerships.tests.factories import PartnershipFactory, PartyFactory, party_fill
from semanggi.regions.models import Region
from semanggi.regions.tests.factories import regions_create


@dataclass
class World:
    regions: dict[str, Region]
    alice: AbstractUser
    kurnia: AbstractUser
    bima: AbstractUser
    eva: AbstractUser
    charlie: AbstractUser
    anonymous: AnonymousUser
    pemkot: Organisation
    dinkes: Organisation
    bank_x: Organisation
    bank_z: Organisation
    semanggi: Partnership
    surakarta_draft: Partnership
    jakarta_pilot: Partnership
    study: Study

    def user(self, name: str) -> AbstractUser | AnonymousUser:
        value: AbstractUser | AnonymousUser = getattr(self, name)
        return value


def world_create() -> World:
    regions = regions_create()
    User = get_user_model()
    alice = User.objects.create_superuser("alice", "alice@example.org", "alice-pass")
    kurnia, bima, eva, charlie = (
        User.objects.create_user(name, f"{name}@example.org", f"{name}-pass")
        for name in ("kurnia", "bima", "eva", "charlie")
    )
    pemkot = Organisation.objects.create(
        name="Pemerintah Kota Surakarta",
        slug="pemkot",
        kind=OrganisationKind.GOVERNMENT,
        region=regions["33.72"],
    )
    dinkes = Organisation.objects.create(
        name="Dinas Kesehatan Kota Surakarta",
        slug="dinkes",
        acronym="Dinkes",
        kind=OrganisationKind.REGIONAL_UNIT,
        parent=pemkot,
        region=regions["33.72"],
    )
    bank_x = Organisation.objects.create(
        name='Bank "X" Cabang "Y"', slug="bank-x", acronym="Bank X", kind=OrganisationKind.BANK
    )
    bank_z = Organisation.objects.create(name="Bank Z", slug="bank-z", kind=OrganisationKind.BANK)
    semanggi = PartnershipFactory(
        slug="semanggi", title="Puskesmas Semanggi", locations=["33.72.03.1002"]
    )
    surakarta_draft = PartnershipFactory(
        slug="surakarta-draft",
        title="Draf Surakarta",
        is_published=False,
        locations=["33.72"],
    )
    jakarta_pilot = PartnershipFactory(
        slug="jakarta-pilot",
        title="Rintisan Jakarta",
        is_published=False,
        locations=["31.71.01.1001"],
    )
    party_fill(
        PartyFactory(partnership=semanggi, organisation=dinkes), roles=(PartyRoleKind.ACCOUNTABLE,)
    )
    party_fill(
        PartyFactory(partnership=semanggi, organisation=bank_x),
        roles=(PartyRoleKind.FUNDING, PartyRoleKind.IMPLEMENTING),
    )
    party_fill(PartyFactory(partnership=surakarta_draft, organisation=dinkes))
    party_fill(PartyFactory(partnership=surakarta_draft, organisation=bank_z))
    party_fill(PartyFactory(partnership=jakarta_pilot, organisation=bank_x))
    CoordinatorScope.objects.create(user=kurnia, region=regions["33.72"])
    OrganisationMembership.objects.create(user=bima, organisation=bank_x)
    study = Study.objects.create(title="Studi rintisan Jakarta", lead=eva)
    study.partnerships.add(jakarta_pilot)
    return World(
        regions=regions,
        alice=alice,
        kurnia=kurnia,
        bima=bima,
        eva=eva,
        charlie=charlie,
        anonymous=AnonymousUser(),
        pemkot=pemkot,
        dinkes=dinkes,
        bank_x=bank_x,
        bank_z=bank_z,
        semanggi=semanggi,
        surakarta_draft=surakarta_draft,
        jakarta_pilot=jakarta_pilot,
        study=study,
    )
