from decimal import Decimal

import factory

from semanggi.organisations.tests.factories import OrganisationFactory
from semanggi.partnerships.models import (
    Contribution,
    ContributionKind,
    Objective,
    Partnership,
    Party,
    PartyRole,
    PartyRoleKind,
)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Kemitraan {n}")
    slug = factory.Sequence(lambda n: f"kemitraan-{n}")
    sector = "12230"
    is_published = True

    @factory.post_generation
    def locations(self, create: bool, codes: list[str] | None, **kwargs: object) -> None:
        if create and codes:
            self.locations.set(codes)
        if create:
            # As the services do on every write: the stored region figures count it.
            from semanggi.poac.aggregates import region_aggregates_update

            region_aggregates_update(partnership_ids=[self.pk])


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def party_fill(party: Party, *, roles: tuple[str, ...] = (PartyRoleKind.FUNDING,)) -> Party:
    """Give a party what its page shows: roles, an objective and two contributions."""
    PartyRole.objects.bulk_create(PartyRole(party=party, role=role) for role in roles)
    Objective.objects.create(partnership=party.partnership, party=party, text="Tujuan pihak")
    Contribution.objects.bulk_create(
        [
            Contribution(
                party=party,
                kind=ContributionKind.MONEY,
                description="Dana",
                planned_value=Decimal("1000000"),
            ),
            Contribution(party=party, kind=ContributionKind.EXPERTISE, description="Keahlian"),
        ]
    )
    return party
