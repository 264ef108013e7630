"""Interests in published needs: a member of a verified organisation says her organisation
would like to support a need (with a message, and the offer it would fund it from); the
need's publisher (its organisation's members and the coordinators of its regions) is told,
in the application and by e-mail, and answers: a partnership started from the interest (the
same way a match becomes one, ``needs.partnering``), or declined with a reason.

Who may do what (the pages and the API ask here):

| who | expresses interest | sees a need's interests | answers |
|---|---|---|---|
| member of a verified organisation | for it, in another's open need | her organisation's | no |
| member of the publishing organisation | no (its own need) | all | yes |
| coordinator of the need's regions | for an organisation she acts for | all | yes |
| administrator | for any verified organisation | all | yes |
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from semanggi.access.models import CoordinatorScope, OrganisationMembership
from semanggi.access.selectors import principal_for
from semanggi.core.access import Principal
from semanggi.core.regions import ancestor_codes
from semanggi.core.text import Message
from semanggi.needs.models import Interest, InterestStatus, Need, NeedStatus, Offer, OfferStatus
from semanggi.needs.partnering import by_actor, need_check_matchable, partnership_create_for_need
from semanggi.needs.selectors import need_can_change, need_changeable_q
from semanggi.notifications.models import NotificationKind
from semanggi.notifications.services import notify
from semanggi.organisations.models import Organisation, Verification
from semanggi.partnerships.models import Partnership

MESSAGE_LENGTH = 2000


class InterestRefused(Exception):
    """An interest or an answer that is refused; ``message`` says why in both languages."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


NEED_NOT_OPEN = Message(
    "Hanya kebutuhan yang terbuka yang dapat diminati.",
    "Only an open need takes expressions of interest.",
)
NOT_YOUR_ORGANISATION = Message(
    "Anda hanya dapat menyatakan minat atas nama organisasi terverifikasi tempat Anda menjadi "
    "anggota, dan bukan untuk kebutuhan organisasi itu sendiri.",
    "You can express interest only for a verified organisation you are a member of, and not "
    "in that organisation's own need.",
)
OFFER_NOT_FITTING = Message(
    "Tawaran yang dikaitkan harus tawaran terbuka dari organisasi yang sama.",
    "The offer linked must be an open offer of the same organisation.",
)
MESSAGE_NEEDED = Message(
    "Tuliskan pesan untuk penerbit kebutuhan.",
    "Write a message to the need's publisher.",
)
NOT_YOURS_TO_ANSWER = Message(
    "Hanya penerbit kebutuhan (anggota organisasinya atau koordinator wilayahnya) yang "
    "menjawab minat.",
    "Only the need's publisher (its organisation's members or the coordinators of its "
    "regions) answers an interest.",
)
ALREADY_ANSWERED = Message("Minat ini sudah dijawab.", "This interest has already been answered.")
REASON_NEEDED = Message(
    "Tuliskan alasannya: organisasi yang berminat akan membacanya.",
    "Give the reason: the interested organisation will read it.",
)


# --- Who may do what ------------------------------------------------------------------------


def interest_organisation_choices(principal: Principal, need: Need) -> QuerySet[Organisation]:
    """The organisations ``principal`` may express interest for in ``need``: the verified
    organisations she acts for (any verified one for an administrator), never the need's
    publisher."""
    organisations = Organisation.objects.filter(verification=Verification.VERIFIED).exclude(
        pk=need.publisher_id
    )
    if not principal.admin:
        organisations = organisations.filter(pk__in=principal.organisation_ids)
    return organisations.order_by("name", "pk")


def interest_can_express(principal: Principal, need: Need) -> bool:
    """A signed-in person acting for a verified organisation, in an open need of another."""
    if not principal.authenticated or need.status != NeedStatus.OPEN:
        return False
    if principal.admin:
        return True
    return bool(principal.organisation_ids - {need.publisher_id})


def interest_can_answer(principal: Principal, need: Need) -> bool:
    """The need's publisher answers: whoever may change the need."""
    return need_can_change(principal, need)


def _rows(queryset: QuerySet[Interest]) -> QuerySet[Interest]:
    return queryset.select_related(
        "organisation", "offer", "created_by", "answered_by", "partnership", "need"
    )


