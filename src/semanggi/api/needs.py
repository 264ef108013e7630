"""API of the needs catalogue, offers, matching and region figures.

Reads follow the same visibility as the pages (selectors with the caller's Principal); writes
need a signed-in caller with the right, and validate through the same forms as the pages (the
JSON body is the form's data). Errors are JSON: 400 refused, 401 not signed in, 403 not
allowed, 404 unknown or hidden, 422 invalid data (``errors`` per field)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import StringConstraints

from semanggi.access.selectors import partnerships_visible_to, principal_for
from semanggi.api.formschema import document_form, names_nothing
from semanggi.api.pagination import Pagination
from semanggi.api.schemas import REGION_CODE, ErrorOut, InvalidRequestOut, OrganisationRef
from semanggi.api.versions import ConflictOut, apply, conflict, etag, version_asked
from semanggi.bounds import Id
from semanggi.core.access import Principal
from semanggi.needs.forms import (
    MAX_REGIONS,
    NeedFilterForm,
    NeedForm,
    OfferFilterForm,
    OfferForm,
)
from semanggi.needs.models import Need, NeedStatus, Offer, OfferStatus
from semanggi.needs.selectors import (
    ExplainedPart,
    NeedFilters,
    NeedMatch,
    OfferFilters,
    OfferMatch,
    match_explained,
    matches_for_need,
    matches_for_offer,
    need_can_change,
    need_detail,
    need_list,
    need_publisher_choices,
    offer_can_change,
    offer_can_create,
    offer_detail,
    offer_list,
    partnership_can_create_from_match,
    region_figures_can_import,
    sector_label,
)
from semanggi.needs.services import (
    FiguresRejected,
    need_create,
    need_publish,
    need_update,
    offer_create,
    offer_update,
    partnership_create_from_match,
    region_figures_import,
)
from semanggi.organisations.models import Organisation
from semanggi.uploads import validate_upload
from semanggi.versions import VersionConflict

# A region code in a body (one that names no region is not found: 404).
RegionCode = Annotated[str, StringConstraints(pattern=REGION_CODE)]

router = Router(tags=["needs"])


def _language() -> str:
    return get_language() or "id"


# --- Schemas ----------------------------------------------------------------------------------


class NeedOut(Schema):
    id: int
    version: int
    title: str
    title_en: str
    description: str
    description_en: str
    sector: str
    sector_name: str
    region_codes: list[str]
    estimated_cost: Decimal
    beneficiaries: int
    beneficiary_households: int
    priority: int = Field(description="3 high, 2 medium, 1 low")
    priority_label: str
    status: NeedStatus
    status_label: str
    publisher: OrganisationRef
    partnership_slug: str | None
    created_at: datetime

    @staticmethod
    def resolve_sector_name(need: Need) -> str:
        return sector_label(need.sector, _language())

    @staticmethod
    def resolve_region_codes(need: Need) -> list[str]:
        return [region.code for region in need.regions.all()]

    @staticmethod
    def resolve_priority_label(need: Need) -> str:
        return str(need.get_priority_display())

    @staticmethod
    def resolve_status_label(need: Need) -> str:
        return str(need.get_status_display())

    @staticmethod
    def resolve_partnership_slug(need: Need, context: Any) -> str | None:
        """Named only to callers who may see the partnership (the public: published ones)."""
        partnership = need.partnership
        if partnership is None:
            return None
        if partnership.is_published:
            return partnership.slug
        request = context.get("request") if context else None
        if request is None or not request.user.is_authenticated:
            return None
        return partnership.slug if partnership.pk in _visible_unpublished(request) else None


def _visible_unpublished(request: HttpRequest) -> frozenset[int]:
    """The unpublished partnerships the caller may see, once per request."""
    cached: frozenset[int] | None = getattr(request, "_semanggi_unpublished_visible", None)
    if cached is None:
        cached = frozenset(
            partnerships_visible_to(principal_for(request.user))
            .filter(is_published=False)
            .values_list("pk", flat=True)
        )
        request._semanggi_unpublished_visible = cached
    return cached


class NeedIn(Schema):
    """Fields to set; on PATCH only those given change. The status changes by publishing."""

    version: int | None = Field(
        None, ge=1, description="on PATCH: the version changed (or send If-Match)"
    )

    title: str | None = None
    title_en: str | None = None
    description: str | None = None
    description_en: str | None = None
    publisher: str | None = Field(None, description="slug of the publishing government unit")
    sector: str | None = Field(None, description="DAC 5-digit sector code")
    regions: list[RegionCode] | None = Field(
        None, max_length=MAX_REGIONS, description="region codes"
    )
    estimated_cost: Decimal | None = None
    beneficiaries: int | None = None
    beneficiary_households: int | None = None
    priority: int | None = Field(None, description="3 high, 2 medium, 1 low")


class NeedQuery(Schema):
    region: str | None = Field(None, pattern=REGION_CODE, description="needs within this region")
    sector: str | None = Field(None, pattern=r"^\d{5}$", description="DAC 5-digit sector code")
    status: NeedStatus | None = None
    cost_min: Decimal | None = Field(None, ge=0, description="estimated cost from (IDR)")
    cost_max: Decimal | None = Field(None, ge=0, description="estimated cost up to (IDR)")
    q: str | None = Field(None, max_length=100, description="part of the title or description")


class OfferOut(Schema):
    id: int
    version: int
    organisation: OrganisationRef
    title: str
    title_en: str
    description: str
    description_en: str
    sectors: list[str]
    sector_names: list[str]
    region_codes: list[str]
    budget_min: Decimal
    budget_max: Decimal
    period_start: date | None
    period_end: date | None
    status: OfferStatus
    status_label: str

    @staticmethod
    def resolve_sector_names(offer: Offer) -> list[str]:
        return [sector_label(code, _language()) for code in offer.sectors]

    @staticmethod
    def resolve_region_codes(offer: Offer) -> list[str]:
        return [region.code for region in offer.regions.all()]

    @staticmethod
    def resolve_status_label(offer: Offer) -> str:
        return str(offer.get_status_display())


class OfferIn(Schema):
    """Fields to set; on PATCH only those given change."""

    version: int | None = Field(
        None, ge=1, description="on PATCH: the version changed (or send If-Match)"
    )

    organisation: str | None = Field(None, description="slug of the offering organisation")
    title: str | None = None
    title_en: str | None = None
    description: str | None = None
    description_en: str | None = None
    sectors: list[str] | None = Field(None, description="DAC 5-digit codes or 3-digit categories")
    regions: list[RegionCode] | None = Field(
        None, max_length=MAX_REGIONS, description="preferred region codes; empty: any"
    )
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None
    status: OfferStatus | None = None


class OfferQuery(Schema):
    region: str | None = Field(None, pattern=REGION_CODE, description="offers preferring it")
    sector: str | None = Field(None, pattern=r"^\d{3}(\d{2})?$", description="DAC code")
    status: OfferStatus | None = None
    q: str | None = Field(None, max_length=100)


class ScorePartOut(Schema):
    criterion: str
    label: str
    points: Decimal
    maximum: Decimal
    explanation: str


def _parts(match: NeedMatch | OfferMatch) -> list[ExplainedPart]:
    return match_explained(match.match, _language())


class NeedMatchOut(Schema):
    need: NeedOut
    total: Decimal
    maximum: Decimal
    parts: list[ScorePartOut]

    @staticmethod
    def resolve_total(match: NeedMatch) -> Decimal:
        return match.match.total

    @staticmethod
    def resolve_maximum(match: NeedMatch) -> Decimal:
        return match.match.maximum

    @staticmethod
    def resolve_parts(match: NeedMatch) -> list[ExplainedPart]:
        return _parts(match)


class OfferMatchOut(Schema):
    offer: OfferOut
    total: Decimal
    maximum: Decimal
    parts: list[ScorePartOut]

    @staticmethod
    def resolve_total(match: OfferMatch) -> Decimal:
        return match.match.total

    @staticmethod
    def resolve_maximum(match: OfferMatch) -> Decimal:
        return match.match.maximum

    @staticmethod
    def resolve_parts(match: OfferMatch) -> list[ExplainedPart]:
        return _parts(match)


class PartnershipCreatedOut(Schema):
    slug: str
    url: str


class FigureErrorOut(Schema):
    line: int
    column: str
    message: str


class FiguresRejectedOut(Schema):
    detail: str
    errors: list[FigureErrorOut]


class FiguresImportedOut(Schema):
    created: int
    updated: int
    unchanged: int


# --- Helpers ----------------------------------------------------------------------------------


def _current(schema: type[Schema], record: Any) -> dict[str, Any]:
    """A record as its GET shows it, for the body of a 409."""
    current: dict[str, Any] = schema.from_orm(record).dict()
    return current


def _signed_in(request: HttpRequest) -> Principal:
    """The caller's Principal; 401 for anonymous callers."""
    if not request.user.is_authenticated:
        raise HttpError(401, _("Log in first."))
    return principal_for(request.user)


