from datetime import date, timedelta

import factory

from semanggi.partnerships.tests.factories import PartnershipFactory
from semanggi.poac.models import Activity


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Kegiatan {n}")
    planned_start = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    planned_end = factory.LazyFunction(lambda: date.today() + timedelta(days=30))
