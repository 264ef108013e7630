"""What the public portal shows: partnerships and open needs by region (for the map),
totals by sector and by year, the open needs, the latest assessments. Every read is a fixed
number of queries, whatever the number of partnerships."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear

from semanggi.access.selectors import partnership_visible_q
from semanggi.assessment.models import AssessmentRun
from semanggi.core.access import Principal
from semanggi.core.assessment.frameworks import FrameworkError, load_framework
from semanggi.core.regions import level_of
from semanggi.core.text import Message
from semanggi.needs.models import Need, NeedStatus, RegionFigure
from semanggi.needs.selectors import POVERTY_RATE
from semanggi.partnerships.models import Partnership
from semanggi.poac.figures import AreaFigures, area_figures
from semanggi.poac.models import Activity, PartnershipSummary, Transaction, TransactionType
from semanggi.regions.geo import Point, point_for
from semanggi.regions.models import Region, within_q

ZERO = Decimal(0)


@dataclass(frozen=True)
class Cluster:
    """The partnerships and open needs inside one region of the map's level."""

    code: str
    name: str
    partnerships: int
    needs: int
    point: Point | None


@dataclass(frozen=True)
class MapData:
    area: Region | None  # None: the whole country
    level: int  # the level the clusters are at (1 province … 4 village)
    clusters: tuple[Cluster, ...]
    rates: dict[str, Decimal] = field(default_factory=dict)  # regency → poverty rate (%)
    rate_years: dict[str, int] = field(default_factory=dict)
    elsewhere: Cluster | None = None  # located at the area itself, not inside a part of it


def _cluster_code(code: str, level: int) -> str | None:
    parts = code.split(".")
    return ".".join(parts[:level]) if len(parts) >= level else None


def _visible(principal: Principal) -> QuerySet[Partnership]:
    return Partnership.objects.filter(partnership_visible_q(principal))


def map_data(
    *,
    principal: Principal,
    area: Region | None,
    partnerships: QuerySet[Partnership] | None = None,
    figures: AreaFigures | None = None,
) -> MapData:
    """Counts of the partnerships the reader may see (of ``partnerships`` when given, e.g. a
    dashboard's filtered set) and of the open needs, by the regions one level below ``area``
    (provinces for the whole country), with the regencies' latest poverty rates. Without a
    filtered set the partnership counts are the stored region figures (``figures``, read
    here if not given); five queries at most."""
    level = 1 if area is None else min(int(level_of(area.code)) + 1, 4)
    needs = Need.regions.through.objects.filter(need__status=NeedStatus.OPEN)
    rate_rows = RegionFigure.objects.filter(measure=POVERTY_RATE, region__level=2)
    if area is not None:
        needs = needs.filter(within_q("region__code", [area.code]))
        if area.level >= 2:
            rate_rows = rate_rows.filter(region_id=area.code[:5])
        else:
            rate_rows = rate_rows.filter(region__code__startswith=area.code + ".")
    counts: dict[str, int] = {}
    if partnerships is None:
        if figures is None:
            figures = area_figures(principal=principal, area=area.code if area else None)
        counts = {code: n for code, (n, _money) in figures.parts.items()}
        # Located at the area itself: drawn apart, unless the area is a village (its own
        # cluster).
        if area is not None and area.level < level and figures.located_here:
            counts[""] = figures.located_here
    else:
        located = Partnership.locations.through.objects.filter(
            partnership__in=partnerships.values("pk")
        )
        if area is not None:
            located = located.filter(within_q("region__code", [area.code]))
        grouped: dict[str, set[int]] = defaultdict(set)
        for pk, code in located.values_list("partnership_id", "region_id"):
            grouped[_cluster_code(code, level) or ""].add(pk)
        counts = {code: len(pks) for code, pks in grouped.items()}
    open_needs: dict[str, set[int]] = defaultdict(set)
    for pk, code in needs.values_list("need_id", "region_id"):
        open_needs[_cluster_code(code, level) or ""].add(pk)
    codes = (set(counts) | set(open_needs)) - {""}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    clusters = tuple(
        Cluster(
            code=code,
            name=names.get(code, code),
            partnerships=counts.get(code, 0),
            needs=len(open_needs.get(code, ())),
            point=point_for(code),
        )
        for code in sorted(codes)
    )
    elsewhere = None
    if "" in counts or "" in open_needs:
        elsewhere = Cluster(
            code=area.code if area else "",
            name=area.name if area else "",
            partnerships=counts.get("", 0),
            needs=len(open_needs.get("", ())),
            point=point_for(area.code) if area else None,
        )
    rates: dict[str, Decimal] = {}
    years: dict[str, int] = {}
    for code, year, value in rate_rows.order_by("region_id", "-year").values_list(
        "region_id", "year", "value"
    ):
        if code not in rates:
            rates[code], years[code] = value, year
    return MapData(area, level, clusters, rates, years, elsewhere)


