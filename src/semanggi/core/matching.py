"""Matching needs with offers: a score that explains itself.

A government coordinator publishes needs (what a programme lacks, where, roughly at what
cost); a company offers support (sectors, preferred regions, a budget range). The score of a
need–offer pair is the sum of five parts, each with its points, its maximum and a sentence
saying why, so that a person can check the ranking rather than trust it.

The parts and their weights are Semanggi's own operationalisation, not a published method:

============  ====  ==============================================================
part          max   points
============  ====  ==============================================================
sector        30    same DAC 5-digit code 30, same 3-digit category 15, else 0
region        30    one region within the other 30, same district 20, same
                    regency 12, same province 5, else 0
budget        20    cost within the offer's range 20, within 25 % outside it 10
priority      10    the need's priority: high 10, medium 5, low 0
poverty       10    area poverty rate, 10 at 20 % or more, proportionally below
============  ====  ==============================================================

Sector and region count most because a company's CSR mandate is usually bound to both (a
field of activity, a ring around its operations). A code at a coarser level contains the
finer ones: an offer for DAC category ``122`` fits a need coded ``12220`` fully, as an offer
for province ``33`` fits a need in village ``33.72.03.1002``. What is unknown (no cost
estimate, no range, no poverty figure) earns no points, and the sentence says so.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from semanggi.core.flags import format_decimal
from semanggi.core.money import format_rupiah
from semanggi.core.regions import Level, ancestor_codes, is_within, level_of
from semanggi.core.text import Message

SECTOR_MAX = Decimal(30)
SECTOR_SAME_CATEGORY = Decimal(15)

REGION_MAX = Decimal(30)
REGION_SAME: dict[Level, Decimal] = {
    Level.DISTRICT: Decimal(20),
    Level.REGENCY: Decimal(12),
    Level.PROVINCE: Decimal(5),
}

BUDGET_MAX = Decimal(20)
BUDGET_CLOSE = Decimal(10)
# How far outside the offer's range a cost may lie and still count as close.
BUDGET_CLOSE_SHARE = Decimal("0.25")

PRIORITY_MAX = Decimal(10)

POVERTY_MAX = Decimal(10)
# Poverty rate (percent of the area's population) that earns the full poverty points; the
# national rate is near 9 %, the poorest regencies are above 20 %.
POVERTY_RATE_FOR_MAX = Decimal(20)

_CATEGORY_DIGITS = 3


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


PRIORITY_POINTS: dict[Priority, Decimal] = {
    Priority.HIGH: Decimal(10),
    Priority.MEDIUM: Decimal(5),
    Priority.LOW: Decimal(0),
}

_PRIORITY_LABELS: dict[Priority, Message] = {
    Priority.HIGH: Message("tinggi", "high"),
    Priority.MEDIUM: Message("sedang", "medium"),
    Priority.LOW: Message("rendah", "low"),
}


class Criterion(StrEnum):
    SECTOR = "sector"
    REGION = "region"
    BUDGET = "budget"
    PRIORITY = "priority"
    POVERTY = "poverty"


CRITERION_LABELS: dict[Criterion, Message] = {
    Criterion.SECTOR: Message("Kesesuaian sektor", "Sector fit"),
    Criterion.REGION: Message("Kesesuaian wilayah", "Region fit"),
    Criterion.BUDGET: Message("Kesesuaian anggaran", "Budget fit"),
    Criterion.PRIORITY: Message("Prioritas", "Priority"),
    Criterion.POVERTY: Message("Tingkat kemiskinan wilayah", "Area poverty rate"),
}


@dataclass(frozen=True)
class Need:
    """An unfunded need published by a government coordinator. ``sectors`` are DAC codes
    (5-digit purpose codes, or 3-digit categories); ``regions`` are region codes."""

    ref: str
    sectors: tuple[str, ...]
    regions: tuple[str, ...]
    estimated_cost: Decimal | None = None
    priority: Priority = Priority.MEDIUM
    is_open: bool = True


@dataclass(frozen=True)
class Offer:
    """Support a partner offers: the sectors and regions it prefers and its budget range
    (either end may be open)."""

    ref: str
    sectors: tuple[str, ...]
    regions: tuple[str, ...]
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    is_open: bool = True


@dataclass(frozen=True)
class ScorePart:
    criterion: Criterion
    points: Decimal
    maximum: Decimal
    explanation: Message


@dataclass(frozen=True)
class Match:
    """A scored need–offer pair; ``parts`` come in the order of ``Criterion``."""

    need: Need
    offer: Offer
    parts: tuple[ScorePart, ...] = ()

    @property
    def total(self) -> Decimal:
        return sum((part.points for part in self.parts), Decimal(0))

    @property
    def maximum(self) -> Decimal:
        return sum((part.maximum for part in self.parts), Decimal(0))

    def part(self, criterion: Criterion) -> ScorePart:
        return next(part for part in self.parts if part.criterion is criterion)


def score(
    need: Need,
    offer: Offer,
    poverty_rates: Mapping[str, Decimal] | None = None,
    region_names: Mapping[str, str] | None = None,
) -> Match:
    """Score how well ``offer`` fits ``need``.

    ``poverty_rates`` maps region codes to the area's poverty rate in percent (area-level
    figures only, never a register of people); a need's rate is that of its own region or,
    failing that, of the nearest enclosing region that has one, the highest over its regions.
    Region codes must be valid (``InvalidRegionCode`` otherwise). ``region_names`` (code →
    name) lets the explanations name the regions ("Semanggi (33.72.03.1002)").
    """
    names = region_names or {}
    return Match(
        need,
        offer,
        (
            _sector_part(need.sectors, offer.sectors),
            _region_part(need.regions, offer.regions, names),
            _budget_part(need.estimated_cost, offer.budget_min, offer.budget_max),
            _priority_part(need.priority),
            _poverty_part(need.regions, poverty_rates or {}, names),
        ),
    )


def rank_needs(
    offer: Offer,
    needs: Iterable[Need],
    poverty_rates: Mapping[str, Decimal] | None = None,
    region_names: Mapping[str, str] | None = None,
) -> tuple[Match, ...]:
    """The open needs, best fit for ``offer`` first; equal scores in order of ``ref``."""
    matches = (score(need, offer, poverty_rates, region_names) for need in needs if need.is_open)
    return tuple(sorted(matches, key=lambda m: (-m.total, m.need.ref)))


def rank_offers(
    need: Need,
    offers: Iterable[Offer],
    poverty_rates: Mapping[str, Decimal] | None = None,
    region_names: Mapping[str, str] | None = None,
) -> tuple[Match, ...]:
    """The open offers, best fit for ``need`` first; equal scores in order of ``ref``."""
    matches = (score(need, offer, poverty_rates, region_names) for offer in offers if offer.is_open)
    return tuple(sorted(matches, key=lambda m: (-m.total, m.offer.ref)))


# --- The parts -------------------------------------------------------------------------------


def _sector_part(need_codes: tuple[str, ...], offer_codes: tuple[str, ...]) -> ScorePart:
    def part(points: Decimal, explanation: Message) -> ScorePart:
        return ScorePart(Criterion.SECTOR, points, SECTOR_MAX, explanation)

    if not need_codes or not offer_codes:
        return part(
            Decimal(0),
            Message(
                "Sektor kebutuhan atau tawaran tidak dinyatakan.",
                "The need's or the offer's sector is not stated.",
            ),
        )
    pairs = [(n, o) for n in sorted(need_codes) for o in sorted(offer_codes)]
    for n, o in pairs:
        if n == o:
            return part(SECTOR_MAX, Message(f"Sektor sama: DAC {n}.", f"Same sector: DAC {n}."))
    for n, o in pairs:
        if _contains(o, n) or _contains(n, o):
            return part(
                SECTOR_MAX,
                Message(
                    f"Sektor {n} (kebutuhan) dan {o} (tawaran): yang satu mencakup yang lain.",
                    f"Sector {n} (need) and {o} (offer): one contains the other.",
                ),
            )
    for n, o in pairs:
        if n[:_CATEGORY_DIGITS] == o[:_CATEGORY_DIGITS]:
            category = n[:_CATEGORY_DIGITS]
            return part(
                SECTOR_SAME_CATEGORY,
                Message(
                    f"Kategori sektor sama ({category}): kebutuhan {n}, tawaran {o}.",
                    f"Same sector category ({category}): need {n}, offer {o}.",
                ),
            )
    needed, offered = ", ".join(sorted(need_codes)), ", ".join(sorted(offer_codes))
    return part(
        Decimal(0),
        Message(
            f"Sektor berbeda: kebutuhan {needed}, tawaran {offered}.",
            f"Different sectors: need {needed}, offer {offered}.",
        ),
    )


def _contains(category: str, code: str) -> bool:
    return (
        len(category) == _CATEGORY_DIGITS
        and len(code) > len(category)
        and code[:_CATEGORY_DIGITS] == category
    )


def _place(code: str, names: Mapping[str, str]) -> str:
    """A region as people read it: its name with the code beside it, or the code alone."""
    name = names.get(code)
    return f"{name} ({code})" if name else code


def _region_part(
    need_codes: tuple[str, ...], offer_codes: tuple[str, ...], names: Mapping[str, str]
) -> ScorePart:
    def part(points: Decimal, explanation: Message) -> ScorePart:
        return ScorePart(Criterion.REGION, points, REGION_MAX, explanation)

    if not need_codes or not offer_codes:
        return part(
            Decimal(0),
            Message(
                "Wilayah kebutuhan atau tawaran tidak dinyatakan.",
                "The need's or the offer's region is not stated.",
            ),
        )
    best: tuple[Decimal, str, str, str | None] | None = None
    for n in sorted(need_codes):
        for o in sorted(offer_codes):
            if is_within(n, o) or is_within(o, n):
                return part(
                    REGION_MAX,
                    Message(
                        f"Wilayah kebutuhan {_place(n, names)} dan wilayah tawaran "
                        f"{_place(o, names)} bertumpang tindih "
                        "(yang satu berada di dalam yang lain).",
                        f"The need's region {_place(n, names)} and the offer's region "
                        f"{_place(o, names)} overlap "
                        "(one lies within the other).",
                    ),
                )
            shared = _deepest_shared(n, o)
            points = REGION_SAME[level_of(shared)] if shared else Decimal(0)
            if best is None or points > best[0]:
                best = (points, n, o, shared)
    assert best is not None
    points, n, o, shared = best
    if shared is None:
        return part(
            points,
            Message(
                f"Wilayah berbeda provinsi: kebutuhan {_place(n, names)}, tawaran "
                f"{_place(o, names)}.",
                f"Regions in different provinces: need {_place(n, names)}, offer "
                f"{_place(o, names)}.",
            ),
        )
    level = _LEVEL_LABELS[level_of(shared)]
    return part(
        points,
        Message(
            f"Kebutuhan {_place(n, names)} dan tawaran {_place(o, names)} berada dalam "
            f"{level.id} yang sama: {_place(shared, names)}.",
            f"Need {_place(n, names)} and offer {_place(o, names)} lie in the same "
            f"{level.en}: {_place(shared, names)}.",
        ),
    )


_LEVEL_LABELS: dict[Level, Message] = {
    Level.PROVINCE: Message("provinsi", "province"),
    Level.REGENCY: Message("kabupaten/kota", "regency/city"),
    Level.DISTRICT: Message("kecamatan", "district"),
    Level.VILLAGE: Message("desa/kelurahan", "village"),
}


def _deepest_shared(a: str, b: str) -> str | None:
    b_chain = {*ancestor_codes(b), b}
    shared = [code for code in (*ancestor_codes(a), a) if code in b_chain]
    return shared[-1] if shared else None


def _budget_part(cost: Decimal | None, low: Decimal | None, high: Decimal | None) -> ScorePart:
    def part(points: Decimal, explanation: Message) -> ScorePart:
        return ScorePart(Criterion.BUDGET, points, BUDGET_MAX, explanation)

    if cost is None:
        return part(
            Decimal(0),
            Message(
                "Kebutuhan belum memiliki perkiraan biaya.", "The need has no cost estimate yet."
            ),
        )
    if low is None and high is None:
        return part(
            Decimal(0),
            Message(
                "Tawaran tidak menyatakan rentang anggaran.", "The offer states no budget range."
            ),
        )
    price = format_rupiah(cost)
    if low is not None and high is not None:
        span = Message(
            f"{format_rupiah(low)} – {format_rupiah(high)}",
            f"{format_rupiah(low)} – {format_rupiah(high)}",
        )
    elif high is not None:
        span = Message(f"hingga {format_rupiah(high)}", f"up to {format_rupiah(high)}")
    else:
        assert low is not None
        span = Message(f"mulai {format_rupiah(low)}", f"from {format_rupiah(low)}")
    if high is not None and cost > high:
        gap = (cost - high) / high if high > 0 else None
        close = gap is not None and gap <= BUDGET_CLOSE_SHARE
        by_id = f" sebesar {format_decimal(100 * gap, 'id')}%" if gap is not None else ""
        by_en = f" by {format_decimal(100 * gap, 'en')}%" if gap is not None else ""
        text = Message(
            f"Perkiraan biaya {price} melebihi rentang tawaran ({span.id}){by_id}.",
            f"The estimated cost {price} exceeds the offer's range ({span.en}){by_en}.",
        )
    elif low is not None and cost < low:
        gap = (low - cost) / low
        close = gap <= BUDGET_CLOSE_SHARE
        text = Message(
            f"Perkiraan biaya {price} di bawah rentang tawaran ({span.id}) sebesar "
            f"{format_decimal(100 * gap, 'id')}%.",
            f"The estimated cost {price} is below the offer's range ({span.en}) by "
            f"{format_decimal(100 * gap, 'en')}%.",
        )
    else:
        return part(
            BUDGET_MAX,
            Message(
                f"Perkiraan biaya {price} berada dalam rentang tawaran ({span.id}).",
                f"The estimated cost {price} lies within the offer's range ({span.en}).",
            ),
        )
    if close:
        limit_id = format_decimal(100 * BUDGET_CLOSE_SHARE, "id")
        limit_en = format_decimal(100 * BUDGET_CLOSE_SHARE, "en")
        return part(
            BUDGET_CLOSE,
            Message(
                f"{text.id} Masih dekat (selisih paling banyak {limit_id}%).",
                f"{text.en} Still close (at most {limit_en}% apart).",
            ),
        )
    return part(Decimal(0), text)


def _priority_part(priority: Priority) -> ScorePart:
    label = _PRIORITY_LABELS[priority]
    return ScorePart(
        Criterion.PRIORITY,
        PRIORITY_POINTS[priority],
        PRIORITY_MAX,
        Message(f"Prioritas kebutuhan: {label.id}.", f"Priority of the need: {label.en}."),
    )


def _poverty_part(
    need_codes: tuple[str, ...], rates: Mapping[str, Decimal], names: Mapping[str, str]
) -> ScorePart:
    found: list[tuple[Decimal, str]] = []
    for code in sorted(need_codes):
        for candidate in (code, *reversed(ancestor_codes(code))):
            if candidate in rates:
                found.append((rates[candidate], candidate))
                break
    if not found:
        return ScorePart(
            Criterion.POVERTY,
            Decimal(0),
            POVERTY_MAX,
            Message(
                "Angka kemiskinan wilayah kebutuhan tidak diketahui.",
                "The poverty rate of the need's area is not known.",
            ),
        )
    # The poorest area the need serves; on equal rates the first code in order.
    rate, area = max(found, key=lambda item: item[0])
    share = min(max(rate, Decimal(0)) / POVERTY_RATE_FOR_MAX, Decimal(1))
    points = (POVERTY_MAX * share).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    full_id = format_decimal(POVERTY_RATE_FOR_MAX, "id")
    full_en = format_decimal(POVERTY_RATE_FOR_MAX, "en")
    return ScorePart(
        Criterion.POVERTY,
        points,
        POVERTY_MAX,
        Message(
            f"Angka kemiskinan {format_decimal(rate, 'id', 2)}% di wilayah "
            f"{_place(area, names)}; "
            f"nilai penuh mulai {full_id}%.",
            f"Poverty rate {format_decimal(rate, 'en', 2)}% in area {_place(area, names)}; "
            f"full points from {full_en}%.",
        ),
    )
