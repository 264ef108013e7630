"""API of IATI publishing: the same files as ``/iati/``, and what keeps a partnership out."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status

from semanggi.core.regions import is_valid_code
from semanggi.opendata.iati import (
    activities_file,
    iati_missing_reasons,
    iati_publication,
    organisation_activities_file,
    organisations_file,
    partnerships_of_region,
    published_partnerships,
)
from semanggi.organisations.models import Organisation
from semanggi.regions.models import Region

router = Router(tags=["iati"])

XML = "application/xml; charset=utf-8"
_FILE = {200: {"description": "an IATI 2.03 XML file", "content": {"application/xml": {}}}}


class MissingOut(Schema):
    partnership: str
    reasons: list[str]


class PublicationOut(Schema):
    activities: int
    not_ready: list[MissingOut]


class IatiErrorOut(Schema):
    detail: str
    reasons: list[str] | None = None


def _xml(content: bytes | None, filename: str) -> HttpResponse:
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type=XML)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@router.get("/iati", response=PublicationOut)
def publication(request: HttpRequest) -> Any:
    """How many published partnerships become IATI activities, and those not ready with
    what each lacks."""
    found = iati_publication(published_partnerships(), today=timezone.localdate())
    return {
        "activities": len(found.activities),
        "not_ready": [
            {"partnership": m.partnership.slug, "reasons": [str(r) for r in m.reasons]}
            for m in found.missing
        ],
    }


@router.get(
    "/iati/activities.xml", response={404: IatiErrorOut}, openapi_extra={"responses": _FILE}
)
def all_activities(request: HttpRequest) -> HttpResponse:
    content, _missing = activities_file(published_partnerships(), today=timezone.localdate())
    return _xml(content, "semanggi-activities.xml")


@router.get(
    "/iati/organisations.xml", response={404: IatiErrorOut}, openapi_extra={"responses": _FILE}
)
def organisations(request: HttpRequest) -> HttpResponse:
    return _xml(organisations_file(today=timezone.localdate()), "semanggi-organisations.xml")


@router.get(
    "/iati/organisations/{slug}/activities.xml",
    response={404: IatiErrorOut},
    openapi_extra={"responses": _FILE},
)
def organisation_activities(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    content, _missing = organisation_activities_file(organisation, today=timezone.localdate())
    return _xml(content, f"{organisation.slug}-activities.xml")


@router.get(
    "/iati/regions/{code}/activities.xml",
    response={404: IatiErrorOut},
    openapi_extra={"responses": _FILE},
)
def region_activities(request: HttpRequest, code: str) -> HttpResponse:
    if not is_valid_code(code) or not Region.objects.filter(code=code).exists():
        raise Http404
    content, _missing = activities_file(partnerships_of_region(code), today=timezone.localdate())
    return _xml(content, f"region-{code}-activities.xml")


@router.get(
    "/iati/partnerships/{slug}.xml",
    response={404: IatiErrorOut, 409: IatiErrorOut},
    openapi_extra={"responses": _FILE},
)
def partnership_activity(request: HttpRequest, slug: str) -> Any:
    """One published partnership's activity, or 409 with what it lacks."""
    partnership = published_partnerships().filter(slug=slug).first()
    if partnership is None:
        raise Http404
    today = timezone.localdate()
    reasons = iati_missing_reasons(partnership, today)
    if reasons:
        return Status(
            409,
            IatiErrorOut(detail=str(partnership.slug), reasons=[str(reason) for reason in reasons]),
        )
    content, _missing = activities_file([partnership], today=today)
    return _xml(content, f"{partnership.slug}.xml")
