"""The HTTP API: one NinjaAPI, a router per domain noun, the OpenAPI document at
/api/openapi.json and browsable docs at /api/docs."""

from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Query, Router
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate
from ninja.parser import Parser

from semanggi import __version__
from semanggi.access.lockout import TOKENS_LOCKED
from semanggi.access.selectors import principal_for
from semanggi.api import (
    coding,  # noqa: F401 (adds the coding view's reads and auto-coding)
    formschema,
    grids,  # noqa: F401 (adds the grids to the management router)
    interests,  # noqa: F401 (adds interests to the needs router)
    studies,  # noqa: F401 (adds the study writes to the evidence router)
    uploads,  # noqa: F401 (adds several sources at once to the evidence router)
)
from semanggi.api.access import router as access_router
from semanggi.api.assessment import router as assessment_router
from semanggi.api.auth import API_AUTH
from semanggi.api.evidence import router as evidence_router
from semanggi.api.iati import router as iati_router
from semanggi.api.jobs import router as jobs_router
from semanggi.api.needs import router as needs_router
from semanggi.api.notifications import router as notifications_router
from semanggi.api.organisations import router as organisations
from semanggi.api.pagination import Pagination
from semanggi.api.poac import PARTNERSHIP_PATCH_RESPONSES, update_partnership
from semanggi.api.poac import router as poac_router
from semanggi.api.reports import router as reports_router
from semanggi.api.schemas import (
    ErrorOut,
    InvalidRequestOut,
    OrganisationOut,
    OrganisationQuery,
    PartnershipOut,
    PartnershipQuery,
    PartnershipSummaryOut,
    RegionMatchOut,
    RegionOut,
    RegionQuery,
    RegionSearchQuery,
    SectorMatchOut,
    SectorSearchQuery,
)
from semanggi.api.versions import etag
from semanggi.core.regions import search_key
from semanggi.iati.codelists import codelist
from semanggi.iati.sectors import sector_search
from semanggi.ops.views import bound_passed, bound_status
from semanggi.organisations.selectors import organisation_list
from semanggi.partnerships.selectors import (
    PartnershipFilters,
    partnership_detail,
    partnership_list,
)
from semanggi.regions.models import Region
from semanggi.regions.selectors import region_get, region_search

# A record's version, as versions.version_parse takes it.
MAX_VERSION = 2**31 - 1


