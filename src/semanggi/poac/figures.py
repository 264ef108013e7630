"""The figures of the partnerships a reader sees within an area, read from the stored region
aggregates: the area's row and its parts' rows, whatever the number of partnerships.

Which rows serve whom (semanggi.core.access): administrators, and coordinators within their
own area, read the rows of every partnership; everyone else reads the published rows, and
when she may see unpublished partnerships too (a member of a party, someone on a study, a
coordinator looking beyond her area) their stored shares (``AggregateShare``, kept current
with the rows in the same transaction) are read and added: one query, a set as large as what
she alone may see, and none of the sums over their records."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from semanggi.access.selectors import unpublished_visible_q
from semanggi.core.access import Principal, may_see_unpublished, sees_all_within
from semanggi.partnerships.models import Partnership
from semanggi.poac.aggregates import (
    FLAG_DAYS_LEVEL,
    ZERO,
    Money,
    Tally,
    flag_cutoff,
    inside_q,
    level_of_code,
    share_regions,
)
from semanggi.poac.models import AggregateShare, RegionAggregate


@dataclass(frozen=True)
class SectorFigures:
    partnerships: int
    money: Money
    with_summary: int


@dataclass(frozen=True)
class AreaFigures:
    """What a reader sees of the partnerships located within ``area`` ("" the country)."""

    area: str
    total: int = 0
    by_phase: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    sectors: dict[str, SectorFigures] = field(default_factory=dict)
    money: Money = field(default_factory=Money)
    red: int = 0
    amber: int = 0
    overdue_updates: int = 0
    flagged: int = 0
    located_here: int = 0  # located at the area itself
    places: int = 0  # distinct places within the area with a partnership
    # the regions one level below the area (the area itself for a village) with partnerships
    parts: dict[str, tuple[int, Money]] = field(default_factory=dict)
    started: dict[int, int] = field(default_factory=dict)
    money_by_year: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)
    # red and amber flags per day of the last days; None for a village (not stored so low)
    flag_days: list[tuple[date, int, int]] | None = None

    @property
    def by_sector(self) -> dict[str, int]:
        return {code: s.partnerships for code, s in self.sectors.items()}


def parts_level(area: str) -> int:
    """The level the area's parts are drawn at: provinces for the country, the level below
    otherwise, villages at most."""
    return min(level_of_code(area) + 1, 4)


def area_figures(
    *, principal: Principal, area: str | None, today: date | None = None
) -> AreaFigures:
    """The figures of the partnerships ``principal`` may see within ``area`` (None or "" for
    the whole country): two queries from the stored rows, plus a fixed number for the
    unpublished partnerships she alone may see, if any."""
    code = area or ""
    today = today or timezone.localdate()
    level = parts_level(code)
    every = sees_all_within(principal, code)
    wanted = Q(region_code=code) | Q(level=level) & inside_q(code)
    rows = RegionAggregate.objects.filter(wanted, published_only=not every)
    tallies = {row.region_code: Tally.from_row(row) for row in rows}
    places_extra = 0
    if not every and may_see_unpublished(principal):
        extra = Partnership.objects.filter(unpublished_visible_q(principal))
        if code:
            located = Partnership.locations.through.objects.filter(
                Q(region_id=code) | inside_q(code, "region_id")
            )
            extra = extra.filter(pk__in=located.values("partnership_id"))
        cutoff = flag_cutoff(today)
        shares = AggregateShare.objects.filter(partnership_id__in=extra.values("pk"))
        new_places: set[str] = set()
        for share in shares.values_list("share", flat=True):
            for region in share_regions(share):
                if region == code or (level_of_code(region) == level and _inside(region, code)):
                    tallies.setdefault(region, Tally()).contribute(share, region, 1, cutoff)
            new_places.update(c for c in share["codes"] if c == code or _inside(c, code))
        if new_places:
            # A place counts once, whether published partnerships are there too or not.
            already = RegionAggregate.objects.filter(
                published_only=True, region_code__in=sorted(new_places), located_here__gt=0
            ).values_list("region_code", flat=True)
            places_extra = len(new_places - set(already))
    return _figures(code, level, tallies, today, places_extra)


def _inside(region: str, area: str) -> bool:
    return bool(region) and (not area or region.startswith(area + "."))


def _figures(
    code: str, level: int, tallies: dict[str, Tally], today: date, places_extra: int
) -> AreaFigures:
    mine = tallies.get(code, Tally())
    cutoff = flag_cutoff(today).isoformat()
    last = today.isoformat()
    parts = {
        region: (t.partnerships, Money(t.committed, t.disbursed, t.spent))
        for region, t in sorted(tallies.items())
        if t.partnerships > 0
        and (
            (level_of_code(region) == level and _inside(region, code))
            or (region == code and level_of_code(code) == level)
        )
    }
    return AreaFigures(
        area=code,
        total=mine.partnerships,
        by_phase=dict(mine.by_phase),
        by_status=dict(mine.by_status),
        sectors={
            sector: SectorFigures(v[0], Money(v[1], v[2], v[3]), v[4])
            for sector, v in sorted(mine.by_sector.items())
            if v[0] > 0
        },
        money=Money(mine.committed, mine.disbursed, mine.spent),
        red=mine.red,
        amber=mine.amber,
        overdue_updates=mine.overdue_updates,
        flagged=mine.flagged,
        located_here=mine.located_here,
        places=mine.places + places_extra,
        parts=parts,
        started={int(y): n for y, n in mine.started.items() if n},
        money_by_year={
            int(y): (v[0] or ZERO, v[1] or ZERO) for y, v in mine.money_by_year.items() if v[2]
        },
        flag_days=[
            (date.fromisoformat(day), v[0], v[1])
            for day, v in sorted(mine.flag_days.items())
            if cutoff <= day <= last and v[2]
        ]
        if level_of_code(code) <= FLAG_DAYS_LEVEL
        else None,
    )


def all_sectors() -> list[str]:
    """The sectors of every partnership, published or not (stored with the whole country)."""
    rows = RegionAggregate.objects.filter(region_code="", published_only=False)
    found = rows.values_list("by_sector", flat=True).first()
    return sorted(found) if found else []
