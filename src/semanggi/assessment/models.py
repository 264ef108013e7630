from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AssessmentRun(models.Model):
    """One assessment of a partnership against one framework, as the system proposed it.

    ``result`` is the core's ``Assessment`` serialised by ``semanggi.assessment.serialize``
    (with the full provenance: the page shows the public only what it may see). Runs are never
    changed: re-running adds a run, and the page shows what changed since the previous one.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="assessment_runs",
    )
    framework_id = models.CharField(_("framework"), max_length=80)
    framework_version = models.CharField(_("framework version"), max_length=40)
    result = models.JSONField(_("result"))
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["partnership_id", "framework_id", "-created_at", "-id"]
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")
        indexes = [models.Index(fields=["partnership", "framework_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.framework_id} {self.framework_version} ({self.created_at:%Y-%m-%d %H:%M})"


class DecisionKind(models.TextChoices):
    CONFIRM = "confirm", _("Confirmed")
    OVERRIDE = "override", _("Overridden")


class StrengthChoice(models.TextChoices):
    STRONG = "strong", _("strong")
    MODERATE = "moderate", _("moderate")
    WEAK = "weak", _("weak")
    ABSENT = "absent", _("absent")


class LabelDecision(models.Model):
    """The evaluator's decision on one label: the system's proposal and the human decision
    side by side. One row per label of a partnership; earlier decisions live in its history."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="label_decisions",
    )
    run = models.ForeignKey(
        AssessmentRun,
        verbose_name=_("assessment run decided on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    framework_id = models.CharField(_("framework"), max_length=80)
    framework_version = models.CharField(_("framework version"), max_length=40)
    axis_id = models.CharField(_("axis"), max_length=80)
    label_id = models.CharField(_("label"), max_length=80)
    proposed_strength = models.CharField(
        _("proposed strength"), max_length=10, choices=StrengthChoice.choices
    )
    proposed_score = models.FloatField(_("proposed score"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    strength = models.CharField(
        _("strength decided"), max_length=10, choices=StrengthChoice.choices
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "framework_id", "axis_id", "label_id"]
        verbose_name = _("label decision")
        verbose_name_plural = _("label decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "framework_id", "axis_id", "label_id"],
                name="label_decision_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework_id}:{self.label_id} {self.decision} {self.strength}"
