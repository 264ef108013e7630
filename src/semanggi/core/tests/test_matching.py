from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from semanggi.core.matching import (
    Criterion,
    Need,
    Offer,
    Priority,
    rank_needs,
    rank_offers,
    score,
)

D = Decimal
SEMANGGI = "33.72.03.1002"  # Kelurahan Semanggi, Pasar Kliwon, Kota Surakarta, Jawa Tengah


BASE_NEED = Need("need", ("12230",), (SEMANGGI,), D(1_000), Priority.MEDIUM)
BASE_OFFER = Offer("offer", ("12230",), (SEMANGGI,), D(500), D(2_000))


def _need(**changes: Any) -> Need:
    return replace(BASE_NEED, **changes)


def _offer(**changes: Any) -> Offer:
    return replace(BASE_OFFER, **changes)


@pytest.mark.parametrize(
    ("need_sectors", "offer_sectors", "points"),
    [
        (("12230",), ("12230",), 30),  # same DAC code
        (("12230",), ("12220",), 15),  # same category 122
        (("12230",), ("122",), 30),  # the offer takes the whole category
        (("122",), ("12230",), 30),
        (("12230",), ("14030",), 0),
        (("12230", "14030"), ("14030",), 30),  # best of several
        (("12230", "14030"), ("14020", "12191"), 15),
        ((), ("12230",), 0),
        (("12230",), (), 0),
    ],
)
def test_sector_fit(
    need_sectors: tuple[str, ...], offer_sectors: tuple[str, ...], points: int
) -> None:
    part = score(_need(sectors=need_sectors), _offer(sectors=offer_sectors)).part(Criterion.SECTOR)
    assert (part.points, part.maximum) == (D(points), D(30))


@pytest.mark.parametrize(
    ("need_regions", "offer_regions", "points"),
    [
        ((SEMANGGI,), (SEMANGGI,), 30),  # same village
        ((SEMANGGI,), ("33",), 30),  # the offer prefers all of Jawa Tengah
        ((SEMANGGI,), ("33.72",), 30),  # ... or all of Kota Surakarta
        (("33.72",), (SEMANGGI,), 30),  # a city-wide need covers the offer's village
        ((SEMANGGI,), ("33.72.03.1001",), 20),  # same district, other village
        ((SEMANGGI,), ("33.72.01",), 12),  # same city, other district
        ((SEMANGGI,), ("33.11",), 5),  # same province, other regency
        ((SEMANGGI,), ("35.78",), 0),  # Surabaya, Jawa Timur
        (("35.78.01", SEMANGGI), ("33.72.03.1001",), 20),  # best of several
        (("35.78.01", SEMANGGI), ("33.11", "35.78.01.1001"), 30),
        ((), ("33",), 0),
        ((SEMANGGI,), (), 0),
    ],
)
def test_region_fit(
    need_regions: tuple[str, ...], offer_regions: tuple[str, ...], points: int
) -> None:
    part = score(_need(regions=need_regions), _offer(regions=offer_regions)).part(Criterion.REGION)
    assert (part.points, part.maximum) == (D(points), D(30))


@pytest.mark.parametrize(
    ("cost", "low", "high", "points"),
    [
        (D(1_000), D(500), D(2_000), 20),
        (D(500), D(500), D(2_000), 20),  # on the lower end
        (D(2_000), D(500), D(2_000), 20),  # on the upper end
        (D(2_500), D(500), D(2_000), 10),  # 25 % over: close
        (D(2_501), D(500), D(2_000), 0),
        (D(375), D(500), D(2_000), 10),  # 25 % under: close
        (D(374), D(500), D(2_000), 0),
        (D(100), None, D(800), 20),  # up to 800
        (D(1_001), None, D(800), 0),
        (D(100_000), D(500), None, 20),  # from 500
        (D(1), None, D(0), 0),
        (None, D(500), D(2_000), 0),  # no estimate
        (D(1_000), None, None, 0),  # no range
    ],
)
def test_budget_fit(
    cost: Decimal | None, low: Decimal | None, high: Decimal | None, points: int
) -> None:
    part = score(_need(estimated_cost=cost), _offer(budget_min=low, budget_max=high)).part(
        Criterion.BUDGET
    )
    assert (part.points, part.maximum) == (D(points), D(20))