class DocumentedAPI(NinjaAPI):
    """The API whose OpenAPI document lists every answer an operation can give: the errors
    every route shares (an invalid request, a bad filter, not found, not signed in, not
    allowed) are added where a route does not declare them itself."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault(
            "ErrorOut",
            {"title": "ErrorOut", "type": "object", "required": ["detail"],
             "properties": {"detail": {"title": "Detail", "type": "string"}}},
        )  # fmt: skip
        # One shape for every 422: the component of InvalidRequestOut.
        components["InvalidRequestOut"] = InvalidRequestOut.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        formschema.apply(schema)
        _tighten(schema)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                _document_errors(method, operation)
        return schema


def _tighten(node: Any) -> None:
    """What pydantic leaves loose, said as the server reads it: a decimal (a JSON number, or
    a string of digits: pydantic writes "any string"), a version (1 to 2^31 - 1), an object
    keyed by pattern (no other key)."""
    if isinstance(node, dict):
        branches = node.get("anyOf")
        if isinstance(branches, list):
            kinds = [b.get("type") for b in branches if isinstance(b, dict)]
            number = next((b for b in branches if b.get("type") == "number"), None)
            if number is not None and "string" in kinds:
                unsigned = number.get("minimum", -1) >= 0
                for branch in branches:
                    if branch.get("type") == "string" and "pattern" not in branch:
                        sign = "" if unsigned else "-?"
                        branch["pattern"] = f"^{sign}[0-9]+(\\.[0-9]+)?$"
        version = node.get("properties", {}).get("version") if "properties" in node else None
        if isinstance(version, dict):
            for branch in version.get("anyOf", [version]):
                if branch.get("type") == "integer":
                    branch.setdefault("minimum", 1)
                    branch["maximum"] = MAX_VERSION
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _tighten(value)
    elif isinstance(node, list):
        for value in node:
            _tighten(value)


def _answer(description: str, component: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def _document_errors(method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    if method == "get" and operation.get("security"):
        # Reads are open to anonymous callers too (they see what is published).
        operation["security"] = [*operation["security"], {}]

    def add(status: int, description: str, component: str) -> None:
        if status not in responses and str(status) not in responses:
            responses[status] = _answer(description, component)

    places = {p.get("in") for p in operation.get("parameters", [])}
    if places or "requestBody" in operation:
        add(422, "Invalid request", "InvalidRequestOut")
    if 422 in responses or "422" in responses:
        # Whatever a route declares, a request that does not fit its schema gets this shape.
        key = 422 if 422 in responses else "422"
        responses[key] = _answer(
            responses[key].get("description") or "Invalid request", "InvalidRequestOut"
        )
    if "query" in places:
        add(400, "A filter is refused", "ErrorOut")
        add(404, "A filter names a region or sector that does not exist", "ErrorOut")
    if "requestBody" in operation:
        add(400, "The body is not a JSON object", "ErrorOut")
    if "path" in places:
        add(404, "Not found", "ErrorOut")
    if method != "get":
        add(401, "Not signed in", "ErrorOut")
        add(403, "Not allowed", "ErrorOut")
    # After too many wrong tokens or passwords from one address, every request from it is
    # refused for a while, with a right token too (so that a guess cannot be told apart).
    add(429, "Too many wrong tokens from this address: refused for a while", "ErrorOut")


class ObjectParser(Parser):
    """A JSON body is an object: a string, a list or null is refused (400), where ninja would
    read the fields of a model from its attributes (the title of ``"AAA"`` was ``"Aaa"``) or
    take null for an empty change. (A body left out entirely is never parsed.)"""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return data


api = DocumentedAPI(
    title="Semanggi API",
    version=__version__,
    description=(
        "Kemitraan pemerintah daerah dan perusahaan untuk penanggulangan kemiskinan. "
        "Public–private partnerships for poverty alleviation. Labels follow the language "
        "cookie (Bahasa Indonesia by default)."
    ),
    urls_namespace="api",
    auth=API_AUTH,
    openapi_url="/openapi.json",
    docs_url="/docs",
    parser=ObjectParser(),
)


class BadFilter(Exception):
    """A filter value that is well-formed but names nothing (an unknown region or sector
    code): not found, as such a code in a path or a body is."""


@api.exception_handler(BadFilter)
def bad_filter(request: HttpRequest, error: BadFilter) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=404)


@csrf_exempt  # (a write to nowhere is not found, whatever its token)
def api_not_found(request: HttpRequest) -> JsonResponse:
    """A path under /api/ that no operation matches: the API's own 404."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


@api.exception_handler(TooManyFilesSent)
@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(RequestDataTooBig)
def too_much(request: HttpRequest, error: Exception) -> HttpResponse:
    """A request over Django's bounds on the parts of a body, refused before it is read."""
    return api.create_response(request, {"detail": bound_passed(error)}, status=bound_status(error))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    texts = {
        401: _("Log in or send an API token."),
        403: _("You may not do this."),
        429: str(TOKENS_LOCKED),
    }
    detail = texts.get(error.status_code, str(error))
    return api.create_response(request, {"detail": detail}, status=error.status_code)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("Invalid parameters."), "errors": error.errors},
        status=422,
    )


regions = Router(tags=["regions"])
sectors = Router(tags=["sectors"])
partnerships = Router(tags=["partnerships"])


@regions.get("", response=list[RegionOut])
@paginate(Pagination)
def list_regions(request: HttpRequest, filters: Query[RegionQuery]) -> Any:
    queryset = Region.objects.order_by("code")
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.parent:
        queryset = queryset.filter(parent_id=filters.parent)
    if filters.q:
        # Compared as the region picker compares (case, accents and hyphens aside), on the
        # stored search form, which a trigram index answers on PostgreSQL.
        key = search_key(filters.q)
        queryset = queryset.filter(search_name__contains=key) if key else queryset.none()
    return queryset


