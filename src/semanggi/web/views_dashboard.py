"""The coordinator's dashboard of a region, on screen and as CSV or XLSX."""

import io
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from semanggi.access.selectors import principal_for
from semanggi.core.money import format_rupiah
from semanggi.exports.tables import csv_lines, write_xlsx
from semanggi.jobs.services import job_submit
from semanggi.needs.selectors import sector_label
from semanggi.partnerships.models import Partnership, PartnershipPhase
from semanggi.partnerships.selectors import PartnershipFilters, region_paths
from semanggi.poac.dashboard import (
    CHART_ROWS,
    EXPORT_HEADERS,
    Dashboard,
    dashboard_charts,
    dashboard_get,
    dashboard_rows,
)
from semanggi.regions.models import Region
from semanggi.web.charts import Chart, bars_svg, chart_csv_rows, line_svg
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
    region = form.cleaned_data["region"]
    charts = _charts(data, region)
    if export == "charts":
        response = StreamingHttpResponse(
            csv_lines(("chart", "label", "series", "value"), chart_csv_rows(charts)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="semanggi-charts.csv"'
        return response
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
    page = _page(request, data.partnerships, data.total if data.figures else None)
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
            "charts": [(chart, _svg(chart)) for chart in charts],
            "paths": region_paths([r for p in page for r in p.locations.all()]),
            "query": request.GET.urlencode(),
            # Filtered by region only, the map reads the same stored figures as the totals.
            **map_context(
                request,
                Region.objects.filter(code=region).first() if region else None,
                data.partnerships if data.figures is None else None,
                figures=data.figures,
            ),
        },
    )


def _svg(chart: Chart) -> str:
    draw = line_svg if chart.kind == "line" else bars_svg
    fmt = format_rupiah if chart.key.startswith("money") else _count
    # Built from escaped parts in semanggi.web.charts.
    return mark_safe(draw(chart, fmt))


def _count(value: Decimal) -> str:
    return f"{int(value):,}".replace(",", ".")


def _charts(data: Dashboard, region: str) -> list[Chart]:
    drawn = dashboard_charts(
        partnerships=data.partnerships,
        area=region or None,
        today=timezone.localdate(),
        figures=data.figures,
    )
    money_series = (_("committed"), _("disbursed"), _("spent"))
    lang = get_language() or "id"
    return [
        Chart(
            "phases",
            _("Partnerships by phase"),
            (_("partnerships"),),
            tuple(
                (str(label), (Decimal(data.by_phase.get(value, 0)),))
                for value, label in PartnershipPhase.choices
            ),
        ),
        Chart(
            "money-sector",
            _("Money by sector (IDR)"),
            money_series,
            tuple(
                (sector_label(code, lang), (m.committed, m.disbursed, m.spent))
                for code, m in drawn.money_by_sector[:CHART_ROWS]
            ),
        ),
        Chart(
            "money-region",
            _("Money by region (IDR)"),
            money_series,
            tuple(
                (name, (m.committed, m.disbursed, m.spent))
                for _code, name, m in drawn.money_by_region[:CHART_ROWS]
            ),
        ),
        Chart(
            "flags",
            _("Flags over the last 30 days"),
            (_("red"), _("amber")),
            tuple(
                (date_format(day, "j M"), (Decimal(red), Decimal(amber)))
                for day, red, amber in drawn.flags_by_day
            ),
            kind="line",
        ),
    ]


def _csv(partnerships: QuerySet[Partnership]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(EXPORT_HEADERS, dashboard_rows(partnerships)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="semanggi-dashboard.csv"'
    return response
