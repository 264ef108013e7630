from django import forms
from django.utils.translation import gettext_lazy as _

from semanggi.organisations.models import OrganisationKind
from semanggi.partnerships.models import PartnershipPhase, PartnershipStatus
from semanggi.partnerships.sectors import SectorField
from semanggi.regions.forms import RegionField


def _blank(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", _("All")), *choices]


class PartnershipFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = RegionField(label=_("Region"), required=False)
    sector = SectorField(label=_("Sector"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(PartnershipStatus.choices)
    )
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=_blank(PartnershipPhase.choices)
    )


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_blank(OrganisationKind.choices)
    )