@regions.get("/search", response=list[RegionMatchOut])
def search_regions(request: HttpRequest, filters: Query[RegionSearchQuery]) -> Any:
    """Regions by name, best first, each with its two nearest parents: what the region
    picker of the pages shows ("Semanggi · Pasar Kliwon · Kota Surakarta")."""
    return region_search(q=filters.q, level=filters.level, within=filters.within)


@sectors.get("/search", response=list[SectorMatchOut])
def search_sectors(request: HttpRequest, filters: Query[SectorSearchQuery]) -> Any:
    """DAC sectors by a word of their name, in Indonesian or English ("kesehatan",
    "health"), or by code, best first, named in the request's language: what the sector
    picker of the pages shows."""
    language = get_language() or "id"
    return [
        {
            "code": match.code,
            "name": match.name,
            "label": match.label,
            "category": match.category,
            "category_name": match.category_name,
            "is_category": match.is_category,
        }
        for match in sector_search(filters.q, language, categories=filters.categories)
    ]


@regions.get("/{code}", response={200: RegionOut, 404: ErrorOut})
def get_region(request: HttpRequest, code: str) -> Any:
    region = region_get(code)
    if region is None:
        raise Http404
    return region


@regions.get("/{code}/children", response={200: list[RegionOut], 404: ErrorOut})
@paginate(Pagination)
def list_region_children(request: HttpRequest, code: str) -> Any:
    if region_get(code) is None:
        raise Http404
    return Region.objects.filter(parent_id=code).order_by("code")


@organisations.get("", response=list[OrganisationOut])
@paginate(Pagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationQuery]) -> Any:
    return organisation_list(q=filters.q or "", kind=filters.kind or "")


@organisations.get("/{slug}", response={200: OrganisationOut, 404: ErrorOut})
def get_organisation(request: HttpRequest, slug: str, response: HttpResponse) -> Any:
    organisation = organisation_list().filter(slug=slug).first()
    if organisation is None:
        raise Http404
    etag(response, organisation.version)
    return organisation


@partnerships.get("", response={200: list[PartnershipSummaryOut], 404: ErrorOut})
@paginate(Pagination)
def list_partnerships(request: HttpRequest, filters: Query[PartnershipQuery]) -> Any:
    if filters.region and not Region.objects.filter(code=filters.region).exists():
        raise BadFilter(_("Unknown region code: %(code)s.") % {"code": filters.region})
    if filters.sector and filters.sector not in codelist("Sector"):
        raise BadFilter(_("Unknown sector code: %(code)s.") % {"code": filters.sector})
    return partnership_list(
        principal=principal_for(request.user),
        filters=PartnershipFilters(
            region=filters.region,
            sector=filters.sector,
            status=filters.status,
            phase=filters.phase,
            q=filters.q,
        ),
    )


@partnerships.get("/{slug}", response={200: PartnershipOut, 404: ErrorOut})
def get_partnership(request: HttpRequest, slug: str, response: HttpResponse) -> Any:
    """A partnership; its ETag is its version, for ``If-Match`` on PATCH."""
    partnership = partnership_detail(principal=principal_for(request.user), slug=slug)
    if partnership is None:
        raise Http404
    etag(response, partnership.version)
    return partnership


# The partnership's own facts change at the same address they are read from.
partnerships.add_api_operation(
    "/{slug}", ["PATCH"], update_partnership, response=PARTNERSHIP_PATCH_RESPONSES
)

api.add_router("/regions", regions)
api.add_router("/sectors", sectors)
api.add_router("/organisations", organisations)
api.add_router("/partnerships", partnerships)
api.add_router("/", needs_router)
api.add_router("/partnerships", poac_router)
api.add_router("/studies", evidence_router)
api.add_router("/", assessment_router)
api.add_router("/", reports_router)
api.add_router("/", iati_router)
api.add_router("/", access_router)
api.add_router("/", jobs_router)
api.add_router("/notifications", notifications_router)