@dataclass(frozen=True)
class SectorTotal:
    sector: str
    partnerships: int
    committed: Decimal
    spent: Decimal


@dataclass(frozen=True)
class YearTotal:
    year: int
    started: int
    disbursed: Decimal
    spent: Decimal


def totals_by_sector(
    *, principal: Principal, figures: AreaFigures | None = None
) -> list[SectorTotal]:
    """Partnerships the reader sees by sector, with the money committed and spent (from the
    stored figures of the whole country when given)."""
    if figures is not None:
        return sorted(
            (
                SectorTotal(code, s.partnerships, s.money.committed, s.money.spent)
                for code, s in figures.sectors.items()
            ),
            key=lambda t: (-t.partnerships, t.sector),
        )
    ids = _visible(principal).values("pk")
    counts = dict(
        Partnership.objects.filter(pk__in=ids)
        .values_list("sector")
        .annotate(n=Count("pk"))
        .order_by()
    )
    money = {
        sector: (committed or ZERO, spent or ZERO)
        for sector, committed, spent in PartnershipSummary.objects.filter(partnership__in=ids)
        .values_list("partnership__sector")
        .annotate(c=Sum("committed"), s=Sum("spent"))
        .order_by()
        .values_list("partnership__sector", "c", "s")
    }
    return sorted(
        (SectorTotal(s, n, *money.get(s, (ZERO, ZERO))) for s, n in counts.items()),
        key=lambda t: (-t.partnerships, t.sector),
    )


def totals_by_year(*, principal: Principal, figures: AreaFigures | None = None) -> list[YearTotal]:
    """Partnerships by the year they started (actual, else planned, else their work plan's
    start) and money disbursed and spent by the year of the transaction (from the stored
    figures of the whole country when given)."""
    if figures is not None:
        years = sorted(set(figures.started) | set(figures.money_by_year), reverse=True)
        return [
            YearTotal(
                y,
                figures.started.get(y, 0),
                *figures.money_by_year.get(y, (ZERO, ZERO)),
            )
            for y in years
        ]
    visible = _visible(principal)
    # Without dates of its own, a partnership starts when its work plan does (as in IATI).
    plan = dict(
        Activity.objects.filter(partnership__in=visible.values("pk"))
        .values_list("partnership_id")
        .annotate(start=Coalesce(Min("actual_start"), Min("planned_start")))
        .order_by()
    )
    started: dict[int, int] = defaultdict(int)
    for pk, actual, planned in visible.values_list("pk", "actual_start", "planned_start"):
        day = actual or planned or plan.get(pk)
        if day is not None:
            started[day.year] += 1
    money: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = (
        Transaction.objects.filter(
            partnership__in=visible.values("pk"),
            type__in=[TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE],
        )
        .annotate(year=ExtractYear("transacted_on"))
        .values_list("year", "type")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for year, kind, total in rows:
        money[year][kind] += total or ZERO
    years = sorted(set(started) | set(money), reverse=True)
    return [
        YearTotal(
            y,
            started.get(y, 0),
            money[y][TransactionType.DISBURSEMENT] if y in money else ZERO,
            money[y][TransactionType.EXPENDITURE] if y in money else ZERO,
        )
        for y in years
    ]


def open_needs(*, limit: int = 5) -> tuple[int, Decimal, list[Need]]:
    """How many needs are open, their estimated cost, and the most pressing ones."""
    needs = Need.objects.filter(status=NeedStatus.OPEN)
    totals = needs.aggregate(n=Count("pk"), cost=Sum("estimated_cost"))
    latest = list(
        needs.select_related("publisher")
        .prefetch_related("regions")
        .order_by("-priority", "-created_at", "-id")[:limit]
    )
    return totals["n"] or 0, totals["cost"] or ZERO, latest


@dataclass(frozen=True)
class LatestAssessment:
    run: AssessmentRun
    framework: Message  # the framework's title


def latest_assessments(*, limit: int = 5) -> list[LatestAssessment]:
    """The latest assessment runs of published partnerships, with their framework's title
    (the partnership page shows the public what it may see of the evidence)."""
    runs = list(
        AssessmentRun.objects.filter(partnership__is_published=True)
        .select_related("partnership")
        .defer("result")
        .order_by("-created_at", "-id")[:limit]
    )
    return [LatestAssessment(run, _framework_title(run.framework_id)) for run in runs]


def _framework_title(framework_id: str) -> Message:
    try:
        return load_framework(framework_id).title
    except (FrameworkError, OSError):
        return Message(framework_id, framework_id)
