from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from semanggi.core.lifecycle import Phase
from semanggi.iati.codelists import codelist
from semanggi.uploads import validate_document
from semanggi.versions import Versioned


def validate_sector(code: str) -> None:
    if code not in codelist("Sector"):
        raise ValidationError(
            _("%(code)s is not a DAC 5-digit sector code."), params={"code": code}
        )


class Bilingual:
    """Records whose text is written in Indonesian with an optional English version in
    ``<field>_en``; ``localized('title')`` gives the one for the active language."""

    def localized(self, field: str) -> str:
        if get_language() == "en":
            english: str = getattr(self, f"{field}_en", "")
            if english:
                return english
        value: str = getattr(self, field)
        return value


class PartnershipStatus(models.TextChoices):
    # IATI ActivityStatus codes, so that publishing needs no mapping.
    PIPELINE = "1", _("Pipeline/identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class PartnershipPhase(models.TextChoices):
    PLANNING = Phase.PLANNING, _("Planning")
    ORGANIZING = Phase.ORGANIZING, _("Organizing")
    ACTUATING = Phase.ACTUATING, _("Actuating")
    CONTROLLING = Phase.CONTROLLING, _("Controlling")
    CLOSED = Phase.CLOSED, _("Closed")


class Partnership(Bilingual, Versioned, models.Model):
    title = models.CharField(_("title (Indonesian)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    description = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sector = models.CharField(
        _("sector (DAC 5-digit)"), max_length=5, validators=[validate_sector], db_index=True
    )
    locations = models.ManyToManyField(
        "regions.Region", verbose_name=_("location"), related_name="partnerships"
    )
    status = models.CharField(
        _("status"),
        max_length=1,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.PIPELINE,
        db_index=True,
    )
    phase = models.CharField(
        _("management phase"),
        max_length=12,
        choices=PartnershipPhase.choices,
        default=PartnershipPhase.PLANNING,
        db_index=True,
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    no_agreement_reason = models.TextField(
        _("reason for having no written agreement"),
        blank=True,
        help_text=_("Planning needs a written agreement or a recorded reason for none."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Published partnerships are visible to everyone."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "title"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        # Lists are in title order: the first page of a large area walks this index.
        indexes = [models.Index(fields=["title", "id"], name="partnership_title_order")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        for start, end in (
            ("planned_start", "planned_end"),
            ("actual_start", "actual_end"),
        ):
            if (
                getattr(self, start)
                and getattr(self, end)
                and getattr(self, end) < getattr(self, start)
            ):
                raise ValidationError({end: _("The end date is before the start date.")})


class PartyRoleKind(models.TextChoices):
    # The first four are IATI OrganisationRole codes 1-4; the rest are local roles.
    FUNDING = "funding", _("Funding")
    ACCOUNTABLE = "accountable", _("Accountable")
    EXTENDING = "extending", _("Extending")
    IMPLEMENTING = "implementing", _("Implementing")
    INITIATOR = "initiator", _("Initiator")
    BENEFICIARY_REPRESENTATIVE = "beneficiary_representative", _("Beneficiary representative")
    REGULATOR = "regulator", _("Regulator")
    COORDINATOR = "coordinator", _("Coordinator")


IATI_ROLE = {
    PartyRoleKind.FUNDING: "1",
    PartyRoleKind.ACCOUNTABLE: "2",
    PartyRoleKind.EXTENDING: "3",
    PartyRoleKind.IMPLEMENTING: "4",
}


class Standing(models.TextChoices):
    """Whether a party is a partner, or oversees the partnership without being one."""

    PARTNER = "partner", _("Partner")
    REGULATOR = "regulator", _("Regulator")
    SUPERVISOR = "supervisor", _("Supervisor")


class Party(Versioned, models.Model):
    """An organisation's place in a partnership."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="parties",
    )
    # The assessment reads standing and benefit as recorded, never from the organisation's
    # kind: a regulator that gains nothing is not required to show a benefit.
    standing = models.CharField(
        _("standing"),
        max_length=12,
        choices=Standing.choices,
        default=Standing.PARTNER,
        help_text=_("A regulator or supervisor oversees the partnership without being a partner."),
    )
    beneficiary = models.BooleanField(
        _("benefits from the partnership"),
        null=True,
        blank=True,
        help_text=_("Empty when not recorded."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="party_once_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.partnership}"

    def clean(self) -> None:
        # Checked for every form, the admin and dossier imports (full_clean).
        if not self.organisation_id:
            return
        organisations = self._meta.get_field("organisation").related_model._base_manager  # type: ignore[union-attr]
        verification = (
            organisations.filter(pk=self.organisation_id)
            .values_list("verification", flat=True)
            .first()
        )
        if verification not in (None, "verified"):
            raise ValidationError(
                {
                    "organisation": _(
                        "This organisation is not verified yet: it cannot be party to a "
                        "partnership."
                    )
                }
            )


class PartyRole(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=30, choices=PartyRoleKind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party_id", "role"]
        verbose_name = _("party role")
        verbose_name_plural = _("party roles")
        constraints = [
            models.UniqueConstraint(fields=["party", "role"], name="role_once_per_party")
        ]

    def __str__(self) -> str:
        return str(self.get_role_display())


class Objective(Bilingual, Versioned, models.Model):
    """What a party (or, without a party, the partners jointly) pursues, in its own words."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="objectives"
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objectives",
        help_text=_("Empty for a joint objective."),
    )
    text = models.TextField(_("objective (Indonesian)"))
    text_en = models.TextField(_("objective (English)"), blank=True)
    # A joint objective counts as a party's own benefit only where that party holds it.
    held_by = models.ManyToManyField(
        Party,
        verbose_name=_("held as their own by"),
        related_name="joint_objectives_held",
        blank=True,
        help_text=_("For a joint objective: the parties that state it as their own."),
    )
    history = HistoricalRecords(m2m_fields=[held_by])

    class Meta:
        ordering = ["partnership_id", "party_id", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.text[:80]


class ContributionKind(models.TextChoices):
    MONEY = "money", _("Money")
    CONSTRUCTION = "construction", _("Construction/physical work")
    GOODS = "goods", _("Goods")
    LAND = "land", _("Land")
    PERMITS = "permits", _("Permits/licences")
    STAFF = "staff", _("Staff/labour")
    EXPERTISE = "expertise", _("Expertise")
    FACILITIES = "facilities", _("Facilities")
    AUTHORITY = "authority", _("Policy/authority")
    OTHER = "other", _("Other")


money_validators = [MinValueValidator(0)]


class Contribution(Bilingual, Versioned, models.Model):
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    description = models.TextField(_("description (Indonesian)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    planned_value = models.DecimalField(
        _("planned value (IDR)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=money_validators,
    )
    realised_value = models.DecimalField(
        _("realised value (IDR)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=money_validators,
    )
    values_illustrative = models.BooleanField(
        _("values are illustrative"),
        default=False,
        help_text=_("The values are examples, not figures reported by a source."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["party_id", "id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding (MoU)")
    PKS = "pks", _("Cooperation agreement (PKS)")
    BAST = "bast", _("Handover record (BAST)")
    ADDENDUM = "addendum", _("Addendum")
    OTHER = "other", _("Other")


def agreement_upload_to(instance: "Agreement", filename: str) -> str:
    return f"agreements/{instance.partnership_id}/{filename}"


class Agreement(Bilingual, Versioned, models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AgreementKind.choices)
    title = models.CharField(_("title (Indonesian)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    number = models.CharField(_("number"), max_length=120, blank=True)
    signed_on = models.DateField(_("date"), null=True, blank=True)
    parties = models.ManyToManyField(
        Party, verbose_name=_("parties"), related_name="agreements", blank=True
    )
    document = models.FileField(
        _("document"), upload_to=agreement_upload_to, blank=True, validators=[validate_document]
    )
    history = HistoricalRecords(m2m_fields=[parties])

    class Meta:
        ordering = ["partnership_id", "signed_on", "id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()


class AbsenceKind(models.TextChoices):
    AGREEMENT = "agreement", _("No written agreement")
    FORUM = "forum", _("No coordination forum")
    JOINT_TEAM = "joint_team", _("No joint team")
    CONTRIBUTION = "contribution", _("Contribution not reported")
    OBJECTIVE = "objective", _("No objective of its own stated")
    REPORT = "report", _("No report shared")
    HANDOVER = "handover", _("No handover")


# What is absent for one party rather than for the partnership as a whole.
ABSENT_FOR_A_PARTY = frozenset({AbsenceKind.CONTRIBUTION, AbsenceKind.OBJECTIVE})
ABSENT_FOR_THE_PARTNERSHIP = frozenset(
    {AbsenceKind.AGREEMENT, AbsenceKind.FORUM, AbsenceKind.JOINT_TEAM}
)


class Absence(Bilingual, Versioned, models.Model):
    """Something a partnership (or one of its parties) is recorded as not having: no written
    agreement, no forum, a contribution that was not reported. Not recorded and recorded as
    absent are different facts; the assessment reads only the second as evidence against."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE,
        related_name="absences",
    )  # fmt: skip
    what = models.CharField(_("what is absent"), max_length=12, choices=AbsenceKind.choices)
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="absences",
        help_text=_("Empty when it is absent for the partnership as a whole."),
    )
    reason = models.TextField(_("reason or source (Indonesian)"), blank=True)
    reason_en = models.TextField(_("reason or source (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "what", "party_id", "id"]
        verbose_name = _("recorded absence")
        verbose_name_plural = _("recorded absences")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "what", "party"],
                condition=models.Q(party__isnull=False),
                name="absence_once_per_party",
            ),
            models.UniqueConstraint(
                fields=["partnership", "what"],
                condition=models.Q(party__isnull=True),
                name="absence_once_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        label = str(self.get_what_display())
        return f"{label}: {self.party.organisation}" if self.party_id and self.party else label

    def clean(self) -> None:
        if self.what in ABSENT_FOR_A_PARTY and self.party_id is None:
            raise ValidationError({"party": _("Name the party this is absent for.")})
        if self.what in ABSENT_FOR_THE_PARTNERSHIP and self.party_id is not None:
            raise ValidationError(
                {
                    "party": _(
                        "This is absent for the partnership as a whole: leave the party empty."
                    )
                }
            )
        if (
            self.party_id is not None
            and self.partnership_id is not None
            and self.party is not None
            and self.party.partnership_id != self.partnership_id
        ):
            raise ValidationError({"party": _("The party belongs to another partnership.")})


class DependenceKind(models.TextChoices):
    FUNDS = "funds", _("Funds")
    SKILLS = "skills", _("Skills")
    AUTHORITY = "authority", _("Authority")
    ASSETS = "assets", _("Assets")
    OTHER = "other", _("Other")


class Dependence(Bilingual, Versioned, models.Model):
    """One party depends on another for funds, skills, authority or assets: the assessment
    reads power from these records, never from the kind of organisation."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE,
        related_name="dependences",
    )  # fmt: skip
    party = models.ForeignKey(
        Party, verbose_name=_("party that depends"), on_delete=models.CASCADE,
        related_name="dependences",
    )  # fmt: skip
    on_party = models.ForeignKey(
        Party, verbose_name=_("depends on"), on_delete=models.CASCADE, related_name="depended_on"
    )
    kind = models.CharField(_("for"), max_length=10, choices=DependenceKind.choices)
    description = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "id"]
        verbose_name = _("dependence")
        verbose_name_plural = _("dependences")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(party=models.F("on_party")), name="dependence_on_another"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} → {self.on_party} ({self.get_kind_display()})"

    def clean(self) -> None:
        if self.party_id is not None and self.party_id == self.on_party_id:
            raise ValidationError({"on_party": _("A party depends on another party.")})
        for field in ("party", "on_party"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and related.partnership_id != self.partnership_id:
                raise ValidationError({field: _("The party belongs to another partnership.")})


class ConditionKind(models.TextChoices):
    # IATI ConditionType codes.
    POLICY = "1", _("Policy")
    PERFORMANCE = "2", _("Performance")
    FIDUCIARY = "3", _("Fiduciary")


class Condition(Bilingual, Versioned, models.Model):
    """A condition attached to the partnership (for example, money released once a permit
    is issued), as an agreement states it: published with the IATI activity."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="conditions"
    )
    kind = models.CharField(_("kind"), max_length=1, choices=ConditionKind.choices)
    text = models.TextField(_("condition (Indonesian)"))
    text_en = models.TextField(_("condition (English)"), blank=True)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement that sets it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conditions",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "id"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self) -> str:
        return self.text[:80]
