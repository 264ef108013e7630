"""The coordinator's dashboard of a region, on screen and as CSV or XLSX."""

import io

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from semanggi.access.selectors import principal_for
from semanggi.exports.tables import csv_lines, write_xlsx
from semanggi.jobs.services import job_submit
from semanggi.partnerships.models import Partnership, PartnershipPhase
from semanggi.partnerships.selectors import PartnershipFilters, region_paths
from semanggi.poac.dashboard import EXPORT_HEADERS, dashboard_get, dashboard_rows
from semanggi.regions.models import Region, RegionLevel
from semanggi.web.forms import PartnershipFilterForm
from semanggi.web.views import _page
from semanggi.web.views_portal import map_context


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form = PartnershipFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "web/dashboard.html", {"form": form}, status=400)
    data = dashboard_get(
        principal=principal_for(request.user), filters=PartnershipFilters(**form.cleaned_data)
    )
    export = request.GET.get("format")
    # A large export is a background job: the page follows it and offers the file.
    if (
        export in ("csv", "xlsx")
        and request.user.is_authenticated
        and data.partnerships.count() > settings.SEMANGGI_EXPORT_INLINE_ROWS
    ):
        job = job_submit(
            kind="dashboard_export",
            actor=request.user,
            params={"format": export, "filters": form.cleaned_data},
        )
        return redirect("job-detail", job_id=job.pk)
    if export == "csv":
        return _csv(data.partnerships)
    if export == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(EXPORT_HEADERS, dashboard_rows(data.partnerships), buffer, title="Semanggi")
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="semanggi-dashboard.xlsx"'
        return response
    page = _page(request, data.partnerships)
    region = form.cleaned_data["region"]
    return render(
        request,
        "web/dashboard.html",
        {
            "form": form,
            "data": data,
            "page": page,
            "phases": [
                (v, label, data.by_phase.get(v, 0)) for v, label in PartnershipPhase.choices
            ],
            "region": Region.objects.filter(code=region).first() if region else None,
            "areas": Region.objects.filter(level__lte=RegionLevel.REGENCY).order_by("code"),
            "paths": region_paths([r for p in page for r in p.locations.all()]),
            "query": request.GET.urlencode(),
            **map_context(
                request,
                Region.objects.filter(code=region).first() if region else None,
                data.partnerships,
            ),
        },
    )


def _csv(partnerships: QuerySet[Partnership]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(EXPORT_HEADERS, dashboard_rows(partnerships)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="semanggi-dashboard.csv"'
    return response