def _forbidden() -> HttpError:
    return HttpError(403, _("You may not do this."))


def _need(principal: Principal, pk: int) -> Need:
    need = need_detail(principal=principal, pk=pk)
    if need is None:
        raise Http404
    return need


def _offer(principal: Principal, pk: int) -> Offer:
    offer = offer_detail(principal=principal, pk=pk)
    if offer is None:
        raise Http404
    return offer


def _form_data(form: NeedForm | OfferForm, given: dict[str, Any]) -> dict[str, Any]:
    """The form's current values (its instance's, when editing) with ``given`` on top."""
    data = {field.name: field.value() for field in form}
    data.update(given)
    return data


def _organisation_pk(slug: object) -> object:
    pk = Organisation.objects.filter(slug=str(slug)).values_list("pk", flat=True).first()
    return pk if pk is not None else slug  # an unknown slug fails the form's choice check


def _invalid(form: NeedForm | OfferForm) -> Status[dict[str, Any]]:
    unknown = names_nothing(form)
    if unknown:  # an organisation that is none the caller may name: as a path would
        return Status(404, {"detail": f"{_('Not found.')} ({', '.join(unknown)})"})
    errors = {name: [str(e) for e in messages] for name, messages in form.errors.items()}
    return Status(422, {"detail": _("The data are not valid."), "errors": errors})


