import factory

from semanggi.organisations.models import Organisation, OrganisationKind


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"PT Mitra Sejahtera {n}")
    slug = factory.Sequence(lambda n: f"mitra-{n}")
    kind = OrganisationKind.COMPANY
