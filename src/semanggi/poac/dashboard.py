"""The coordinator's dashboard: the partnerships of a region by phase and sector, money
committed, disbursed and spent, and the stored flags, in a fixed number of queries."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from semanggi.core.access import Principal
from semanggi.exports.tables import Cell
from semanggi.partnerships.models import Partnership
from semanggi.partnerships.selectors import PartnershipFilters, partnership_list
from semanggi.poac.models import FlagTally, PartnershipSummary, Transaction, TransactionType
from semanggi.regions.models import Region

ZERO = Decimal(0)


@dataclass(frozen=True)
class Money:
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO
    spent: Decimal = ZERO


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


def dashboard_get(*, principal: Principal, filters: PartnershipFilters) -> Dashboard:
    """Totals from the stored summaries: three aggregate queries over the filtered set,
    whatever its size, plus the page the view shows."""
    partnerships = partnership_list(principal=principal, filters=filters).select_related("summary")
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
FLAG_DAYS = 30


def dashboard_charts(
    *, partnerships: QuerySet[Partnership], area: str | None, today: date
) -> DashboardCharts:
    """The chart data of the filtered partnerships, in four queries whatever their number.
    Regions are the level below ``area`` (provinces without one); a partnership located in
    several of them counts in each."""
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
    start = today - timedelta(days=FLAG_DAYS - 1)
    days = (
        FlagTally.objects.filter(partnership__in=ids, day__gte=start, day__lte=today)
        .values("day")
        .annotate(red=Sum("red"), amber=Sum("amber"))
        .order_by("day")
    )
    return DashboardCharts(
        money_by_sector=[
            (
                row["partnership__sector"],
                Money(row["committed"] or ZERO, row["disbursed"] or ZERO, row["spent"] or ZERO),
            )
            for row in by_sector
        ],
        money_by_region=regions,
        flags_by_day=[(row["day"], row["red"] or 0, row["amber"] or 0) for row in days],
    )
