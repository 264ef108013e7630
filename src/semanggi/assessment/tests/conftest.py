"""The founding case with its study and illustrative evidence, as the demo loads it."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from semanggi.demo.services import FOUNDING_SLUG, founding_case_load, founding_study_load
from semanggi.evidence.models import Study
from semanggi.partnerships.models import Partnership
from semanggi.regions.tests.factories import regions_create


@dataclass
class Founding:
    partnership: Partnership
    study: Study
    evaluator: AbstractUser


@pytest.fixture
def founding(db: None) -> Founding:
    regions_create()
    founding_case_load()
    evaluator = get_user_model().objects.create_user("dewi", "dewi@example.org", "dewi-pass")
    study = founding_study_load(lead=evaluator)
    return Founding(Partnership.objects.get(slug=FOUNDING_SLUG), study, evaluator)