def _first_error(form: NeedFilterForm | OfferFilterForm) -> str:
    return next(str(error) for errors in form.errors.values() for error in errors)


def _filter_refused(form: NeedFilterForm | OfferFilterForm) -> HttpError:
    """A filter naming a region or sector that does not exist names nothing (404, as such a
    code in a path or body); any other refused value is a bad request (400)."""
    codes = {error.code for errors in form.errors.as_data().values() for error in errors}
    return HttpError(404 if codes == {"unknown"} else 400, _first_error(form))


def _need_form(
    payload: NeedIn, principal: Principal, need: Need | None, version: int | None = None
) -> NeedForm:
    given = payload.dict(exclude_unset=True)
    given["version"] = version
    if "publisher" in given:
        given["publisher"] = _organisation_pk(given["publisher"])
    unbound = NeedForm(instance=need, principal=principal)
    return NeedForm(_form_data(unbound, given), instance=need, principal=principal)


def _offer_form(
    payload: OfferIn, principal: Principal, offer: Offer | None, version: int | None = None
) -> OfferForm:
    given = payload.dict(exclude_unset=True)
    given["version"] = version
    if "organisation" in given:
        given["organisation"] = _organisation_pk(given["organisation"])
    unbound = OfferForm(instance=offer, principal=principal)
    return OfferForm(_form_data(unbound, given), instance=offer, principal=principal)


# --- Needs ------------------------------------------------------------------------------------

NEED_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidRequestOut}


@router.get("/needs", response={200: list[NeedOut], 400: ErrorOut, 404: ErrorOut})
@paginate(Pagination)
def list_needs(request: HttpRequest, filters: Query[NeedQuery]) -> Any:
    """The needs catalogue: published needs, and the drafts the caller may change."""
    form = NeedFilterForm({k: v for k, v in filters.dict().items() if v is not None})
    if not form.is_valid():
        raise _filter_refused(form)
    return need_list(
        principal=principal_for(request.user), filters=NeedFilters(**form.cleaned_data)
    )


