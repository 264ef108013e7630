"""Writes for organisations a person registers herself: the registration, and its
verification or refusal by a coordinator of its region or an administrator. Access is never
granted by the person who wants it: the proposer becomes a member (and so acts for the
organisation) only when someone else verifies it (semanggi.core.access)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from semanggi.access.models import OrganisationMembership
from semanggi.access.selectors import principal_for
from semanggi.core.text import Message
from semanggi.notifications.models import NotificationKind
from semanggi.notifications.services import notify
from semanggi.organisations.forms import OrganisationProposalForm
from semanggi.organisations.models import Organisation, Verification
from semanggi.organisations.selectors import (
    PENDING_PER_PERSON,
    organisation_deciders,
    organisation_may_verify,
    organisation_pending_count,
)
from semanggi.versions import version_save

# Paths under /organisations/ that are pages, not organisations.
RESERVED_SLUGS = {"new", "register", "registrations", "pending"}
SLUG_LENGTH = 70  # Organisation.slug holds 80: room for a "-123" suffix.


class OnboardingRefused(Exception):
    """A registration or a decision that is refused; ``message`` says why in both
    languages."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


TOO_MANY_PENDING = Message(
    f"Anda sudah mempunyai {PENDING_PER_PERSON} pendaftaran organisasi yang menunggu "
    "verifikasi. Tunggu keputusannya dahulu.",
    f"You already have {PENDING_PER_PERSON} registrations waiting for verification. Wait "
    "for their decision first.",
)
NOT_YOURS_TO_VERIFY = Message(
    "Anda tidak dapat memverifikasi organisasi ini: yang memverifikasi adalah koordinator "
    "wilayahnya atau administrator, bukan orang yang mendaftarkannya.",
    "You cannot verify this organisation: it is verified by a coordinator of its region or "
    "an administrator, never by the person who registered it.",
)
ALREADY_DECIDED = Message(
    "Pendaftaran organisasi ini sudah diputuskan.",
    "This organisation's registration has already been decided.",
)
REASON_NEEDED = Message(
    "Tuliskan alasan penolakan: pendaftar akan membacanya.",
    "Give the reason for the refusal: the person who registered will read it.",
)


def _person(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _unique_slug(name: str) -> str:
    base = slugify(name)[:SLUG_LENGTH].strip("-") or "organisasi"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _page(organisation: Organisation) -> str:
    return reverse("organisation-detail", kwargs={"slug": organisation.slug})


def organisation_propose(*, form: OrganisationProposalForm, actor: Any) -> Organisation:
    """Register the organisation of a valid form, unverified, proposed by ``actor``. It is
    not public and cannot be party to a partnership until it is verified; the coordinators
    of its region (or, where there are none, the administrators) are told."""
    if not form.is_valid():
        raise ValueError("Save only a valid form.")
    with transaction.atomic():
        # Counted under the person's own row lock: two registrations at once count both.
        get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
        if organisation_pending_count(user=actor) >= PENDING_PER_PERSON:
            raise OnboardingRefused(TOO_MANY_PENDING)
        organisation: Organisation = form.save(commit=False)
        organisation.region_id = form.cleaned_data["region"]
        organisation.slug = _unique_slug(organisation.name)
        organisation.verification = Verification.PENDING
        organisation.proposed_by = actor
        organisation.proposed_at = timezone.now()
        organisation._history_user = actor  # type: ignore[attr-defined]
        version_save(organisation, expected=None)
        notify(
            recipients=organisation_deciders(organisation),
            kind=NotificationKind.ORGANISATION_PROPOSED,
            subject=f"organisation:{organisation.pk}",
            link=_page(organisation),
            text=Message(
                f"{_person(actor)} mendaftarkan organisasi “{organisation.name}” dan menunggu "
                "verifikasi Anda.",
                f"{_person(actor)} registered the organisation “{organisation.name}” and "
                "waits for your verification.",
            ),
            actor=actor,
        )
    return organisation


def organisation_verify(*, organisation: Organisation, actor: Any) -> Organisation:
    """Verify a registered organisation: it becomes public and may be party to partnerships,
    and the person who registered it becomes its member."""
    return _decide(organisation, actor, verified=True, note="")


def organisation_refuse(*, organisation: Organisation, actor: Any, reason: str) -> Organisation:
    """Refuse a registered organisation, with the reason its proposer reads. It stays out of
    public view; the proposer may register again."""
    if not reason.strip():
        raise OnboardingRefused(REASON_NEEDED)
    return _decide(organisation, actor, verified=False, note=reason)


def _decide(organisation: Organisation, actor: Any, *, verified: bool, note: str) -> Organisation:
    principal = principal_for(actor)
    with transaction.atomic():
        # Locked: of two people deciding at once, the second finds it decided.
        row = (
            Organisation.objects.select_for_update(of=("self",))
            .select_related("proposed_by")
            .get(pk=organisation.pk)
        )
        if row.verification != Verification.PENDING:
            raise OnboardingRefused(ALREADY_DECIDED)
        if not organisation_may_verify(principal, row):
            raise OnboardingRefused(NOT_YOURS_TO_VERIFY)
        row.verification = Verification.VERIFIED if verified else Verification.REFUSED
        row.decided_by = actor
        row.decided_at = timezone.now()
        row.decision_note = note.strip()[:2000]
        row._history_user = actor  # type: ignore[attr-defined]
        version_save(
            row,
            expected=None,
            update_fields=["verification", "decided_by", "decided_at", "decision_note"],
        )
        proposer = row.proposed_by
        if proposer is None:
            return row
        if verified:
            if not OrganisationMembership.objects.filter(user=proposer, organisation=row).exists():
                membership = OrganisationMembership(
                    user=proposer, organisation=row, position=row.proposer_position
                )
                membership._history_user = actor  # type: ignore[attr-defined]
                membership.save()
            text = Message(
                f"Organisasi “{row.name}” sudah diverifikasi oleh {_person(actor)}. Kini Anda "
                "dapat bertindak atas namanya: menyatakan minat pada kebutuhan dan mencatat "
                "tawaran.",
                f"The organisation “{row.name}” was verified by {_person(actor)}. You can now "
                "act for it: express interest in needs and record offers.",
            )
        else:
            text = Message(
                f"Pendaftaran organisasi “{row.name}” ditolak oleh {_person(actor)}.",
                f"The registration of the organisation “{row.name}” was refused by "
                f"{_person(actor)}.",
            )
        notify(
            recipients=[proposer],
            kind=(
                NotificationKind.ORGANISATION_VERIFIED
                if verified
                else NotificationKind.ORGANISATION_REFUSED
            ),
            subject=f"organisation:{row.pk}",
            link=_page(row),
            text=text,
            detail=row.decision_note,
            actor=actor,
        )
    return row
