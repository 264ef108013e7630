"""IATI files of the published partnerships, and the page that lists them (with what keeps
some partnerships out)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

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
from semanggi.partnerships.models import Partnership
from semanggi.regions.models import Region

XML = "application/xml; charset=utf-8"


def _xml(
    request: HttpRequest, content: bytes | None, filename: str, missing: Any = ()
) -> HttpResponse:
    if content is None:
        return render(request, "web/opendata/iati_empty.html", {"missing": missing}, status=404)
    response = HttpResponse(content, content_type=XML)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def iati_index(request: HttpRequest) -> HttpResponse:
    publication = iati_publication(published_partnerships(), today=timezone.localdate())
    reporters = {o.pk: o for o in publication.reporters.values()}
    located = Partnership.locations.through.objects.filter(
        partnership__is_published=True
    ).values_list("region_id", flat=True)
    areas = sorted(
        {code.split(".")[0] for code in located}
        | {".".join(code.split(".")[:2]) for code in located}
    )
    return render(
        request,
        "web/opendata/iati.html",
        {
            "publication": publication,
            "reporters": sorted(reporters.values(), key=lambda o: o.name),
            "regions": Region.objects.filter(code__in=areas).order_by("code"),
        },
    )


@require_GET
def iati_activities(request: HttpRequest) -> HttpResponse:
    content, missing = activities_file(published_partnerships(), today=timezone.localdate())
    return _xml(request, content, "semanggi-activities.xml", missing)


@require_GET
def iati_organisations(request: HttpRequest) -> HttpResponse:
    content = organisations_file(today=timezone.localdate())
    return _xml(request, content, "semanggi-organisations.xml")


@require_GET
def iati_organisation_activities(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    content, missing = organisation_activities_file(organisation, today=timezone.localdate())
    return _xml(request, content, f"{organisation.slug}-activities.xml", missing)


@require_GET
def iati_region_activities(request: HttpRequest, code: str) -> HttpResponse:
    if not is_valid_code(code) or not Region.objects.filter(code=code).exists():
        raise Http404
    content, missing = activities_file(partnerships_of_region(code), today=timezone.localdate())
    return _xml(request, content, f"region-{code}-activities.xml", missing)


@require_GET
def iati_partnership(request: HttpRequest, slug: str) -> HttpResponse:
    """One published partnership's activity file, or what it lacks (409)."""
    partnership = published_partnerships().filter(slug=slug).first()
    if partnership is None:
        raise Http404
    today = timezone.localdate()
    reasons = iati_missing_reasons(partnership, today)
    if reasons:
        return render(
            request,
            "web/opendata/iati_missing.html",
            {"partnership": partnership, "reasons": reasons},
            status=409,
        )
    content, missing = activities_file([partnership], today=today)
    return _xml(request, content, f"{partnership.slug}.xml", missing)