@router.get("/needs/{need_id}", response={200: NeedOut, 404: ErrorOut})
def get_need(request: HttpRequest, need_id: Id, response: HttpResponse) -> Any:
    need = _need(principal_for(request.user), need_id)
    etag(response, need.version)
    return need


@router.post("/needs", response={201: NeedOut, **NEED_ERRORS})
def create_need(request: HttpRequest, payload: NeedIn) -> Any:
    """A new need, saved as a draft."""
    principal = _signed_in(request)
    if not need_publisher_choices(principal).exists():
        raise _forbidden()
    form = _need_form(payload, principal, None)
    if not form.is_valid():
        return _invalid(form)
    need = need_create(form=form, actor=request.user)
    return Status(201, _need(principal, need.pk))


@router.patch("/needs/{need_id}", response={200: NeedOut, 409: ConflictOut, **NEED_ERRORS})
def update_need(request: HttpRequest, need_id: Id, payload: NeedIn, response: HttpResponse) -> Any:
    """Change the fields given. Name the version changed (``version`` or ``If-Match``) to
    be told of others' changes (409 with the need as it is now)."""
    principal = _signed_in(request)
    named = version_asked(request, payload.version)

    def write() -> Any:
        need = _need(principal, need_id)
        if not need_can_change(principal, need):
            raise _forbidden()
        form = _need_form(payload, principal, need, named)
        if not form.is_valid():
            return _invalid(form)
        return need_update(form=form, actor=request.user)

    try:
        saved = apply(write, named=named)
    except VersionConflict as error:
        return conflict(error, _current(NeedOut, _need(principal, need_id)))
    if isinstance(saved, Status):
        return saved
    etag(response, saved.version)
    return _need(principal, need_id)


