from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from semanggi.partnerships.models import Bilingual, PartnershipPhase
from semanggi.versions import Versioned


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")


class Indicator(Bilingual, Versioned, models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="indicators"
    )
    objective = models.ForeignKey(
        "partnerships.Objective",
        verbose_name=_("objective measured"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    name = models.CharField(_("name (Indonesian)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    unit = models.CharField(_("unit"), max_length=60)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=2, default=0)
    accountable = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("accountable party (approves actuals)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class IndicatorPeriod(Versioned, models.Model):
    """A target for a period and, once entered and approved, the actual value."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periods")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=2)
    actual = models.DecimalField(
        _("actual"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    actual_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    illustrative = models.BooleanField(_("dates are illustrative"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_id", "period_start"]
        verbose_name = _("indicator period")
        verbose_name_plural = _("indicator periods")

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end date is before the start date.")})


class CorrectiveStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class CorrectiveAction(Versioned, models.Model):
    """What is done about a variance flag (``flag`` is the flag's key, e.g. activity-late:12)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="corrective_actions"
    )
    flag = models.CharField(_("flag"), max_length=80)
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        "partnerships.Party", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectiveStatus.choices, default=CorrectiveStatus.OPEN
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "due_on", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self) -> str:
        return self.description[:80]


class Closure(Versioned, models.Model):
    """How a partnership ended, and who carries on what."""

    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="closure"
    )
    closing_note = models.TextField(_("closing note"))
    sustainability = models.TextField(_("sustainability statement (who carries on what)"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return self.closing_note[:80]


class PhaseChange(models.Model):
    """A move of the partnership from one management phase to another, and why."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="phase_changes"
    )
    from_phase = models.CharField(_("from"), max_length=12, choices=PartnershipPhase.choices)
    to_phase = models.CharField(_("to"), max_length=12, choices=PartnershipPhase.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["partnership_id", "-changed_at", "-id"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.from_phase} → {self.to_phase}"


class PartnershipSummary(models.Model):
    """A partnership's variance flags and money totals as last computed (on every change to
    its records, and daily by ``semanggi refresh_flags``), so that dashboards over thousands
    of partnerships read one row each instead of recomputing."""

    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="summary"
    )
    computed_on = models.DateField(_("computed on"))
    worst = models.CharField(_("worst level"), max_length=5, default="green", db_index=True)
    red = models.PositiveIntegerField(default=0)
    amber = models.PositiveIntegerField(default=0)
    overdue_updates = models.PositiveIntegerField(default=0)
    flags = models.JSONField(default=list)
    committed = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    disbursed = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    spent = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("partnership summary")
        verbose_name_plural = _("partnership summaries")
        indexes = [
            # A home page's most flagged partnerships: the first few of this order that the
            # person manages, without sorting every summary of her area.
            models.Index(
                models.F("red").desc(),
                models.F("amber").desc(),
                "partnership",
                name="summary_most_flagged",
                condition=models.Q(red__gt=0) | models.Q(amber__gt=0),
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.worst}"


class FlagTally(models.Model):
    """How many red and amber flags a partnership had on a day: kept by every summary
    refresh (the last one of the day wins), so that dashboards can draw flags over time."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="flag_tallies"
    )
    day = models.DateField(_("day"))
    red = models.PositiveIntegerField(default=0)
    amber = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("flag tally")
        verbose_name_plural = _("flag tallies")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "day"], name="flag_tally_once_a_day")
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.partnership_id} {self.day}: {self.red}/{self.amber}"
