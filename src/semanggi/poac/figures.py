"""The figures of the partnerships a reader sees within an area, read from the stored region
aggregates: the area's row and its parts' rows, whatever the number of partnerships.

Which rows serve whom (semanggi.core.access): administrators, and coordinators within their
own area, read the rows of every partnership; everyone else reads the published rows, and
when she may see unpublished partnerships too, what they add is read from stored data as
well: for a coordinator looking beyond her area, the difference of her area's two rows;
for partnerships seen through an organisation or a study, their stored shares
(``AggregateShare``, kept current with the rows in the same transaction). Nothing is summed
over records on a page."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from semanggi.access.selectors import unpublished_visible_q
from semanggi.core.access import Principal, may_see_unpublished, sees_all_within
from semanggi.core.regions import ancestor_codes, is_within
from semanggi.partnerships.models import Partnership
from semanggi.poac.aggregates import (
    FLAG_DAYS_LEVEL,
    ZERO,
    Money,
    Share,
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
    the whole country): read from the stored rows, in a number of queries that does not
    depend on how many partnerships there are (see :func:`_unpublished`)."""
    code = area or ""
    today = today or timezone.localdate()
    level = parts_level(code)
    every = sees_all_within(principal, code)
    wanted = Q(region_code=code) | Q(level=level) & inside_q(code)
    if every or not may_see_unpublished(principal):
        rows = RegionAggregate.objects.filter(wanted, published_only=not every)
        tallies = {row.region_code: Tally.from_row(row) for row in rows}
        return _figures(code, level, tallies, today, 0)
    tallies, places_extra = _unpublished(principal, code, level, wanted, today)
    return _figures(code, level, tallies, today, places_extra)


def held_areas(principal: Principal) -> tuple[list[str], list[str]]:
    """A coordinator's areas whose unpublished partnerships are read from stored rows (down
    to districts, where rows keep the flags of the last days), and the others (villages),
    whose few partnerships are read one by one. Areas inside another of hers are left out."""
    mine = sorted(principal.coordinator_areas)
    widest = [a for a in mine if not any(a != b and _inside(a, b) for b in mine)]
    held = [a for a in widest if a and level_of_code(a) <= FLAG_DAYS_LEVEL]
    return held, [a for a in widest if a not in held]


def _unpublished(
    principal: Principal, code: str, level: int, wanted: Q, today: date
) -> tuple[dict[str, Tally], int]:
    """The published rows of the area and its parts, plus what the unpublished partnerships
    ``principal`` may see add to them.

    For each area A she coordinates (``held_areas``), every partnership located within A is
    hers to see: what the unpublished ones add to a region above A is the difference of A's
    two stored rows (every partnership, published ones), and their places within A are the
    difference of the two rows' places. That holds for a partnership whose places all lie
    within A; one that lies partly outside A (found by its stored ``span``, the smallest
    region holding all its places, which then lies above A) is taken off that difference
    and added from its own stored share where it lies. The unpublished partnerships she may
    see otherwise (through her organisation, a study, a village she coordinates) are added
    from their stored shares, a set as large as what she alone may see."""
    cutoff = flag_cutoff(today)
    held, villages = held_areas(principal)
    inner = [a for a in held if _inside(a, code)]  # strictly inside the area
    query = Q(wanted, published_only=True)
    if inner:
        query |= Q(region_code__in=inner)
    stored = {
        (row.region_code, row.published_only): row for row in RegionAggregate.objects.filter(query)
    }
    tallies = {
        region: Tally.from_row(row)
        for (region, published), row in stored.items()
        if published
        and (region == code or (level_of_code(region) == level and _inside(region, code)))
    }
    differences: dict[str, Tally] = {}
    for a in inner:
        difference = Tally.from_row(stored[(a, False)]) if (a, False) in stored else Tally()
        if (a, True) in stored:
            difference.add(Tally.from_row(stored[(a, True)]), -1)
        differences[a] = difference

    shares: dict[int, Share] = {}
    if held:
        # Unpublished partnerships within a held area that lie partly outside it.
        above = sorted({"", *(c for a in held for c in ancestor_codes(a))})
        rows = AggregateShare.objects.filter(span__in=above).values_list("partnership_id", "share")
        for pk, share in rows:
            touched = [a for a in held if any(is_within(c, a) for c in share["codes"])]
            if share["p"] or not touched:
                continue
            shares[pk] = share
            for a in touched:
                if a in differences:
                    differences[a].contribute(share, a, -1, cutoff)
    if villages or principal.organisation_ids or principal.study_ids:
        others = Partnership.objects.filter(unpublished_visible_q(principal))
        if held:
            others = others.exclude(
                pk__in=Partnership.locations.through.objects.filter(_within_any(held)).values(
                    "partnership_id"
                )
            )
        if code:
            others = others.filter(
                pk__in=Partnership.locations.through.objects.filter(
                    Q(region_id=code) | inside_q(code, "region_id")
                ).values("partnership_id")
            )
        rows = AggregateShare.objects.filter(partnership_id__in=others.values("pk"))
        shares.update(rows.values_list("partnership_id", "share"))

    for a, difference in differences.items():
        part = ".".join(a.split(".")[:level])  # the part of the area that holds A
        for region in (code, part):
            added = difference if region == a else _elsewhere(difference)
            tallies.setdefault(region, Tally()).add(added)
    new_places: set[str] = set()
    for share in shares.values():
        for region in share_regions(share):
            if region == code or (level_of_code(region) == level and _inside(region, code)):
                tallies.setdefault(region, Tally()).contribute(share, region, 1, cutoff)
        new_places.update(
            c
            for c in share["codes"]
            if (c == code or _inside(c, code)) and not any(is_within(c, a) for a in held)
        )
    places_extra = 0
    if new_places:
        # A place counts once, whether published partnerships are there too or not.
        already = RegionAggregate.objects.filter(
            published_only=True, region_code__in=sorted(new_places), located_here__gt=0
        ).values_list("region_code", flat=True)
        places_extra = len(new_places - set(already))
    return tallies, places_extra


def _within_any(areas: list[str]) -> Q:
    """Places within any of the areas, as ranges over the index of place codes."""
    condition = Q(pk__in=[])
    for a in areas:
        condition |= Q(region_id=a) | inside_q(a, "region_id")
    return condition


def _elsewhere(difference: Tally) -> Tally:
    """The difference as a region above the area sees it: none of it is located there."""
    if not difference.located_here:
        return difference
    copy = Tally()
    copy.add(difference)
    copy.located_here = 0
    return copy


def _inside(region: str, area: str) -> bool:
    return bool(region) and (not area or region.startswith(area + "."))


def _figures(
    code: str, level: int, tallies: dict[str, Tally], today: date, places_extra: int
) -> AreaFigures:
    """The figures from the tallies of the area and its parts."""
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
