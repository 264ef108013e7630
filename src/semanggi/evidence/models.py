from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class StudyStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    FIELDWORK = "fieldwork", _("Fieldwork")
    ANALYSIS = "analysis", _("Analysis")
    COMPLETED = "completed", _("Completed")


class Study(models.Model):
    """An evaluation study of one or more partnerships; its team alone sees it."""

    title = models.CharField(_("title"), max_length=250)
    research_questions = models.TextField(_("research questions"), blank=True)
    partnerships = models.ManyToManyField(
        "partnerships.Partnership", verbose_name=_("partnerships"), related_name="studies"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead evaluator"),
        on_delete=models.PROTECT,
        related_name="led_studies",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), related_name="studies", blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=StudyStatus.choices, default=StudyStatus.PLANNED
    )
    history = HistoricalRecords(m2m_fields=[team, partnerships])

    class Meta:
        ordering = ["title"]
        verbose_name = _("study")
        verbose_name_plural = _("studies")

    def __str__(self) -> str:
        return self.title
