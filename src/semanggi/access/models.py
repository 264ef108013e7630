from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CoordinatorScope(models.Model):
    """A government coordinator's area: she sees and manages the partnerships located there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_scopes"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("coordinating organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("e.g. the Bappeda, TKPK or dinas the coordinator works for."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coordinator scope")
        verbose_name_plural = _("coordinator scopes")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="scope_once_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.region}"


class OrganisationMembership(models.Model):
    """A person acting for an organisation: edits what the organisation is party to."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class ApiToken(models.Model):
    """A personal token for the HTTP API. Only its SHA-256 digest is kept; the token itself
    is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user}: {self.name}"


class AccessDecision(models.TextChoices):
    PENDING = "pending", _("waiting for consent")
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")


class AccessRequest(models.Model):
    """A request that a study may cover a partnership (``member`` empty), or that a person may
    join the team of a study that covers it, with the decision of the partnership's
    accountable side (semanggi.core.access). Until it is granted the study sees nothing of the
    partnership beyond what is published, and the person does not join the team."""

    study = models.ForeignKey(
        "evidence.Study",
        verbose_name=_("study"),
        on_delete=models.CASCADE,
        related_name="access_requests",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="access_requests",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person to join the team"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="access_requests_made",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    note = models.TextField(_("why the study needs it"), blank=True, max_length=2000)
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=AccessDecision.choices,
        default=AccessDecision.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_requests_decided",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True, max_length=2000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            # One open request per study and partnership (and person): asking twice is one ask.
            models.UniqueConstraint(
                fields=["study", "partnership"],
                condition=models.Q(decision="pending", member__isnull=True),
                name="access_request_pending_once",
            ),
            models.UniqueConstraint(
                fields=["study", "partnership", "member"],
                condition=models.Q(decision="pending", member__isnull=False),
                name="access_request_member_pending_once",
            ),
            models.CheckConstraint(
                condition=models.Q(decision="pending")
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="access_request_decided_by_someone",
            ),
        ]

    def __str__(self) -> str:
        if self.member_id:
            return f"{self.member} → {self.study} ({self.partnership})"
        return f"{self.study} → {self.partnership}"

    @property
    def is_pending(self) -> bool:
        return self.decision == AccessDecision.PENDING
