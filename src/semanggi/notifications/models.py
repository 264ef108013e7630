from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    ORGANISATION_PROPOSED = "organisation_proposed", _("Organisation awaiting verification")
    ORGANISATION_VERIFIED = "organisation_verified", _("Organisation verified")
    ORGANISATION_REFUSED = "organisation_refused", _("Organisation refused")
    INTEREST_EXPRESSED = "interest_expressed", _("Interest in a need")
    INTEREST_TAKEN_UP = "interest_taken_up", _("Interest taken up")
    INTEREST_DECLINED = "interest_declined", _("Interest declined")


class Notification(models.Model):
    """Something a person is told in the application (and by e-mail): what happened, in both
    languages, and the page it is about. Written by ``notifications.services.notify``; the
    person marks it read. Not a record people edit: no history, no version."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    # What it is about, as "<noun>:<id>" (need:5, organisation:3), and the page to open.
    subject = models.CharField(_("subject"), max_length=60)
    link = models.CharField(_("link"), max_length=300)
    text_id = models.TextField(_("text (Indonesian)"))
    text_en = models.TextField(_("text (English)"))
    # Words of the person who acted (an interest's message, the reason of a refusal), quoted
    # as written, in whichever language she wrote.
    detail = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.kind} · {self.subject}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def text(self, language: str | None) -> str:
        return self.text_en if language == "en" else self.text_id
