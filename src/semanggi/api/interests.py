"""API of interests in published needs, on the needs router: a member of a verified
organisation expresses interest; the need's publisher lists the interests and answers them
(a partnership started, or declined). The same form, services and rules as the pages
(semanggi.needs.interests)."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from semanggi.api.needs import PartnershipCreatedOut, _need, _signed_in
from semanggi.api.needs import router as needs_router
from semanggi.api.pagination import Pagination
from semanggi.api.schemas import ErrorOut, InvalidRequestOut, OrganisationRef
from semanggi.bounds import Id
from semanggi.needs.forms import InterestForm
from semanggi.needs.interests import (
    ALREADY_ANSWERED,
    NOT_YOURS_TO_ANSWER,
    REASON_NEEDED,
    InterestRefused,
    interest_can_answer,
    interest_can_express,
    interest_decline,
    interest_express,
    interest_organisation_choices,
    interest_take_up,
    interests_of_need,
)
from semanggi.needs.models import Interest, InterestStatus, Need
from semanggi.organisations.models import Organisation


class InterestOut(Schema):
    id: int
    need_id: int
    organisation: OrganisationRef
    offer_id: int | None
    offer_title: str | None
    message: str
    status: InterestStatus
    status_label: str
    expressed_by: str | None
    expressed_at: datetime
    answered_by: str | None
    answered_at: datetime | None
    answer_note: str
    partnership_slug: str | None


class InterestIn(Schema):
    organisation: str | None = Field(
        None,
        max_length=80,
        description="slug of the organisation (may be left out when the caller acts for one)",
    )
    message: str = Field(max_length=2000)
    offer: Id | None = Field(None, description="id of one of the organisation's open offers")


class DeclineIn(Schema):
    reason: str = Field(max_length=2000, description="read by the interested organisation")


class TakeUpIn(Schema):
    note: str = Field("", max_length=2000)


def _out(interest: Interest) -> InterestOut:
    return InterestOut(
        id=interest.pk,
        need_id=interest.need_id,
        organisation=OrganisationRef(
            slug=interest.organisation.slug, name=interest.organisation.name
        ),
        offer_id=interest.offer_id,
        offer_title=interest.offer.localized("title") if interest.offer else None,
        message=interest.message,
        status=InterestStatus(interest.status),
        status_label=str(interest.get_status_display()),
        expressed_by=interest.created_by.get_username() if interest.created_by else None,
        expressed_at=interest.created_at,
        answered_by=interest.answered_by.get_username() if interest.answered_by else None,
        answered_at=interest.answered_at,
        answer_note=interest.answer_note,
        partnership_slug=interest.partnership.slug if interest.partnership else None,
    )


def _say(refused: InterestRefused) -> str:
    return refused.message.in_language(get_language())


def _fresh(pk: int) -> Interest:
    return Interest.objects.select_related(
        "organisation", "offer", "created_by", "answered_by", "partnership"
    ).get(pk=pk)


@needs_router.post(
    "/needs/{need_id}/interests",
    response={
        200: InterestOut,
        201: InterestOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: InvalidRequestOut,
    },
)
def express_interest(request: HttpRequest, need_id: Id, payload: InterestIn) -> Any:
    """Say that an organisation the caller acts for is interested in an open need, with a
    message (and an open offer of that organisation, if the support would come from it).
    The need's publisher and the coordinators of its regions are told. 201 when new; 200
    with the interest already there when the organisation expressed interest before (one
    per organisation and need)."""
    principal = _signed_in(request)
    need = _need(principal, need_id)
    if not interest_can_express(principal, need):
        return Status(
            403,
            ErrorOut(
                detail=_(
                    "Only a member of a verified organisation expresses interest, in an open "
                    "need of another organisation."
                )
            ),
        )
    organisations = interest_organisation_choices(principal, need)
    data: dict[str, Any] = {"message": payload.message, "offer": payload.offer}
    if payload.organisation is not None:
        found = Organisation.objects.filter(slug=payload.organisation).values_list("pk", flat=True)
        data["organisation"] = found.first() or payload.organisation
    elif organisations.count() == 1:
        data["organisation"] = organisations.values_list("pk", flat=True).first()
    form = InterestForm(data, organisations=organisations)
    if not form.is_valid():
        errors = {name: [str(e) for e in messages] for name, messages in form.errors.items()}
        return Status(422, {"detail": _("The data are not valid."), "errors": errors})
    try:
        interest, created = interest_express(
            need=need,
            organisation=form.cleaned_data["organisation"],
            offer=form.cleaned_data["offer"],
            message=form.cleaned_data["message"],
            actor=request.user,
        )
    except InterestRefused as refused:
        return Status(400, ErrorOut(detail=_say(refused)))
    return Status(201 if created else 200, _out(_fresh(interest.pk)))


@needs_router.get(
    "/needs/{need_id}/interests",
    response={200: list[InterestOut], 401: ErrorOut, 404: ErrorOut},
)
@paginate(Pagination)
def list_interests(request: HttpRequest, need_id: Id) -> Any:
    """The interests in a need: all of them for its publisher (its organisation's members,
    the coordinators of its regions, administrators), the caller's own organisations'
    for anyone else. Newest first."""
    principal = _signed_in(request)
    need = _need(principal, need_id)
    return [_out(row) for row in interests_of_need(principal=principal, need=need)[:1000]]


def _answerable(request: HttpRequest, need_id: int, interest_id: int) -> tuple[Need, Interest]:
    principal = _signed_in(request)
    need = _need(principal, need_id)
    interest = Interest.objects.filter(need=need, pk=interest_id).first()
    if interest is None or not (
        interest_can_answer(principal, need)
        or interest.organisation_id in principal.organisation_ids
    ):
        raise Http404
    return need, interest


def _refused(refused: InterestRefused) -> Any:
    status = {ALREADY_ANSWERED: 409, NOT_YOURS_TO_ANSWER: 403, REASON_NEEDED: 422}.get(
        refused.message, 400
    )
    return Status(status, ErrorOut(detail=_say(refused)))


ANSWERS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@needs_router.post(
    "/needs/{need_id}/interests/{interest_id}/decline",
    response={200: InterestOut, **ANSWERS},
)
def decline_interest(request: HttpRequest, need_id: Id, interest_id: Id, payload: DeclineIn) -> Any:
    """Decline an open interest, with the reason the interested organisation reads (the
    need's publisher). 409 when it was answered already."""
    _need_row, interest = _answerable(request, need_id, interest_id)
    try:
        declined = interest_decline(interest=interest, actor=request.user, reason=payload.reason)
    except InterestRefused as refused:
        return _refused(refused)
    return Status(200, _out(_fresh(declined.pk)))


@needs_router.post(
    "/needs/{need_id}/interests/{interest_id}/partnership",
    response={201: PartnershipCreatedOut, 400: ErrorOut, **ANSWERS},
)
def take_up_interest(request: HttpRequest, need_id: Id, interest_id: Id, payload: TakeUpIn) -> Any:
    """Start a partnership from an open interest (the need's publisher): unpublished, in
    planning, the publisher accountable and the interested organisation funding; the need
    becomes matched. The interested organisation's members are told."""
    _need_row, interest = _answerable(request, need_id, interest_id)
    try:
        partnership = interest_take_up(interest=interest, actor=request.user, note=payload.note)
    except InterestRefused as refused:
        return _refused(refused)
    return Status(
        201,
        {
            "slug": partnership.slug,
            "url": reverse("partnership-detail", kwargs={"slug": partnership.slug}),
        },
    )