def interests_of_need(*, principal: Principal, need: Need) -> QuerySet[Interest]:
    """The interests in ``need`` the reader may see: all of them for its publisher, her own
    organisations' for anyone else."""
    rows = Interest.objects.filter(need=need)
    if not interest_can_answer(principal, need):
        rows = rows.filter(organisation_id__in=principal.organisation_ids)
    return _rows(rows).order_by("-created_at", "-pk")


def interests_waiting(*, principal: Principal) -> QuerySet[Interest]:
    """Open interests in the needs ``principal`` publishes or coordinates (her home page)."""
    if not principal.authenticated:
        return Interest.objects.none()
    return _rows(
        Interest.objects.filter(
            status=InterestStatus.OPEN,
            need__in=Need.objects.filter(need_changeable_q(principal)).values("pk"),
        )
    ).order_by("created_at", "pk")


def interests_expressed(*, principal: Principal) -> QuerySet[Interest]:
    """The interests of the organisations ``principal`` acts for (her home page)."""
    if not principal.authenticated:
        return Interest.objects.none()
    return _rows(Interest.objects.filter(organisation_id__in=principal.organisation_ids)).order_by(
        "-created_at", "-pk"
    )


def need_publisher_people(need: Need) -> QuerySet[Any]:
    """Who is told of an interest: the members of the publishing organisation and the
    coordinators of the need's regions (and of the areas that contain them)."""
    codes = set(need.regions.values_list("code", flat=True))
    areas = {area for code in codes for area in (code, *ancestor_codes(code))}
    members = OrganisationMembership.objects.filter(organisation_id=need.publisher_id).values(
        "user_id"
    )
    coordinators = CoordinatorScope.objects.filter(region_id__in=sorted(areas)).values("user_id")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=members) | Q(pk__in=coordinators), is_active=True)
        .order_by("pk")
    )


def _organisation_people(organisation_id: int) -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.filter(memberships__organisation_id=organisation_id, is_active=True)
        .distinct()
        .order_by("pk")
    )


# --- Writes -----------------------------------------------------------------------------------


def _person(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _need_page(need: Need) -> str:
    return reverse("need-detail", kwargs={"pk": need.pk}) + "#interests"


def interest_express(
    *,
    need: Need,
    organisation: Organisation,
    actor: Any,
    message: str,
    offer: Offer | None = None,
) -> tuple[Interest, bool]:
    """Say that ``organisation`` is interested in ``need``. Returns the interest and whether
    it is new: an organisation has one interest per need, so a second attempt (even at the
    same moment, by a colleague) returns the one already there and tells nobody again."""
    principal = principal_for(actor)
    if not interest_organisation_choices(principal, need).filter(pk=organisation.pk).exists():
        raise InterestRefused(NOT_YOUR_ORGANISATION)
    if need.status != NeedStatus.OPEN:
        existing = Interest.objects.filter(need=need, organisation=organisation).first()
        if existing is not None:
            return existing, False
        raise InterestRefused(NEED_NOT_OPEN)
    text = message.strip()
    if not text:
        raise InterestRefused(MESSAGE_NEEDED)
    if offer is not None and (
        offer.organisation_id != organisation.pk or offer.status != OfferStatus.OPEN
    ):
        raise InterestRefused(OFFER_NOT_FITTING)
    try:
        with transaction.atomic():
            interest = by_actor(
                actor,
                Interest(
                    need=need,
                    organisation=organisation,
                    offer=offer,
                    message=text[:MESSAGE_LENGTH],
                    created_by=actor,
                ),
            )
            interest.save()
            notify(
                recipients=need_publisher_people(need),
                kind=NotificationKind.INTEREST_EXPRESSED,
                subject=f"interest:{interest.pk}",
                link=_need_page(need),
                text=Message(
                    f"{organisation.name} menyatakan minat pada kebutuhan “{need.title}” "
                    f"({_person(actor)}).",
                    f"{organisation.name} expressed interest in the need "
                    f"“{need.title_en or need.title}” ({_person(actor)}).",
                ),
                detail=interest.message,
                actor=actor,
            )
    except IntegrityError:
        # The constraint, not an earlier read, decides: said before, or at the same moment
        # by a colleague, the interest already there is the organisation's.
        return Interest.objects.get(need=need, organisation=organisation), False
    return interest, True


def _claim(interest: Interest, principal: Principal) -> Interest:
    """The interest, locked, still open, and answerable by ``principal``."""
    row = (
        Interest.objects.select_for_update(of=("self",))
        .select_related("need__publisher", "organisation", "offer")
        .get(pk=interest.pk)
    )
    if not interest_can_answer(principal, row.need):
        raise InterestRefused(NOT_YOURS_TO_ANSWER)
    if not row.is_open:
        raise InterestRefused(ALREADY_ANSWERED)
    return row


def _answered(row: Interest, actor: Any, status: str, note: str, fields: list[str]) -> None:
    row.status = status
    row.answered_by = actor
    row.answered_at = timezone.now()
    row.answer_note = note.strip()[:MESSAGE_LENGTH]
    by_actor(actor, row).save(
        update_fields=["status", "answered_by", "answered_at", "answer_note", *fields]
    )


def interest_decline(*, interest: Interest, actor: Any, reason: str) -> Interest:
    """Decline an open interest, with the reason the interested organisation reads."""
    if not reason.strip():
        raise InterestRefused(REASON_NEEDED)
    with transaction.atomic():
        row = _claim(interest, principal_for(actor))
        _answered(row, actor, InterestStatus.DECLINED, reason, [])
        notify(
            recipients=_organisation_people(row.organisation_id),
            kind=NotificationKind.INTEREST_DECLINED,
            subject=f"interest:{row.pk}",
            link=_need_page(row.need),
            text=Message(
                f"Minat {row.organisation.name} pada kebutuhan “{row.need.title}” ditolak oleh "
                f"{_person(actor)}.",
                f"The interest of {row.organisation.name} in the need "
                f"“{row.need.title_en or row.need.title}” was declined by {_person(actor)}.",
            ),
            detail=row.answer_note,
            actor=actor,
        )
    return row


def interest_take_up(*, interest: Interest, actor: Any, note: str = "") -> Partnership:
    """Start a partnership from an open interest, as a match becomes one: located where the
    need is, the publisher accountable, the interested organisation funding (from the linked
    offer, which stays open). The need becomes matched. The interested organisation's
    members are told, and as party members they now see and record the partnership."""
    with transaction.atomic():
        row = _claim(interest, principal_for(actor))
        need = Need.objects.select_for_update().get(pk=row.need_id)
        try:
            need_check_matchable(need)
            if row.offer is not None:
                offer = Offer.objects.select_for_update().get(pk=row.offer_id)
                if offer.status != OfferStatus.OPEN:
                    raise InterestRefused(OFFER_NOT_FITTING)
            partnership = partnership_create_for_need(
                need=need, funder_id=row.organisation_id, actor=actor
            )
        except ValidationError as error:
            raise InterestRefused(_validation_message(error)) from None
        row.partnership = partnership
        _answered(row, actor, InterestStatus.TAKEN_UP, note, ["partnership"])
        notify(
            recipients=_organisation_people(row.organisation_id),
            kind=NotificationKind.INTEREST_TAKEN_UP,
            subject=f"partnership:{partnership.pk}",
            link=reverse("partnership-detail", kwargs={"slug": partnership.slug}),
            text=Message(
                f"Minat {row.organisation.name} pada kebutuhan “{need.title}” diterima: "
                f"{_person(actor)} memulai kemitraan “{partnership.title}” dalam tahap "
                "perencanaan.",
                f"The interest of {row.organisation.name} in the need "
                f"“{need.title_en or need.title}” was taken up: {_person(actor)} started the "
                f"partnership “{partnership.title_en or partnership.title}” in planning.",
            ),
            detail=row.answer_note,
            actor=actor,
        )
    return partnership


def _validation_message(error: ValidationError) -> Message:
    texts = {}
    for language in ("id", "en"):
        with translation.override(language):
            texts[language] = " ".join(str(m) for m in ValidationError(error.error_list).messages)
    return Message(texts["id"], texts["en"])