@pytest.mark.parametrize(
    ("priority", "points"), [(Priority.HIGH, 10), (Priority.MEDIUM, 5), (Priority.LOW, 0)]
)
def test_priority(priority: Priority, points: int) -> None:
    part = score(_need(priority=priority), _offer()).part(Criterion.PRIORITY)
    assert (part.points, part.maximum) == (D(points), D(10))


@pytest.mark.parametrize(
    ("regions", "rates", "points"),
    [
        ((SEMANGGI,), {SEMANGGI: D(25)}, D(10)),
        ((SEMANGGI,), {SEMANGGI: D(20)}, D(10)),
        ((SEMANGGI,), {SEMANGGI: D(10)}, D(5)),
        ((SEMANGGI,), {"33.72": D("8.44")}, D("4.2")),  # the city's figure stands in
        ((SEMANGGI,), {SEMANGGI: D(4), "33.72": D(16)}, D(2)),  # the nearest figure wins
        ((SEMANGGI, "33.11.01.2001"), {"33.72": D(8), "33.11": D(12)}, D(6)),  # the poorest
        ((SEMANGGI,), {"35.78": D(30)}, D(0)),  # unknown here
        ((SEMANGGI,), {}, D(0)),
    ],
)
def test_poverty_rate_of_the_area(
    regions: tuple[str, ...], rates: dict[str, Decimal], points: Decimal
) -> None:
    part = score(_need(regions=regions), _offer(), rates).part(Criterion.POVERTY)
    assert (part.points, part.maximum) == (D(points), D(10))


def test_a_perfect_match_scores_the_maximum_of_one_hundred() -> None:
    match = score(_need(priority=Priority.HIGH), _offer(), {SEMANGGI: D(20)})
    assert [p.criterion for p in match.parts] == list(Criterion)
    assert (match.total, match.maximum) == (D(100), D(100))


# A bank's CSR offer for health infrastructure anywhere in Kota Surakarta.
BANK_OFFER = Offer(
    "bank-x",
    sectors=("12230",),
    regions=("33.72",),
    budget_min=D(500_000_000),
    budget_max=D(2_000_000_000),
)
RATES = {"33.72": D("8.44"), "33.72.03": D(12)}
PUSKESMAS = Need(
    "n1-puskesmas",
    ("12230",),
    (SEMANGGI,),
    D(1_500_000_000),
    Priority.HIGH,
)
EQUIPMENT = Need(
    "n2-equipment",
    ("12220",),
    ("33.72.01.1001",),
    D(2_300_000_000),
    Priority.MEDIUM,
)
WATER = Need("n3-water", ("14030",), ("33.11.01",), D(1_000_000_000), Priority.LOW)
ROAD = Need("n5-road", ("21020",), ("35.78",), None, Priority.HIGH)
CLOSED = Need("n0-closed", ("12230",), (SEMANGGI,), D(1_500_000_000), Priority.HIGH, False)


