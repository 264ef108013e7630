from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from semanggi.partnerships.models import Bilingual, money_validators
from semanggi.versions import Versioned


class Activity(Bilingual, Versioned, models.Model):
    """A piece of the work plan, with its dates and the activities it waits for."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("title (Indonesian)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description = models.TextField(_("description (Indonesian)"), blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    # Latest reported progress, kept with the activity so lists need no aggregate per row;
    # written only by the service that records a progress update.
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MaxValueValidator(100)]
    )
    last_update_on = models.DateField(_("last progress update"), null=True, blank=True)
    illustrative = models.BooleanField(
        _("dates are illustrative"),
        default=False,
        help_text=_("The dates are examples, not dates reported by a source."),
    )
    depends_on = models.ManyToManyField(
        "self",
        verbose_name=_("depends on"),
        symmetrical=False,
        blank=True,
        related_name="dependents",
    )
    history = HistoricalRecords(m2m_fields=[depends_on])

    class Meta:
        ordering = ["partnership_id", "planned_start", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": _("The end date is before the start date.")})
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            raise ValidationError({"actual_end": _("The end date is before the start date.")})


class BudgetLine(Versioned, models.Model):
    """Money one party plans for one activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budget_lines")
    party = models.ForeignKey(
        "partnerships.Party", verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("description"), max_length=250)
    amount = models.DecimalField(
        _("amount (IDR)"), max_digits=18, decimal_places=2, validators=money_validators
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity_id", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.description


class Risk(Versioned, models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="risks"
    )
    description = models.TextField(_("risk"))
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "id"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact
