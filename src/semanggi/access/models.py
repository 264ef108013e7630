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
