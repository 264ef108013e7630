from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from semanggi.core.lifecycle import Raci
from semanggi.versions import Versioned


class Responsibility(Versioned, models.Model):
    """One cell of the responsibility matrix: a party's R, A, C or I in an activity."""

    class Letter(models.TextChoices):
        RESPONSIBLE = Raci.RESPONSIBLE, _("Responsible")
        ACCOUNTABLE = Raci.ACCOUNTABLE, _("Accountable")
        CONSULTED = Raci.CONSULTED, _("Consulted")
        INFORMED = Raci.INFORMED, _("Informed")

    activity = models.ForeignKey(
        "poac.Activity", on_delete=models.CASCADE, related_name="responsibilities"
    )
    party = models.ForeignKey(
        "partnerships.Party", verbose_name=_("party"), on_delete=models.CASCADE, related_name="+"
    )
    letter = models.CharField(_("responsibility"), max_length=1, choices=Letter.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity_id", "party_id", "letter"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "party", "letter"], name="responsibility_once"
            ),
            # At most one accountable party per activity, enforced by the database too.
            models.UniqueConstraint(
                fields=["activity"],
                condition=models.Q(letter="A"),
                name="one_accountable_per_activity",
            ),
        ]

    def __str__(self) -> str:
        return self.letter


class TeamMember(Versioned, models.Model):
    """A person working on the partnership for one of the parties."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="team"
    )
    party = models.ForeignKey(
        "partnerships.Party", verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function in the partnership"), max_length=150)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "party_id", "name"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return self.name


class ForumKind(models.TextChoices):
    FORUM = "forum", _("Coordination forum")
    TEAM = "team", _("Joint team")


class Forum(Versioned, models.Model):
    """The coordination arrangement: a forum the parties meet in, or a joint team."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="forums"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ForumKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "id"]
        verbose_name = _("coordination arrangement")
        verbose_name_plural = _("coordination arrangements")

    def __str__(self) -> str:
        return self.name


class Meeting(Versioned, models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="meetings"
    )
    forum = models.ForeignKey(
        Forum,
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    attendees = models.ManyToManyField(
        "partnerships.Party", verbose_name=_("parties present"), related_name="+", blank=True
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["partnership_id", "-held_on", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class DecisionSubject(models.TextChoices):
    PLANNING = "planning", _("Planning")
    DESIGN = "design", _("Design")
    BUDGET = "budget", _("Budget")
    IMPLEMENTATION = "implementation", _("Implementation")
    MONITORING = "monitoring", _("Monitoring")
    OTHER = "other", _("Other")


class Involvement(models.TextChoices):
    """How a party took part in a decision (the assessment's K2 and K7 read these)."""

    NONE = "none", _("Not involved")
    INFORMED = "informed", _("Informed")
    CONSULTED = "consulted", _("Consulted")
    PROPOSED = "proposed", _("Proposed")
    JOINT = "joint", _("Decided jointly")
    ALONE = "alone", _("Decided alone")


class Decision(Versioned, models.Model):
    """What was decided, when, and (through DecisionParty) by which parties how."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="decisions"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    decided_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=20, choices=DecisionSubject.choices)
    text = models.TextField(_("what was decided"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "-decided_on", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class DecisionParty(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="parties")
    party = models.ForeignKey(
        "partnerships.Party", verbose_name=_("party"), on_delete=models.CASCADE, related_name="+"
    )
    involvement = models.CharField(_("involvement"), max_length=10, choices=Involvement.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision_id", "party_id"]
        verbose_name = _("party in a decision")
        verbose_name_plural = _("parties in decisions")
        constraints = [
            models.UniqueConstraint(fields=["decision", "party"], name="decision_party_once")
        ]

    def __str__(self) -> str:
        return self.involvement
