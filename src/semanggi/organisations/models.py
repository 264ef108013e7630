from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from semanggi.iati.codelists import codelist
from semanggi.versions import Versioned


class OrganisationKind(models.TextChoices):
    # Each kind maps to an IATI OrganisationType code for publishing (see IATI_TYPE).
    GOVERNMENT = "government", _("Government agency")
    REGIONAL_UNIT = "regional_unit", _("Regional-government unit (OPD)")
    SOE = "soe", _("State-owned enterprise (BUMN)")
    REGIONAL_SOE = "regional_soe", _("Regional government enterprise (BUMD)")
    COMPANY = "company", _("Private company")
    BANK = "bank", _("Bank")
    NGO = "ngo", _("Non-governmental organisation")
    COMMUNITY = "community", _("Community group")
    UNIVERSITY = "university", _("University")
    SCHOOL = "school", _("School")
    HEALTH_CENTRE = "health_centre", _("Health centre (puskesmas, clinic)")
    COOPERATIVE = "cooperative", _("Cooperative (koperasi)")
    SMALL_BUSINESS = "small_business", _("Micro, small or medium enterprise (UMKM)")
    OTHER = "other", _("Other")


IATI_TYPE = {
    OrganisationKind.GOVERNMENT: "10",
    OrganisationKind.REGIONAL_UNIT: "10",
    OrganisationKind.SOE: "15",
    OrganisationKind.COMPANY: "70",
    OrganisationKind.BANK: "70",
    OrganisationKind.NGO: "22",
    OrganisationKind.COMMUNITY: "23",
    OrganisationKind.UNIVERSITY: "80",
    # IATI 80 is "Academic, Training and Research": schools teach.
    OrganisationKind.SCHOOL: "80",
    OrganisationKind.REGIONAL_SOE: "15",
    # A puskesmas is a unit of the regional health office: "Other Public Sector".
    OrganisationKind.HEALTH_CENTRE: "15",
    OrganisationKind.SMALL_BUSINESS: "70",
    # IATI has no type for a cooperative: "Other" rather than a wrong one.
    OrganisationKind.COOPERATIVE: "90",
    OrganisationKind.OTHER: "90",
}


class Verification(models.TextChoices):
    # Organisations entered by administrators, coordinators or imports are verified; one a
    # person registers herself waits for a coordinator of its region or an administrator.
    VERIFIED = "verified", _("Verified")
    PENDING = "pending", _("Awaiting verification")
    REFUSED = "refused", _("Refused")


def validate_organisation_sectors(codes: object) -> None:
    """A list of DAC 5-digit sector codes or 3-digit categories (may be empty)."""
    if not isinstance(codes, list):
        raise ValidationError(_("Give the sectors as a list of codes."))
    unknown = [
        code
        for code in codes
        if not isinstance(code, str)
        or (code not in codelist("Sector") and code not in codelist("SectorCategory"))
    ]
    if unknown:
        raise ValidationError(
            _("%(code)s is not a DAC sector code (5 digits) or sector category (3 digits)."),
            params={"code": ", ".join(map(str, unknown))},
        )


iati_identifier_validator = RegexValidator(
    r"^[A-Za-z]{2}(-[A-Za-z0-9]+)+$",
    _("Use the IATI form AGENCY-IDENTIFIER, e.g. ID-KMN-1234."),
)


class Organisation(Versioned, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        validators=[iati_identifier_validator],
    )
    description = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Placeholder names such as Bank "X" Cabang "Y" stand for organisations a study anonymised.
    is_pseudonymous = models.BooleanField(_("name is a pseudonym"), default=False)
    sectors = models.JSONField(
        _("sectors (DAC)"), default=list, blank=True, validators=[validate_organisation_sectors]
    )
    # A contact for the coordinators and the organisation's partners; never shown publicly.
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)

    # Self-registration: who proposed the organisation, and the verification of it. The
    # proposer becomes a member only when it is verified (semanggi.organisations.services).
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.VERIFIED,
        db_index=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations_proposed",
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    proposer_position = models.CharField(_("proposer's position"), max_length=120, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified or refused by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("verified or refused at"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def iati_type(self) -> str:
        return IATI_TYPE[OrganisationKind(self.kind)]
