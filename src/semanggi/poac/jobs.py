"""Background jobs of partnership management: the daily flag refresh and dashboard exports."""

import io

from django.utils import timezone

from semanggi.access.selectors import principal_for
from semanggi.core.text import Message
from semanggi.exports.tables import csv_lines, write_xlsx
from semanggi.jobs.registry import JobContext, JobError, JobOutcome, job_kind
from semanggi.partnerships.models import Partnership
from semanggi.partnerships.selectors import PartnershipFilters
from semanggi.poac.aggregates_rebuild import region_aggregates_rebuild
from semanggi.poac.dashboard import EXPORT_HEADERS, dashboard_get, dashboard_rows
from semanggi.poac.services import partnership_summary_refresh

BATCH = 2000


@job_kind("flags_refresh", Message("Pembaruan tanda harian", "Daily refresh of flags"))
def flags_refresh(context: JobContext) -> JobOutcome:
    """Every partnership's flags and money totals for today, in batches of 2,000, then the
    region figures recomputed from them (in the job's one transaction)."""
    ids = list(Partnership.objects.order_by("pk").values_list("pk", flat=True))
    today = timezone.localdate()
    done = 0
    for start in range(0, len(ids), BATCH):
        done += partnership_summary_refresh(
            partnership_ids=ids[start : start + BATCH], today=today, aggregates=False
        )
        context.progress(
            done * 90 // max(len(ids), 1),
            Message(f"{done} dari {len(ids)} kemitraan", f"{done} of {len(ids)} partnerships"),
        )
    context.progress(90, Message("Menghitung angka wilayah", "Recomputing the region figures"))
    region_aggregates_rebuild(today=today)
    return JobOutcome(
        summary=Message(
            f"Tanda {done} kemitraan diperbarui ({today})",
            f"Flags of {done} partnerships refreshed ({today})",
        ),
        result={"partnerships": done, "date": today.isoformat()},
    )


@job_kind(
    "aggregates_refresh", Message("Penghitungan ulang angka wilayah", "Recomputing region figures")
)
def aggregates_refresh(context: JobContext) -> JobOutcome:
    """Recompute every region's stored figures from the records (they are kept current on
    every change; this repairs what a change outside the application left behind)."""
    counted = region_aggregates_rebuild(today=timezone.localdate())
    return JobOutcome(
        summary=Message(
            f"Angka wilayah dihitung ulang dari {counted} kemitraan",
            f"Region figures recomputed from {counted} partnerships",
        ),
        result={"partnerships": counted},
    )


@job_kind("dashboard_export", Message("Ekspor dasbor", "Dashboard export"))
def dashboard_export(context: JobContext) -> JobOutcome:
    """The dashboard's rows as XLSX or CSV, for what the person who asked may see."""
    fmt = context.params.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        raise JobError(Message("Format tidak dikenal", "Unknown format"))
    fields = PartnershipFilters.__dataclass_fields__
    filters = PartnershipFilters(
        **{k: v for k, v in context.params.get("filters", {}).items() if k in fields}
    )
    data = dashboard_get(principal=principal_for(context.actor), filters=filters)
    rows = dashboard_rows(data.partnerships)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(EXPORT_HEADERS, rows, buffer, title="Semanggi")
        content = buffer.getvalue()
    else:
        content = "".join(csv_lines(EXPORT_HEADERS, rows)).encode("utf-8")
    count = data.partnerships.count()
    return JobOutcome(
        summary=Message(
            f"{count} kemitraan diekspor ({fmt.upper()})",
            f"{count} partnerships exported ({fmt.upper()})",
        ),
        result={"rows": count, "format": fmt},
        file=(f"semanggi-dashboard.{fmt}", content),
    )
