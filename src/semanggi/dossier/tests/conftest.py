"""The founding case with its study, and a way to empty the database of it."""

from semanggi.assessment.tests.conftest import Founding, founding
from semanggi.evidence.models import Informant, Study
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import Partnership
from semanggi.poac.models import Handover, Indicator, Transaction

__all__ = ["Founding", "founding", "wipe"]


def wipe() -> None:
    """Every case record gone (regions and users stay), honouring the protected links."""
    Informant.objects.update(referred_by=None)
    Study.objects.all().delete()
    for model in (Transaction, Handover, Indicator):
        model.objects.all().delete()
    Partnership.objects.all().delete()
    while Organisation.objects.exists():
        Organisation.objects.filter(units__isnull=True).delete()
