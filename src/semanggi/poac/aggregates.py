"""Region aggregates kept up to date (``RegionAggregate``), so that the dashboard, the region
and home pages and the public lists read a few stored rows instead of adding up every
partnership of the area on each request.

Each partnership has a *share*: what it adds to every region it lies within (its place, the
district, regency and province above it, and the country), as plain JSON: published or not,
phase, status, sector, the money and flags of its summary, the year it started, the money it
moved by year, its flag tallies of the last days. ``AggregateShare`` keeps the share as last
counted; a write computes the share anew and applies the difference to the rows it touches,
in the same transaction (``region_aggregates_update``), so the rows never disagree with the
records. ``semanggi.poac.aggregates_rebuild`` recomputes everything in sets (the daily
refresh, ``semanggi refresh_aggregates``) and compares the two."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from semanggi.core.regions import ancestor_codes
from semanggi.partnerships.models import Partnership
from semanggi.poac.models import (
    Activity,
    AggregateShare,
    FlagTally,
    PartnershipSummary,
    RegionAggregate,
    Transaction,
    TransactionType,
)

ZERO = Decimal(0)
CENT = Decimal("0.01")
# The dashboard draws the flags of the last FLAG_DAYS days; rows keep them down to districts
# (a village's few partnerships are added up on the page).
FLAG_DAYS = 30
FLAG_DAYS_LEVEL = 3
BATCH = 2000

Share = dict[str, Any]


@dataclass(frozen=True)
class Money:
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO
    spent: Decimal = ZERO


def level_of_code(code: str) -> int:
    """0 for the whole country (""), else 1 province … 4 village."""
    return code.count(".") + 1 if code else 0


def inside_q(code: str, field: str = "region_code") -> Q:
    """Codes strictly inside ``code`` as a range over an index ("/" sorts right after ".")."""
    if not code:
        return ~Q(**{field: ""})
    return Q(**{f"{field}__gt": f"{code}.", f"{field}__lt": f"{code}/"})


def is_inside(code: str, area: str) -> bool:
    return bool(code) and (not area or code.startswith(area + "."))


def share_regions(share: Share) -> set[str]:
    """The country, and every place of the share with the regions above it."""
    regions = {""}
    for code in share["codes"]:
        regions.add(code)
        regions.update(ancestor_codes(code))
    return regions


def share_span(share: Share) -> str | None:
    """The smallest region every place of the share lies within: the place itself for one
    place, "" (the country) for places in several provinces, None for no place."""
    codes = share["codes"]
    if not codes:
        return None
    common = codes[0].split(".")
    for code in codes[1:]:
        parts = code.split(".")
        n = 0
        while n < min(len(common), len(parts)) and common[n] == parts[n]:
            n += 1
        common = common[:n]
    return ".".join(common)


def flag_cutoff(today: date) -> date:
    return today - timedelta(days=FLAG_DAYS - 1)


# --- Tallies: the figures of one row, or the difference between two -------------------------

_COUNTS = (
    "partnerships",
    "located_here",
    "places",
    "with_summary",
    "red",
    "amber",
    "overdue_updates",
    "flagged",
)
_MONEY = ("committed", "disbursed", "spent")
_PLAIN_MAPS = ("by_phase", "by_status", "started")  # key → count
_VECTOR_MAPS = ("by_sector", "money_by_year", "flag_days")  # key → [numbers]


def _bump(mapping: dict[str, Any], key: str, value: Any, sign: int) -> None:
    """Add ``sign × value`` (a number or a list of numbers) at ``key``; a key whose value
    comes to zero everywhere goes."""
    if isinstance(value, list):
        current = mapping.get(key) or [0] * len(value)
        new = [a + sign * b for a, b in zip(current, value, strict=True)]
        if any(new):
            mapping[key] = new
        else:
            mapping.pop(key, None)
    else:
        number = mapping.get(key, 0) + sign * value
        if number:
            mapping[key] = number
        else:
            mapping.pop(key, None)


class Tally:
    """The figures of one region row as Python numbers (money as Decimal)."""

    def __init__(self) -> None:
        for name in _COUNTS:
            setattr(self, name, 0)
        for name in _MONEY:
            setattr(self, name, ZERO)
        for name in (*_PLAIN_MAPS, *_VECTOR_MAPS):
            setattr(self, name, {})

    # Attributes set in __init__, declared for the type checker.
    partnerships: int
    located_here: int
    places: int
    with_summary: int
    red: int
    amber: int
    overdue_updates: int
    flagged: int
    committed: Decimal
    disbursed: Decimal
    spent: Decimal
    by_phase: dict[str, int]
    by_status: dict[str, int]
    started: dict[str, int]
    by_sector: dict[str, list[Any]]
    money_by_year: dict[str, list[Any]]
    flag_days: dict[str, list[int]]

    def contribute(self, share: Share, code: str, sign: int, cutoff: date) -> None:
        """Add (``sign`` 1) or take off (-1) what ``share`` adds to the region ``code``."""
        self.partnerships += sign
        if code in share["codes"]:
            self.located_here += sign
        money = [Decimal(share[k]) for k in ("c", "d", "s")]
        if share["sum"]:
            self.with_summary += sign
            self.red += sign * share["r"]
            self.amber += sign * share["a"]
            self.overdue_updates += sign * share["o"]
            self.flagged += sign * share["f"]
            self.committed += sign * money[0]
            self.disbursed += sign * money[1]
            self.spent += sign * money[2]
        _bump(self.by_phase, share["phase"], 1, sign)
        _bump(self.by_status, share["status"], 1, sign)
        _bump(self.by_sector, share["sector"], [1, *money, 1 if share["sum"] else 0], sign)
        if share["y"] is not None:
            _bump(self.started, str(share["y"]), 1, sign)
        for year, (disbursed, spent, rows) in share["my"].items():
            _bump(self.money_by_year, year, [Decimal(disbursed), Decimal(spent), rows], sign)
        if level_of_code(code) <= FLAG_DAYS_LEVEL:
            first = cutoff.isoformat()
            for day, (red, amber) in share["fd"].items():
                if day >= first:
                    _bump(self.flag_days, day, [red, amber, 1], sign)

    def add(self, other: "Tally", sign: int = 1) -> None:
        """Add (``sign`` 1) or take off (-1) the figures of another tally."""
        for name in (*_COUNTS, *_MONEY):
            setattr(self, name, getattr(self, name) + sign * getattr(other, name))
        for name in (*_PLAIN_MAPS, *_VECTOR_MAPS):
            mine = getattr(self, name)
            for k, v in getattr(other, name).items():
                _bump(mine, k, v, sign)

    def prune(self, cutoff: date) -> None:
        first = cutoff.isoformat()
        self.flag_days = {d: v for d, v in self.flag_days.items() if d >= first}

    @classmethod
    def from_row(cls, row: RegionAggregate) -> "Tally":
        tally = cls()
        for name in (*_COUNTS, *_MONEY, *_PLAIN_MAPS):
            value = getattr(row, name)
            setattr(tally, name, dict(value) if isinstance(value, dict) else value)
        tally.by_sector = {
            k: [v[0], Decimal(v[1]), Decimal(v[2]), Decimal(v[3]), v[4]]
            for k, v in row.by_sector.items()
        }
        tally.money_by_year = {
            k: [Decimal(v[0]), Decimal(v[1]), v[2]] for k, v in row.money_by_year.items()
        }
        tally.flag_days = {k: list(v) for k, v in row.flag_days.items()}
        return tally

    def to_row(self, row: RegionAggregate) -> RegionAggregate:
        for name in (*_COUNTS, *_MONEY, *_PLAIN_MAPS):
            setattr(row, name, getattr(self, name))
        row.by_sector = {
            k: [v[0], _text(v[1]), _text(v[2]), _text(v[3]), v[4]]
            for k, v in self.by_sector.items()
        }
        row.money_by_year = {
            k: [_text(v[0]), _text(v[1]), v[2]] for k, v in self.money_by_year.items()
        }
        row.flag_days = dict(self.flag_days)
        return row

    def normalized(self) -> dict[str, Any]:
        """Comparable values (numbers as numbers, whatever their written form)."""
        return {
            name: getattr(self, name) for name in (*_COUNTS, *_MONEY, *_PLAIN_MAPS, *_VECTOR_MAPS)
        }


def _text(value: Decimal) -> str:
    return str(Decimal(value).quantize(CENT))


def chunks(ids: list[int], size: int = BATCH) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# --- Shares ------------------------------------------------------------------------------


def shares_of(partnerships: "list[int] | QuerySet[Partnership]", today: date) -> dict[int, Share]:
    """The shares of these partnerships (ids, or a queryset read as a subquery) as the
    records stand, in six queries whatever their number."""
    ids: Any = partnerships if isinstance(partnerships, list) else partnerships.values("pk")
    shares: dict[int, Share] = {}
    rows = Partnership.objects.filter(pk__in=ids).values_list(
        "pk", "is_published", "phase", "status", "sector", "actual_start", "planned_start"
    )
    for pk, published, phase, status, sector, actual, planned in rows.order_by():
        day = actual or planned
        shares[pk] = {
            "p": published,
            "codes": [],
            "phase": phase,
            "status": status,
            "sector": sector,
            "sum": False,
            "c": "0.00",
            "d": "0.00",
            "s": "0.00",
            "r": 0,
            "a": 0,
            "o": 0,
            "f": 0,
            "y": day.year if day else None,
            "my": {},
            "fd": {},
        }
    if not shares:
        return shares
    located = Partnership.locations.through.objects.filter(partnership_id__in=ids)
    for pk, code in located.values_list("partnership_id", "region_id").order_by():
        if pk in shares:
            shares[pk]["codes"].append(code)
    for share in shares.values():
        share["codes"].sort()
    summaries = PartnershipSummary.objects.filter(partnership_id__in=ids).values_list(
        "partnership_id",
        "committed",
        "disbursed",
        "spent",
        "red",
        "amber",
        "overdue_updates",
        "worst",
    )
    for pk, committed, disbursed, spent, red, amber, overdue, worst in summaries.order_by():
        if pk in shares:
            shares[pk].update(
                sum=True,
                c=_text(committed),
                d=_text(disbursed),
                s=_text(spent),
                r=red,
                a=amber,
                o=overdue,
                f=0 if worst == "green" else 1,
            )
    # Without dates of its own, a partnership starts when its work plan does (as in IATI).
    plan = (
        Activity.objects.filter(
            partnership_id__in=ids,
            partnership__actual_start__isnull=True,
            partnership__planned_start__isnull=True,
        )
        .values_list("partnership_id")
        .annotate(start=Coalesce(Min("actual_start"), Min("planned_start")))
        .order_by()
    )
    for pk, start in plan:
        if pk in shares and start is not None:
            shares[pk]["y"] = start.year
    money = (
        Transaction.objects.filter(
            partnership_id__in=ids,
            type__in=[TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE],
        )
        .annotate(year=ExtractYear("transacted_on"))
        .values_list("partnership_id", "year", "type")
        .annotate(total=Sum("amount"), rows=Count("pk"))
        .order_by()
    )
    for pk, year, kind, total, count in money:
        if pk not in shares:
            continue
        entry = shares[pk]["my"].setdefault(str(year), ["0.00", "0.00", 0])
        index = 0 if kind == TransactionType.DISBURSEMENT else 1
        entry[index] = _text(Decimal(entry[index]) + (total or ZERO))
        entry[2] += count
    tallies = FlagTally.objects.filter(
        partnership_id__in=ids, day__gte=flag_cutoff(today), day__lte=today
    ).values_list("partnership_id", "day", "red", "amber")
    for pk, day, red, amber in tallies.order_by():
        if pk in shares:
            shares[pk]["fd"][day.isoformat()] = [red, amber]
    return shares


# --- Keeping the rows current ---------------------------------------------------------------


def region_aggregates_update(*, partnership_ids: Iterable[int], today: date | None = None) -> int:
    """Bring the region aggregates in line with these partnerships as they now stand (created,
    changed or deleted), in the caller's transaction; returns how many shares changed. The
    shares are locked first, so that two writers of one partnership apply their differences
    one after the other."""
    ids = sorted(set(partnership_ids))
    if not ids:
        return 0
    today = today or timezone.localdate()
    changed = 0
    with transaction.atomic():
        for batch in chunks(ids):
            old = {
                row.partnership_id: row.share
                for row in AggregateShare.objects.select_for_update()
                .filter(partnership_id__in=batch)
                .order_by("partnership_id")
            }
            new = shares_of(batch, today)
            moved = [pk for pk in batch if old.get(pk) != new.get(pk)]
            if not moved:
                continue
            deltas: dict[tuple[str, bool], Tally] = defaultdict(Tally)
            cutoff = flag_cutoff(today)
            for pk in moved:
                for share, sign in ((old.get(pk), -1), (new.get(pk), 1)):
                    if share is None:
                        continue
                    for code in share_regions(share):
                        deltas[(code, False)].contribute(share, code, sign, cutoff)
                        if share["p"]:
                            deltas[(code, True)].contribute(share, code, sign, cutoff)
            _apply(deltas, cutoff)
            kept = [
                AggregateShare(partnership_id=pk, share=new[pk], span=share_span(new[pk]))
                for pk in moved
                if pk in new
            ]
            AggregateShare.objects.bulk_create(
                kept,
                update_conflicts=True,
                unique_fields=["partnership_id"],
                update_fields=["share", "span"],
            )
            gone = [pk for pk in moved if pk not in new]
            if gone:
                AggregateShare.objects.filter(partnership_id__in=gone).delete()
            changed += len(moved)
    return changed


def _locked_rows(codes: list[str]) -> dict[tuple[str, bool], RegionAggregate]:
    rows = (
        RegionAggregate.objects.select_for_update()
        .filter(region_code__in=codes)
        .order_by("region_code", "published_only")
    )
    return {(row.region_code, row.published_only): row for row in rows}


def _apply(deltas: dict[tuple[str, bool], Tally], cutoff: date) -> None:
    """Add the differences to the rows (locked in code order, made when missing), then move
    the count of places where a place gained its first partnership or lost its last."""
    codes = sorted({code for code, _ in deltas})
    rows = _locked_rows(codes)
    missing = [key for key in deltas if key not in rows]
    if missing:
        # Made empty first, without conflict: a writer making the same row at the same time
        # waits for this one and finds it.
        RegionAggregate.objects.bulk_create(
            [
                RegionAggregate(region_code=code, level=level_of_code(code), published_only=v)
                for code, v in sorted(missing)
            ],
            ignore_conflicts=True,
        )
        rows.update(_locked_rows(sorted({code for code, _ in missing})))
    tallies = {key: Tally.from_row(rows[key]) for key in deltas}
    before = {key: tally.located_here for key, tally in tallies.items()}
    for key, delta in deltas.items():
        tally = tallies[key]
        tally.add(delta)
        tally.prune(cutoff)
    for (code, variant), tally in tallies.items():
        was, now = before[(code, variant)] > 0, tally.located_here > 0
        if code and was != now:
            for region in ("", *ancestor_codes(code), code):
                tallies[(region, variant)].places += 1 if now else -1
    empty = [rows[key].pk for key, tally in tallies.items() if tally.partnerships <= 0]
    if empty:
        RegionAggregate.objects.filter(pk__in=empty).delete()
    RegionAggregate.objects.bulk_update(
        [tally.to_row(rows[key]) for key, tally in tallies.items() if tally.partnerships > 0],
        [*_COUNTS, *_MONEY, *_PLAIN_MAPS, *_VECTOR_MAPS],
        batch_size=500,
    )
