"""The coordinator's dashboard: the partnerships of a region by phase and sector, money
committed, disbursed and spent, and the stored flags, in a fixed number of queries. A
dashboard filtered by region only reads the stored region figures (semanggi.poac.figures);
other filters add up the filtered partnerships' summaries."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Sum

from semanggi.core.access import Principal
from semanggi.exports.tables import Cell
from semanggi.partnerships.models import Partnership
from semanggi.partnerships.selectors import PartnershipFilters, partnership_list
from semanggi.poac.aggregates import FLAG_DAYS, ZERO, Money, level_of_code
from semanggi.poac.figures import AreaFigures, area_figures
from semanggi.poac.models import FlagTally, PartnershipSummary, Transaction, TransactionType
from semanggi.regions.models import Region, within_q

__all__ = ["FLAG_DAYS", "Money"]


@dataclass(frozen=True)
class Dashboard:
    partnerships: QuerySet[Partnership]
    total: int
    by_phase: dict[str, int]
    by_sector: dict[str, int]
    money: Money
    red: int
    amber: int
    overdue_updates: int
    flagged: int
    # the stored figures the totals come from (a dashboard filtered by region only)
    figures: AreaFigures | None = None


def _money_q(prefix: str = "") -> dict[str, Sum]:
    return {
        "committed": Sum(
            f"{prefix}amount",
            filter=Q(
                **{
                    f"{prefix}type__in": [
                        TransactionType.OUTGOING_COMMITMENT,
                        TransactionType.INCOMING_COMMITMENT,
                    ]
                }
            ),
        ),
        "disbursed": Sum(
            f"{prefix}amount", filter=Q(**{f"{prefix}type": TransactionType.DISBURSEMENT})
        ),
        "spent": Sum(f"{prefix}amount", filter=Q(**{f"{prefix}type": TransactionType.EXPENDITURE})),
    }


def region_only(filters: PartnershipFilters) -> bool:
    """Whether the filters name at most a region: the stored figures answer those."""
    return not (filters.sector or filters.status or filters.phase or filters.q)


def dashboard_get(*, principal: Principal, filters: PartnershipFilters) -> Dashboard:
    """Totals of the filtered set: from the stored region figures when only a region is
    chosen (a few rows, whatever the number of partnerships), else three aggregate queries
    over the filtered partnerships' summaries; plus the page the view shows."""
    partnerships = partnership_list(principal=principal, filters=filters).select_related("summary")
    if region_only(filters):
        figures = area_figures(principal=principal, area=filters.region)
        return Dashboard(
            partnerships=partnerships,
            total=figures.total,
            by_phase=figures.by_phase,
            by_sector=dict(sorted(figures.by_sector.items(), key=lambda kv: (-kv[1], kv[0]))),
            money=figures.money,
            red=figures.red,
            amber=figures.amber,
            overdue_updates=figures.overdue_updates,
            flagged=figures.flagged,
            figures=figures,
        )
    return dashboard_totals(partnerships)


def dashboard_totals(partnerships: QuerySet[Partnership]) -> Dashboard:
    """The totals of any set of partnerships, added up from their summaries (three
    aggregate queries: the work grows with the set)."""
    ids = partnerships.values("pk")
    totals = PartnershipSummary.objects.filter(partnership__in=ids).aggregate(
        committed=Sum("committed"),
        disbursed=Sum("disbursed"),
        spent=Sum("spent"),
        red=Sum("red"),
        amber=Sum("amber"),
        overdue=Sum("overdue_updates"),
        flagged=Count("pk", filter=~Q(worst="green")),
    )
    plain = Partnership.objects.filter(pk__in=ids).order_by()
    by_phase = dict(plain.values_list("phase").annotate(n=Count("pk")).order_by())
    return Dashboard(
        partnerships=partnerships,
        total=sum(by_phase.values()),
        by_phase=by_phase,
        by_sector=dict(
            plain.values_list("sector").annotate(n=Count("pk")).order_by("-n", "sector")
        ),
        money=Money(
            totals["committed"] or ZERO, totals["disbursed"] or ZERO, totals["spent"] or ZERO
        ),
        red=totals["red"] or 0,
        amber=totals["amber"] or 0,
        overdue_updates=totals["overdue"] or 0,
        flagged=totals["flagged"] or 0,
    )


def money_by_partnership(ids: list[int]) -> dict[int, Money]:
    rows = (
        Transaction.objects.filter(partnership_id__in=ids)
        .values("partnership_id")
        .annotate(**_money_q())
        .order_by()
    )
    return {
        row["partnership_id"]: Money(
            row["committed"] or ZERO, row["disbursed"] or ZERO, row["spent"] or ZERO
        )
        for row in rows
    }


EXPORT_HEADERS = (
    "slug",
    "title",
    "regions",
    "sector",
    "region_names",
    "status",
    "phase",
    "committed_idr",
    "disbursed_idr",
    "spent_idr",
    "flag",
    "red_flags",
    "amber_flags",
    "overdue_updates",
)


