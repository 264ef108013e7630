"""The open data page, the downloads of every public table, and the data catalogue."""

import io
import json

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from semanggi.exports.tables import csv_lines, write_xlsx
from semanggi.opendata.catalogue import LICENCE_NAME, LICENCE_URL, catalogue
from semanggi.opendata.tables import TABLES, table_get
from semanggi.regions.selectors import province_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def opendata_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/opendata/index.html",
        {
            "tables": TABLES,
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "provinces": province_list(),
        },
    )


@require_GET
def opendata_table(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    table = table_get(slug)
    if table is None or kind not in {"csv", "xlsx"}:
        raise Http404
    filename = f"semanggi-{table.slug}.{kind}"
    if kind == "csv":
        response: HttpResponse = StreamingHttpResponse(  # type: ignore[assignment]
            csv_lines(table.headers, table.rows()), content_type="text/csv; charset=utf-8"
        )
    else:
        buffer = io.BytesIO()
        write_xlsx(table.headers, table.rows(), buffer, title=table.title_en)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


@require_GET
def opendata_catalogue(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        json.dumps(catalogue(), ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )
