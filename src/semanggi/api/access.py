"""API of access requests: a study asks to cover a partnership or to add a person to its
team; the partnership's accountable side (or an administrator) grants or refuses. The same
services and rules as the pages (semanggi.access.services, semanggi.core.access)."""

from datetime import datetime
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from semanggi.access.models import AccessRequest
from semanggi.access.selectors import (
    access_requests_decidable_ids,
    access_requests_for,
    may_decide,
    partnerships_visible_to,
    principal_for,
)
from semanggi.access.services import (
    ALREADY_DECIDED,
    AccessRefused,
    access_request_decide,
    access_request_member,
    access_request_partnership,
)
from semanggi.api.auth import require_user
from semanggi.api.pagination import Pagination
from semanggi.api.schemas import ErrorOut
from semanggi.core.access import Principal
from semanggi.evidence.models import Study
from semanggi.evidence.selectors import study_get, study_may_manage

router = Router(tags=["access"])


class AccessRequestOut(Schema):
    id: int
    study_id: int
    study: str
    partnership: str = Field(description="the partnership's slug")
    member: str | None = Field(
        description="the person to join the team; null: the study asks to cover the partnership"
    )
    requested_by: str
    requested_at: datetime
    note: str
    decision: str = Field(description="pending, granted or refused")
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
    can_decide: bool


class AccessDecisionIn(Schema):
    decision: Literal["grant", "refuse"]
    note: str = Field("", max_length=2000)


class PartnershipRequestIn(Schema):
    partnership: str = Field(max_length=200, description="the partnership's slug")
    note: str = Field("", max_length=2000)


class MemberRequestIn(Schema):
    username: str = Field(max_length=150)
    note: str = Field("", max_length=2000)


def _out(row: AccessRequest, can_decide: bool) -> AccessRequestOut:
    return AccessRequestOut(
        id=row.pk,
        study_id=row.study_id,
        study=row.study.title,
        partnership=row.partnership.slug,
        member=row.member.get_username() if row.member else None,
        requested_by=row.requested_by.get_username(),
        requested_at=row.requested_at,
        note=row.note,
        decision=row.decision,
        decided_by=row.decided_by.get_username() if row.decided_by else None,
        decided_at=row.decided_at,
        decision_note=row.decision_note,
        can_decide=can_decide,
    )


def _say(refused: AccessRefused) -> str:
    return refused.message.in_language(get_language())


@router.get("/access-requests", response=list[AccessRequestOut])
@paginate(Pagination)
def list_access_requests(request: HttpRequest) -> Any:
    """Requests the caller may decide, and those of the caller's studies, newest first."""
    principal = principal_for(request.user)
    decidable = access_requests_decidable_ids(principal)
    return [_out(row, row.pk in decidable) for row in access_requests_for(principal)[:1000]]


@router.post(
    "/access-requests/{pk}/decision",
    response={200: AccessRequestOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def decide_access_request(request: HttpRequest, pk: int, payload: AccessDecisionIn) -> Any:
    """Grant or refuse a pending request (the partnership's accountable side who is not on
    the study, or an administrator). 409 when it was decided already."""
    require_user(request)
    principal = principal_for(request.user)
    row = access_requests_for(principal).filter(pk=pk).first() if pk < 2**63 else None
    if row is None:
        raise Http404
    try:
        decided = access_request_decide(
            access_request=row,
            actor=request.user,
            grant=payload.decision == "grant",
            note=payload.note,
        )
    except AccessRefused as refused:
        status = 409 if refused.message == ALREADY_DECIDED else 403
        return Status(status, ErrorOut(detail=_say(refused)))
    return Status(200, _out(decided, False))


def _managed_study(request: HttpRequest, pk: int) -> tuple[Principal, Study]:
    require_user(request)
    principal = principal_for(request.user)
    study = study_get(principal=principal, pk=pk) if pk < 2**63 else None
    if study is None:
        raise Http404
    if not study_may_manage(principal, study):
        raise HttpError(403, "only the study's lead asks for access")
    return principal, study


@router.post(
    "/studies/{pk}/partnerships",
    response={
        200: ErrorOut,
        201: AccessRequestOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
    },
)
def request_partnership(request: HttpRequest, pk: int, payload: PartnershipRequestIn) -> Any:
    """Ask that the study may cover a partnership (study lead). Granted at once for an
    administrator or a coordinator of the partnership's region; otherwise pending until its
    accountable side decides. 200 (nothing asked) when the study covers it already."""
    principal, study = _managed_study(request, pk)
    partnership = partnerships_visible_to(principal).filter(slug=payload.partnership).first()
    if partnership is None:
        raise Http404
    try:
        row = access_request_partnership(
            study=study, partnership=partnership, actor=request.user, note=payload.note
        )
    except AccessRefused as refused:
        return Status(403, ErrorOut(detail=_say(refused)))
    if row is None:
        return Status(200, ErrorOut(detail=_("The study covers this partnership already.")))
    return Status(201, _out(row, row.is_pending and may_decide(principal, row)))


@router.post(
    "/studies/{pk}/team",
    response={201: list[AccessRequestOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def request_member(request: HttpRequest, pk: int, payload: MemberRequestIn) -> Any:
    """Ask that a person may join the study's team (study lead). Each partnership the study
    covers must consent; the answer lists the requests still waiting (empty: she joined)."""
    principal, study = _managed_study(request, pk)
    member = get_user_model().objects.filter(username=payload.username, is_active=True).first()
    if member is None:
        raise Http404
    waiting = access_request_member(
        study=study, member=member, actor=request.user, note=payload.note
    )
    return Status(201, [_out(row, may_decide(principal, row)) for row in waiting])


@router.delete(
    "/studies/{pk}/partnerships/{slug}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def remove_partnership(request: HttpRequest, pk: int, slug: str) -> Any:
    """The study no longer covers the partnership (study lead): taking access away needs no
    one's consent."""
    _, study = _managed_study(request, pk)
    partnership = study.partnerships.filter(slug=slug).first()
    if partnership is None:
        raise Http404
    study.partnerships.remove(partnership)
    return Status(204, None)


@router.delete(
    "/studies/{pk}/team/{username}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def remove_member(request: HttpRequest, pk: int, username: str) -> Any:
    """The person leaves the study's team (study lead)."""
    _, study = _managed_study(request, pk)
    member = study.team.filter(username=username).first()
    if member is None:
        raise Http404
    study.team.remove(member)
    return Status(204, None)