def dashboard_rows(partnerships: QuerySet[Partnership]) -> Iterator[list[Cell]]:
    """Rows for the CSV/XLSX export, read in chunks (a few queries per thousand rows)."""
    chunk = 1000
    queryset = partnerships.order_by("pk")
    last = 0
    while True:
        page = list(queryset.filter(pk__gt=last)[:chunk])
        if not page:
            return
        for p in page:
            summary = getattr(p, "summary", None)
            m = Money(summary.committed, summary.disbursed, summary.spent) if summary else Money()
            yield [
                p.slug,
                p.title,
                " ".join(r.code for r in p.locations.all()),
                p.sector,
                "; ".join(r.name for r in p.locations.all()),
                p.status,
                p.phase,
                m.committed,
                m.disbursed,
                m.spent,
                summary.worst if summary else "",
                summary.red if summary else 0,
                summary.amber if summary else 0,
                summary.overdue_updates if summary else 0,
            ]
        last = page[-1].pk


@dataclass(frozen=True)
class DashboardCharts:
    """What the dashboard draws: money by sector and by region (committed, disbursed, spent)
    and the red and amber flags per day."""

    money_by_sector: list[tuple[str, Money]]
    money_by_region: list[tuple[str, str, Money]]  # code, name, money
    flags_by_day: list[tuple[date, int, int]]


# The charts show the largest groups; the tables and exports carry all.
CHART_ROWS = 8


def dashboard_charts(
    *,
    partnerships: QuerySet[Partnership],
    area: str | None,
    today: date,
    figures: AreaFigures | None = None,
) -> DashboardCharts:
    """The chart data of the filtered partnerships, in four queries whatever their number
    (one, or two for a village, from the stored ``figures`` of a region-only filter).
    Regions are the level below ``area`` (provinces without one); a partnership located in
    several of them counts in each."""
    if figures is not None:
        return _charts_stored(partnerships, area, today, figures)
    ids = partnerships.values("pk")
    summaries = PartnershipSummary.objects.filter(partnership__in=ids)
    by_sector = (
        summaries.values("partnership__sector")
        .annotate(committed=Sum("committed"), disbursed=Sum("disbursed"), spent=Sum("spent"))
        .order_by("-committed", "partnership__sector")
    )
    money = {
        row["partnership_id"]: Money(row["committed"], row["disbursed"], row["spent"])
        for row in summaries.values("partnership_id", "committed", "disbursed", "spent")
    }
    level = area.count(".") + 2 if area else 1
    grouped: dict[str, set[int]] = {}
    located = Partnership.locations.through.objects.filter(partnership_id__in=ids)
    if area:
        # A partnership also located outside the area counts in the area's parts only.
        located = located.filter(within_q("region__code", [area]))
    for pk, code in located.values_list("partnership_id", "region_id"):
        parts = code.split(".")
        if len(parts) >= level:
            grouped.setdefault(".".join(parts[:level]), set()).add(pk)
    names = dict(Region.objects.filter(code__in=list(grouped)).values_list("code", "name"))
    regions = []
    for code, pks in grouped.items():
        found = [money[pk] for pk in pks if pk in money]
        regions.append(
            (
                code,
                names.get(code, code),
                Money(
                    sum((m.committed for m in found), ZERO),
                    sum((m.disbursed for m in found), ZERO),
                    sum((m.spent for m in found), ZERO),
                ),
            )
        )
    regions.sort(key=lambda row: (-row[2].committed, -row[2].spent, row[1]))
    return DashboardCharts(
        money_by_sector=[
            (
                row["partnership__sector"],
                Money(row["committed"] or ZERO, row["disbursed"] or ZERO, row["spent"] or ZERO),
            )
            for row in by_sector
        ],
        money_by_region=regions,
        flags_by_day=_flags_by_day(partnerships, today),
    )


def _flags_by_day(partnerships: QuerySet[Partnership], today: date) -> list[tuple[date, int, int]]:
    start = today - timedelta(days=FLAG_DAYS - 1)
    days = (
        FlagTally.objects.filter(
            partnership__in=partnerships.values("pk"), day__gte=start, day__lte=today
        )
        .values("day")
        .annotate(red=Sum("red"), amber=Sum("amber"))
        .order_by("day")
    )
    return [(row["day"], row["red"] or 0, row["amber"] or 0) for row in days]


def _charts_stored(
    partnerships: QuerySet[Partnership], area: str | None, today: date, figures: AreaFigures
) -> DashboardCharts:
    by_sector = sorted(
        ((sector, s.money) for sector, s in figures.sectors.items() if s.with_summary),
        key=lambda row: (-row[1].committed, row[0]),
    )
    parts = figures.parts if level_of_code(area or "") < 4 else {}
    names = dict(Region.objects.filter(code__in=list(parts)).values_list("code", "name"))
    regions = sorted(
        ((code, names.get(code, code), money) for code, (_n, money) in parts.items()),
        key=lambda row: (-row[2].committed, -row[2].spent, row[1]),
    )
    return DashboardCharts(
        money_by_sector=by_sector,
        money_by_region=regions,
        # A village's few partnerships are added up; regions above it are stored.
        flags_by_day=(
            figures.flag_days
            if figures.flag_days is not None
            else _flags_by_day(partnerships, today)
        ),
    )
