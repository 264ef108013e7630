"""API of organisations registered by their own people: registering one, the registrations
the caller may see (her own, and those she may verify), and their verification or refusal.
The same form, services and rules as the pages (semanggi.organisations,
semanggi.core.access). The public reads of organisations are in ``semanggi.api.routes``, on
this same router."""

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from semanggi.access.selectors import principal_for
from semanggi.api.auth import require_user
from semanggi.api.formschema import document_form, names_nothing
from semanggi.api.pagination import Pagination
from semanggi.api.schemas import ErrorOut, InvalidRequestOut
from semanggi.core.access import Principal
from semanggi.needs.selectors import sector_label
from semanggi.organisations.forms import OrganisationProposalForm
from semanggi.organisations.models import Organisation, Verification
from semanggi.organisations.selectors import (
    organisation_may_verify,
    organisation_verifiable_q,
    organisation_visible_q,
)
from semanggi.organisations.services import (
    ALREADY_DECIDED,
    REASON_NEEDED,
    OnboardingRefused,
    organisation_propose,
    organisation_refuse,
    organisation_verify,
)

router = Router(tags=["organisations"])


class OrganisationProposalIn(Schema):
    name: str = Field(max_length=200)
    acronym: str = Field("", max_length=40)
    kind: str = Field(description="an organisation kind: company, bank, ngo, …")
    region: str = Field(
        max_length=200, description="where it is based: a region code, or a name to resolve"
    )
    sectors: list[str] = Field(
        default_factory=list, max_length=20, description="DAC codes or 3-digit categories"
    )
    description: str = Field("", max_length=5000)
    description_en: str = Field("", max_length=5000)
    contact_name: str = Field(max_length=200)
    contact_email: str = Field(max_length=254)
    contact_phone: str = Field("", max_length=40)
    iati_identifier: str = Field("", max_length=100)
    proposer_position: str = Field("", max_length=120, description="the caller's position in it")


class SectorOut(Schema):
    code: str
    name: str


class OrganisationProposalOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    kind_label: str
    region_code: str | None
    region_name: str | None
    sectors: list[SectorOut]
    contact_name: str
    contact_email: str
    contact_phone: str
    iati_identifier: str
    verification: str = Field(description="pending, verified or refused")
    verification_label: str
    proposed_by: str | None
    proposed_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str = Field(description="the reason of a refusal")
    can_decide: bool


class RefusalIn(Schema):
    reason: str = Field(max_length=2000, description="read by the person who registered it")


def _out(organisation: Organisation, principal: Principal) -> OrganisationProposalOut:
    language = get_language() or "id"
    return OrganisationProposalOut(
        slug=organisation.slug,
        name=organisation.name,
        acronym=organisation.acronym,
        kind=organisation.kind,
        kind_label=str(organisation.get_kind_display()),
        region_code=organisation.region_id,
        region_name=organisation.region.name if organisation.region else None,
        sectors=[
            SectorOut(code=code, name=sector_label(code, language)) for code in organisation.sectors
        ],
        contact_name=organisation.contact_name,
        contact_email=organisation.contact_email,
        contact_phone=organisation.contact_phone,
        iati_identifier=organisation.iati_identifier,
        verification=organisation.verification,
        verification_label=str(organisation.get_verification_display()),
        proposed_by=organisation.proposed_by.get_username() if organisation.proposed_by else None,
        proposed_at=organisation.proposed_at,
        decided_by=organisation.decided_by.get_username() if organisation.decided_by else None,
        decided_at=organisation.decided_at,
        decision_note=organisation.decision_note,
        can_decide=organisation_may_verify(principal, organisation),
    )


def _say(refused: OnboardingRefused) -> str:
    return refused.message.in_language(get_language())


def _registrations(principal: Principal) -> Any:
    """Registrations the caller sees here: her own, and those she may verify (all, for an
    administrator), newest first."""
    if principal.admin:
        shown = Q(proposed_by__isnull=False)
    else:
        shown = Q(proposed_by_id=principal.user_id) | organisation_verifiable_q(principal)
    return (
        Organisation.objects.filter(shown)
        .filter(organisation_visible_q(principal))
        .select_related("region", "proposed_by", "decided_by")
        .order_by("-proposed_at", "-pk")
    )


def _one(pk: int) -> Organisation:
    return Organisation.objects.select_related("region", "proposed_by", "decided_by").get(pk=pk)


@router.post(
    "",
    response={
        201: OrganisationProposalOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        422: InvalidRequestOut,
    },
)
def register_organisation(request: HttpRequest, payload: OrganisationProposalIn) -> Any:
    """Register the organisation the caller acts for. It waits for verification by a
    coordinator of its region or an administrator: until then it is not public, cannot be
    party to a partnership, and the caller is not its member."""
    require_user(request)
    form = OrganisationProposalForm(payload.dict())
    if not form.is_valid():
        unknown = names_nothing(form)
        if unknown:  # a region that names none: as a code in a path would
            return Status(404, {"detail": f"{_('Not found.')} ({', '.join(unknown)})"})
        errors = {name: [str(e) for e in messages] for name, messages in form.errors.items()}
        return Status(422, {"detail": _("The data are not valid."), "errors": errors})
    try:
        organisation = organisation_propose(form=form, actor=request.user)
    except OnboardingRefused as refused:
        return Status(400, ErrorOut(detail=_say(refused)))
    return Status(201, _out(_one(organisation.pk), principal_for(request.user)))


@router.get("/registrations", response={200: list[OrganisationProposalOut], 401: ErrorOut})
@paginate(Pagination)
def list_registrations(request: HttpRequest, pending: bool = False) -> Any:
    """The registrations the caller made and those she may verify, newest first (only those
    awaiting verification with ``pending=true``)."""
    require_user(request)
    principal = principal_for(request.user)
    rows = _registrations(principal)
    if pending:
        rows = rows.filter(verification=Verification.PENDING)
    return [_out(row, principal) for row in rows[:1000]]


def _decided(request: HttpRequest, slug: str, verified: bool, reason: str = "") -> Any:
    require_user(request)
    principal = principal_for(request.user)
    organisation = Organisation.objects.filter(
        organisation_visible_q(principal), proposed_by__isnull=False, slug=slug
    ).first()
    if organisation is None:
        raise Http404
    try:
        if verified:
            decided = organisation_verify(organisation=organisation, actor=request.user)
        else:
            decided = organisation_refuse(
                organisation=organisation, actor=request.user, reason=reason
            )
    except OnboardingRefused as refused:
        status = {ALREADY_DECIDED: 409, REASON_NEEDED: 422}.get(refused.message, 403)
        return Status(status, ErrorOut(detail=_say(refused)))
    return Status(200, _out(_one(decided.pk), principal))


DECISION_ANSWERS = {
    200: OrganisationProposalOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


@router.post("/registrations/{slug}/verify", response=DECISION_ANSWERS)
def verify_organisation(request: HttpRequest, slug: str) -> Any:
    """Verify a registration (a coordinator of its region or an administrator, never the
    person who registered it): the organisation becomes public and that person its member.
    409 when it was decided already."""
    return _decided(request, slug, verified=True)


@router.post("/registrations/{slug}/refuse", response=DECISION_ANSWERS)
def refuse_organisation(request: HttpRequest, slug: str, payload: RefusalIn) -> Any:
    """Refuse a registration, with the reason the person who registered it reads."""
    return _decided(request, slug, verified=False, reason=payload.reason)


document_form("post", "/api/organisations", OrganisationProposalForm, create=True)