def test_needs_are_ranked_for_an_offer_with_every_part_explained() -> None:
    ranked = rank_needs(BANK_OFFER, [ROAD, WATER, CLOSED, EQUIPMENT, PUSKESMAS], RATES)
    assert [(m.need.ref, m.total) for m in ranked] == [
        ("n1-puskesmas", D(96)),  # 30 + 30 + 20 + 10 + 6 (district rate 12 %)
        ("n2-equipment", D("64.2")),  # 15 + 30 + 10 + 5 + 4.2 (city rate 8.44 %)
        ("n3-water", D(25)),  # 0 + 5 + 20 + 0 + 0
        ("n5-road", D(10)),  # 0 + 0 + 0 + 10 + 0
    ]
    best = ranked[0]
    assert [(p.criterion, int(p.points), int(p.maximum)) for p in best.parts] == [
        (Criterion.SECTOR, 30, 30),
        (Criterion.REGION, 30, 30),
        (Criterion.BUDGET, 20, 20),
        (Criterion.PRIORITY, 10, 10),
        (Criterion.POVERTY, 6, 10),
    ]
    assert best.part(Criterion.SECTOR).explanation.id == "Sektor sama: DAC 12230."
    assert best.part(Criterion.SECTOR).explanation.en == "Same sector: DAC 12230."
    region = best.part(Criterion.REGION).explanation
    assert "33.72.03.1002" in region.id and "33.72" in region.id
    assert "lies within" in region.en
    budget = best.part(Criterion.BUDGET).explanation
    assert budget.id == (
        "Perkiraan biaya Rp 1.500.000.000 berada dalam rentang tawaran "
        "(Rp 500.000.000 – Rp 2.000.000.000)."
    )
    assert best.part(Criterion.PRIORITY).explanation.en == "Priority of the need: high."
    poverty = best.part(Criterion.POVERTY).explanation
    assert poverty.id == "Angka kemiskinan 12% di wilayah 33.72.03; nilai penuh mulai 20%."
    assert poverty.en == "Poverty rate 12% in area 33.72.03; full points from 20%."

    second = ranked[1]
    assert second.part(Criterion.SECTOR).explanation.en == (
        "Same sector category (122): need 12220, offer 12230."
    )
    assert second.part(Criterion.BUDGET).explanation.en == (
        "The estimated cost Rp 2.300.000.000 exceeds the offer's range "
        "(Rp 500.000.000 – Rp 2.000.000.000) by 15%. Still close (at most 25% apart)."
    )
    assert "kabupaten/kota" not in ranked[2].part(Criterion.REGION).explanation.id
    assert "provinsi yang sama: 33." in ranked[2].part(Criterion.REGION).explanation.id
    assert "different provinces" in ranked[3].part(Criterion.REGION).explanation.en
    assert "no cost estimate" in ranked[3].part(Criterion.BUDGET).explanation.en


def test_offers_are_ranked_for_a_need_and_closed_offers_left_out() -> None:
    province_wide = Offer("b-province", ("122",), ("33",), None, D(1_000_000_000))
    elsewhere = Offer("c-elsewhere", ("12230",), ("35",), D(1_000_000_000), D(3_000_000_000))
    withdrawn = Offer("a-withdrawn", ("12230",), (SEMANGGI,), is_open=False)
    ranked = rank_offers(PUSKESMAS, [elsewhere, withdrawn, province_wide, BANK_OFFER], RATES)
    assert [(m.offer.ref, m.total) for m in ranked] == [
        ("bank-x", D(96)),
        ("b-province", D(76)),  # 30 + 30 + 0 (50 % over its ceiling) + 10 + 6
        ("c-elsewhere", D(66)),  # 30 + 0 + 20 + 10 + 6
    ]


def test_equal_scores_keep_a_stable_order_by_reference() -> None:
    twins = [_need(ref=ref) for ref in ("c", "a", "b")]
    assert [m.need.ref for m in rank_needs(_offer(), twins)] == ["a", "b", "c"]


def test_explanations_name_the_regions_when_names_are_given() -> None:
    need = Need("n", ("12230",), ("33.72.03.1002",), None, Priority.HIGH)
    offer = Offer("o", ("12230",), ("33.72.04",), None, None)
    names = {"33.72.03.1002": "Semanggi", "33.72.04": "Jebres", "33.72": "Kota Surakarta"}
    match = score(need, offer, {"33.72": Decimal(9)}, names)
    region = match.part(Criterion.REGION).explanation
    assert region.en == (
        "Need Semanggi (33.72.03.1002) and offer Jebres (33.72.04) lie in the same "
        "regency/city: Kota Surakarta (33.72)."
    )
    assert "Kota Surakarta (33.72)" in match.part(Criterion.POVERTY).explanation.id
    unnamed = score(need, offer).part(Criterion.REGION).explanation
    assert "Need 33.72.03.1002 and offer 33.72.04" in unnamed.en
