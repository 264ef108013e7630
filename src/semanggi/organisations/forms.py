"""The form of a person registering her organisation: the one place its input is checked,
for the page and the API alike (the API passes its JSON body as the form's data)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from semanggi.bounds import BoundedInput
from semanggi.iati.codelists import codelist
from semanggi.organisations.models import Organisation, Verification
from semanggi.regions.forms import RegionField

MAX_SECTORS = 20


def sector_choices() -> list[tuple[str, Any]]:
    """Whole DAC categories (3 digits) and sectors (5 digits), named in the reader's
    language: the same choice an offer's sectors give."""
    language = get_language() or "id"
    return [
        (
            _("Whole categories (3 digits)"),
            [
                (code, f"{code} · {item.name(language)}")
                for code, item in codelist("SectorCategory").items()
            ],
        ),
        (
            _("Sectors (5 digits)"),
            [
                (code, f"{code} · {item.name(language)}")
                for code, item in codelist("Sector").items()
            ],
        ),
    ]


class SectorsField(forms.MultipleChoiceField):
    """DAC sector codes and categories; a list, or a text separated by commas or spaces."""

    def to_python(self, value: object) -> list[str]:
        if isinstance(value, str):
            value = [part for part in value.replace(",", " ").split() if part]
        codes = super().to_python(value)
        if len(codes) > MAX_SECTORS:
            raise ValidationError(
                _("At most %(limit)s sectors."), params={"limit": MAX_SECTORS}, code="too_many"
            )
        return list(dict.fromkeys(codes))

    def valid_value(self, value: str) -> bool:
        return value in codelist("Sector") or value in codelist("SectorCategory")


class OrganisationProposalForm(BoundedInput, forms.ModelForm):  # type: ignore[type-arg]
    """An organisation as a person who acts for it registers it. The region is required:
    it says which coordinators verify the organisation."""

    region = RegionField(
        label=_("Region"),
        help_text=_(
            "Where the organisation is based: type a name (a city, a district, a village) "
            "and pick it. The coordinators of this region verify the registration."
        ),
    )
    sectors = SectorsField(
        label=_("Sectors"),
        choices=sector_choices,
        required=False,
        help_text=_("The DAC sectors the organisation works in or supports."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    field_order = [
        "name",
        "acronym",
        "kind",
        "region",
        "sectors",
        "description",
        "description_en",
        "contact_name",
        "contact_email",
        "contact_phone",
        "proposer_position",
        "iati_identifier",
    ]

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "kind",
            "sectors",
            "description",
            "description_en",
            "contact_name",
            "contact_email",
            "contact_phone",
            "iati_identifier",
            "proposer_position",
        ]
        labels = {
            "proposer_position": _("Your position in the organisation"),
            "iati_identifier": _("IATI organisation identifier (optional)"),
        }
        help_texts = {
            "contact_email": _("Seen by the coordinators and your partners, never published."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "contact_email"):
            self.fields[name].required = True
        self.fields["description"].widget.attrs["rows"] = 4
        self.fields["description_en"].widget.attrs["rows"] = 4

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if not name:
            raise ValidationError(_("Give the organisation's name."), code="required")
        taken = Organisation.objects.filter(name__iexact=name).exclude(
            verification=Verification.REFUSED
        )
        if taken.exists():
            raise ValidationError(
                _(
                    "An organisation with this name is already registered. Ask one of its "
                    "members or an administrator to add you to it."
                ),
                code="taken",
            )
        return name

    def clean_iati_identifier(self) -> str:
        identifier = str(self.cleaned_data.get("iati_identifier") or "").strip()
        if identifier and Organisation.objects.filter(iati_identifier=identifier).exists():
            raise ValidationError(_("Another organisation has this IATI identifier."), code="taken")
        return identifier
