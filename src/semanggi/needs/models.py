from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from semanggi.iati.codelists import codelist
from semanggi.partnerships.models import Bilingual, money_validators, validate_sector
from semanggi.versions import Versioned


class Priority(models.IntegerChoices):
    HIGH = 3, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 1, _("Low")


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # "Open" alone is also the verb of a link ("Buka"): a status is "Terbuka".
    OPEN = "open", pgettext_lazy("status", "Open")
    MATCHED = "matched", _("Matched")
    FUNDED = "funded", _("Funded")
    CLOSED = "closed", _("Closed")


class Need(Bilingual, Versioned, models.Model):
    """An unfunded need a government unit publishes in the needs catalogue."""

    title = models.CharField(_("title (Indonesian)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sector = models.CharField(
        _("sector (DAC 5-digit)"), max_length=5, validators=[validate_sector], db_index=True
    )
    regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("villages or areas"), related_name="needs"
    )
    estimated_cost = models.DecimalField(
        _("estimated cost (IDR)"), max_digits=18, decimal_places=2, validators=money_validators
    )
    # Counts only: a need never names a beneficiary.
    beneficiaries = models.PositiveIntegerField(_("target beneficiaries (people)"), default=0)
    beneficiary_households = models.PositiveIntegerField(
        _("target beneficiaries (households)"), default=0
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NeedStatus.choices,
        default=NeedStatus.DRAFT,
        db_index=True,
    )
    publisher = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("publishing unit"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-priority", "title", "id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status != NeedStatus.DRAFT


def is_offer_sector(code: object) -> bool:
    """A DAC 5-digit sector code, or a 3-digit DAC category: an offer for category ``122``
    covers every code in it (see semanggi.core.matching)."""
    return isinstance(code, str) and (
        code in codelist("Sector") or code in codelist("SectorCategory")
    )


def validate_sectors(codes: object) -> None:
    if not isinstance(codes, list) or not codes:
        raise ValidationError(_("Give at least one sector."))
    unknown = [code for code in codes if not is_offer_sector(code)]
    if unknown:
        raise ValidationError(
            _("%(code)s is not a DAC sector code (5 digits) or sector category (3 digits)."),
            params={"code": ", ".join(map(str, unknown))},
        )


class OfferStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("status", "Open")
    CLOSED = "closed", _("Closed")


class Offer(Bilingual, Versioned, models.Model):
    """What a company can support: sectors, preferred regions, a budget range, a period."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    title = models.CharField(_("title (Indonesian)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sectors = models.JSONField(_("sectors (DAC 5-digit)"), validators=[validate_sectors])
    regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("preferred regions"), related_name="offers", blank=True
    )
    budget_min = models.DecimalField(
        _("budget from (IDR)"), max_digits=18, decimal_places=2, validators=money_validators
    )
    budget_max = models.DecimalField(
        _("budget up to (IDR)"), max_digits=18, decimal_places=2, validators=money_validators
    )
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OfferStatus.choices,
        default=OfferStatus.OPEN,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.budget_min is not None
            and self.budget_max is not None
            and (self.budget_max < self.budget_min)
        ):
            raise ValidationError({"budget_max": _("The upper bound is below the lower bound.")})


class InterestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    TAKEN_UP = "taken_up", _("Taken up: partnership started")
    DECLINED = "declined", _("Declined")


class Interest(models.Model):
    """An organisation's interest in a published need, said by one of its members, with a
    message and optionally the offer it would fund it from; the need's publisher (its
    organisation's members, or a coordinator of its regions) answers: a partnership started
    from it, or declined with a reason. One per organisation and need."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="interests"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="interests",
    )
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests",
    )
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InterestStatus.choices,
        default=InterestStatus.OPEN,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expressed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("expressed at"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_note = models.TextField(_("answer"), blank=True, max_length=2000)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            # One interest per organisation and need: saying it twice is one interest.
            models.UniqueConstraint(
                fields=["need", "organisation"], name="interest_once_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.need}"

    @property
    def is_open(self) -> bool:
        return self.status == InterestStatus.OPEN


class RegionFigure(models.Model):
    """An area-level figure for a region and a year (never a person's data)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    measure = models.SlugField(_("measure"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    source = models.CharField(_("source"), max_length=250, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "measure", "-year"]
        verbose_name = _("region figure")
        verbose_name_plural = _("region figures")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "measure"], name="figure_once_per_region_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.measure} {self.year}"