@router.post(
    "/needs/{need_id}/publish",
    response={200: NeedOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def publish_need(request: HttpRequest, need_id: Id) -> Any:
    """Draft → open: the need enters the public catalogue and the matching."""
    principal = _signed_in(request)
    need = _need(principal, need_id)
    if not need_can_change(principal, need):
        raise _forbidden()
    try:
        need_publish(need=need, actor=request.user)
    except DjangoValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None
    return _need(principal, need_id)


@router.get("/needs/{need_id}/matches", response={200: list[OfferMatchOut], 404: ErrorOut})
@paginate(Pagination)
def list_need_matches(request: HttpRequest, need_id: Id) -> Any:
    """The open offers the caller may see, best fit first, each score explained part by part
    (empty for callers who see no offer)."""
    principal = principal_for(request.user)
    return matches_for_need(need=_need(principal, need_id), principal=principal)


# --- Offers -----------------------------------------------------------------------------------


@router.get("/offers", response={200: list[OfferOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut})
@paginate(Pagination)
def list_offers(request: HttpRequest, filters: Query[OfferQuery]) -> Any:
    """Offers are not public: the offering organisation's members, coordinators (open offers)
    and administrators see them."""
    principal = _signed_in(request)
    form = OfferFilterForm({k: v for k, v in filters.dict().items() if v is not None})
    if not form.is_valid():
        raise _filter_refused(form)
    return offer_list(principal=principal, filters=OfferFilters(**form.cleaned_data))


@router.get("/offers/{offer_id}", response={200: OfferOut, 401: ErrorOut, 404: ErrorOut})
def get_offer(request: HttpRequest, offer_id: Id, response: HttpResponse) -> Any:
    offer = _offer(_signed_in(request), offer_id)
    etag(response, offer.version)
    return offer


@router.post("/offers", response={201: OfferOut, **NEED_ERRORS})
def create_offer(request: HttpRequest, payload: OfferIn) -> Any:
    principal = _signed_in(request)
    if not offer_can_create(principal):
        raise _forbidden()
    form = _offer_form(payload, principal, None)
    if not form.is_valid():
        return _invalid(form)
    offer = offer_create(form=form, actor=request.user)
    return Status(201, _offer(principal, offer.pk))


@router.patch("/offers/{offer_id}", response={200: OfferOut, 409: ConflictOut, **NEED_ERRORS})
def update_offer(
    request: HttpRequest, offer_id: Id, payload: OfferIn, response: HttpResponse
) -> Any:
    """Change the fields given. Name the version changed (``version`` or ``If-Match``) to
    be told of others' changes (409 with the offer as it is now)."""
    principal = _signed_in(request)
    named = version_asked(request, payload.version)

    def write() -> Any:
        offer = _offer(principal, offer_id)
        if not offer_can_change(principal, offer):
            raise _forbidden()
        form = _offer_form(payload, principal, offer, named)
        if not form.is_valid():
            return _invalid(form)
        return offer_update(form=form, actor=request.user)

    try:
        saved = apply(write, named=named)
    except VersionConflict as error:
        return conflict(error, _current(OfferOut, _offer(principal, offer_id)))
    if isinstance(saved, Status):
        return saved
    etag(response, saved.version)
    return _offer(principal, offer_id)


@router.get(
    "/offers/{offer_id}/matches",
    response={200: list[NeedMatchOut], 401: ErrorOut, 404: ErrorOut},
)
@paginate(Pagination)
def list_offer_matches(request: HttpRequest, offer_id: Id) -> Any:
    """The open needs, best fit for the offer first, each score explained part by part."""
    principal = _signed_in(request)
    return matches_for_offer(offer=_offer(principal, offer_id), principal=principal)


@router.post(
    "/offers/{offer_id}/matches/{need_id}/partnership",
    response={
        201: PartnershipCreatedOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
    },
)
def create_partnership_from_match(request: HttpRequest, offer_id: Id, need_id: Id) -> Any:
    """A new, unpublished partnership in planning from the need and the offer: the need's
    publisher accountable and beneficiary representative, the offering organisation funding.
    For coordinators of the need's regions and administrators."""
    principal = _signed_in(request)
    offer = _offer(principal, offer_id)
    need = _need(principal, need_id)
    if not partnership_can_create_from_match(principal, need):
        raise _forbidden()
    try:
        partnership = partnership_create_from_match(need=need, offer=offer, actor=request.user)
    except DjangoValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None
    return Status(
        201,
        {
            "slug": partnership.slug,
            "url": reverse("partnership-detail", kwargs={"slug": partnership.slug}),
        },
    )


# --- Region figures ---------------------------------------------------------------------------


@router.post(
    "/region-figures",
    response={
        200: FiguresImportedOut,
        400: FiguresRejectedOut,
        401: ErrorOut,
        403: ErrorOut,
    },
)
def import_region_figures(request: HttpRequest, file: UploadedFile = File(...)) -> Any:  # noqa: B008
    """Area-level figures from a CSV file (``region_code,year,measure,value,unit,source``),
    all or nothing: on any error nothing is saved and ``errors`` lists each line and column.
    Administrators import for any region, coordinators for their own."""
    principal = _signed_in(request)
    if not region_figures_can_import(principal):
        raise _forbidden()
    try:
        validate_upload(file, accept=("csv",))
    except DjangoValidationError as refused:
        return Status(400, {"detail": " ".join(refused.messages), "errors": []})
    try:
        result = region_figures_import(file=file, actor=request.user)
    except FiguresRejected as rejected:
        return Status(
            400,
            {
                "detail": _("Nothing was saved."),
                "errors": [
                    {"line": e.line, "column": e.column, "message": str(e)} for e in rejected.errors
                ],
            },
        )
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}


# The forms' own checks, written into the document (formschema.py). An organisation travels
# by its slug.
document_form("post", "/api/needs", NeedForm, create=True)
document_form("patch", "/api/needs/{need_id}", NeedForm, create=False)
# A new offer left without a status is open (the form's initial value, see _form_data).
document_form("post", "/api/offers", OfferForm, create=True, provided=frozenset({"status"}))
document_form("patch", "/api/offers/{offer_id}", OfferForm, create=False)
