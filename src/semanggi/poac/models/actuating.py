from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from semanggi.partnerships.models import Bilingual, money_validators
from semanggi.uploads import validate_document
from semanggi.versions import Versioned


class ProgressUpdate(Versioned, models.Model):
    activity = models.ForeignKey(
        "poac.Activity", on_delete=models.CASCADE, related_name="progress_updates"
    )
    reported_on = models.DateField(_("date"))
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MaxValueValidator(100)]
    )
    narrative = models.TextField(_("what happened"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity_id", "-reported_on", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.reported_on}: {self.percent_complete} %"


def evidence_upload_to(instance: "ProgressEvidence", filename: str) -> str:
    return f"progress/{instance.update_id}/{filename}"


class ProgressEvidence(models.Model):
    """A photo or document that shows the progress reported."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_upload_to, validators=[validate_document])
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress evidence")
        verbose_name_plural = _("progress evidence")

    def __str__(self) -> str:
        return self.caption or self.file.name

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]

    @property
    def is_image(self) -> bool:
        """A photo (PNG or JPEG), shown as a thumbnail."""
        return self.filename.rsplit(".", 1)[-1].lower() in ("png", "jpg", "jpeg")


class TransactionType(models.TextChoices):
    # IATI TransactionType codes.
    INCOMING_FUNDS = "1", _("Incoming funds")
    OUTGOING_COMMITMENT = "2", _("Outgoing commitment")
    DISBURSEMENT = "3", _("Disbursement")
    EXPENDITURE = "4", _("Expenditure")
    INCOMING_COMMITMENT = "11", _("Incoming commitment")


class Transaction(Versioned, models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="transactions"
    )
    type = models.CharField(_("type"), max_length=2, choices=TransactionType.choices)
    amount = models.DecimalField(
        _("amount (IDR)"), max_digits=18, decimal_places=2, validators=money_validators
    )
    transacted_on = models.DateField(_("date"))
    provider = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("from party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("to party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.ForeignKey(
        "poac.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    budget_line = models.ForeignKey(
        "poac.BudgetLine",
        verbose_name=_("budget line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    due_on = models.DateField(
        _("due (commitments: disbursed by)"),
        null=True,
        blank=True,
        help_text=_("For a commitment: the date by which it should be disbursed."),
    )
    description = models.CharField(_("description"), max_length=250, blank=True)
    values_illustrative = models.BooleanField(_("values are illustrative"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "transacted_on", "id"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        indexes = [models.Index(fields=["partnership", "type"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.amount}"

    def clean(self) -> None:
        if (
            self.budget_line_id
            and self.activity_id
            and (self.budget_line.activity_id != self.activity_id)
        ):
            raise ValidationError(
                {"budget_line": _("The budget line belongs to another activity.")}
            )


class Handover(Bilingual, Versioned, models.Model):
    """Serah terima: an asset passing from one party to another, with its BAST."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="handovers"
    )
    asset = models.CharField(_("asset"), max_length=250)
    asset_en = models.CharField(_("asset (English)"), max_length=250, blank=True)
    from_party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("from party"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_party = models.ForeignKey(
        "partnerships.Party", verbose_name=_("to party"), on_delete=models.PROTECT, related_name="+"
    )
    handed_over_on = models.DateField(_("date"), null=True, blank=True)
    agreement = models.ForeignKey(
        "partnerships.Agreement",
        verbose_name=_("handover record (BAST)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "id"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return self.asset

    def clean(self) -> None:
        if self.from_party_id and self.from_party_id == self.to_party_id:
            raise ValidationError({"to_party": _("An asset is handed over to another party.")})


class ObstacleStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")


class Obstacle(Versioned, models.Model):
    """An entry of the issues log (kendala) met while carrying out the plan."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="obstacles"
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN
    )
    raised_on = models.DateField(_("raised on"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "-raised_on", "id"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues log")

    def __str__(self) -> str:
        return self.title
