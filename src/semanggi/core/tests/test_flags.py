from datetime import date, timedelta
from decimal import Decimal

import pytest

from semanggi.core import flags
from semanggi.core.flags import (
    ActivityProgress,
    BudgetLine,
    Commitment,
    Flag,
    FlagKind,
    IndicatorPeriod,
    Level,
    ReportingRecord,
    activity_flag,
    disbursement_flag,
    format_decimal,
    indicator_flag,
    spending_flag,
    update_flag,
    worst,
)

G, A, R = Level.GREEN, Level.AMBER, Level.RED
START = date(2025, 1, 1)
END = date(2025, 1, 11)  # ten days: the straight line gains 10 % a day
D = Decimal


def _day(offset: int) -> date:
    return START + timedelta(days=offset)


@pytest.mark.parametrize(
    ("today", "done", "start", "level"),
    [
        (_day(-3), D(0), START, G),  # not started
        (_day(0), D(0), START, G),  # first day, nothing expected yet
        (_day(5), D(50), START, G),  # on the line
        (_day(5), D("49.9"), START, A),  # just behind the line
        (_day(5), D(0), None, G),  # no start, no line
        (_day(10), D(99), START, A),  # on the planned end, not finished
        (_day(10), D(100), START, G),
        (_day(11), D(99), START, A),  # one day late, within the 7-day grace period
        (_day(17), D(99), START, A),  # seven days late: last day of grace
        (_day(18), D(99), START, R),  # eight days late
        (_day(18), D(100), START, G),  # late but done
        (_day(40), D(120), None, G),
    ],
)
def test_activity_is_late_against_its_plan(
    today: date, done: Decimal, start: date | None, level: Level
) -> None:
    flag = activity_flag(ActivityProgress("act-1", END, done, start), today)
    assert (flag.kind, flag.level, flag.subject) == (FlagKind.ACTIVITY_LATE, level, "act-1")


def test_activity_grace_period_is_a_parameter() -> None:
    late_one_day = ActivityProgress("act-1", END, D(80), START)
    assert activity_flag(late_one_day, _day(11), grace_days=0).level is R
    assert activity_flag(late_one_day, _day(11), grace_days=1).level is A


def test_activity_reasons_carry_the_numbers() -> None:
    late = activity_flag(ActivityProgress("a", END, D("62.5"), START), _day(20))
    assert "Terlambat 10 hari" in late.reason.id and "62,5%" in late.reason.id
    assert "10 day(s) past the planned end 11 Jan 2025" in late.reason.en
    assert "62.5%" in late.reason.en
    behind = activity_flag(ActivityProgress("a", END, D(20), START), _day(3))
    assert "20%" in behind.reason.id and "30%" in behind.reason.id
    assert "behind the straight-line expectation of 30%" in behind.reason.en


@pytest.mark.parametrize(
    ("budget", "spent", "level"),
    [
        (D(1000), D(0), G),
        (D(1000), D(900), G),  # exactly 90 %: not yet amber
        (D(1000), D("900.01"), A),
        (D(1000), D(1000), A),  # the whole line, not over it
        (D(1000), D("1000.01"), R),
        (D(0), D(0), G),
        (D(0), D(1), R),
    ],
)
def test_spending_against_its_budget_line(budget: Decimal, spent: Decimal, level: Level) -> None:
    flag = spending_flag(BudgetLine("line-7", budget, spent))
    assert (flag.kind, flag.level, flag.subject) == (FlagKind.SPENDING_OVER_BUDGET, level, "line-7")


def test_overspending_reason_gives_amounts_in_rupiah() -> None:
    flag = spending_flag(BudgetLine("b", D(1_500_000_000), D(1_650_000_000)))
    assert "Rp 1.650.000.000 / Rp 1.500.000.000 (110%)" in flag.reason.id
    assert "lebih Rp 150.000.000" in flag.reason.id
    assert "over by Rp 150.000.000" in flag.reason.en


DUE = date(2025, 3, 1)


@pytest.mark.parametrize(
    ("committed", "disbursed", "today", "level"),
    [
        (D(100), D(0), DUE, G),  # due today: not yet behind
        (D(100), D(100), DUE + timedelta(days=90), G),
        (D(100), D(120), DUE + timedelta(days=90), G),
        (D(100), D(99), DUE + timedelta(days=1), A),
        (D(100), D(0), DUE + timedelta(days=14), A),  # last day of grace
        (D(100), D(0), DUE + timedelta(days=15), R),
    ],
)
def test_disbursement_behind_commitment(
    committed: Decimal, disbursed: Decimal, today: date, level: Level
) -> None:
    flag = disbursement_flag(Commitment("c-1", committed, disbursed, DUE), today)
    assert (flag.kind, flag.level, flag.subject) == (FlagKind.DISBURSEMENT_BEHIND, level, "c-1")


def test_disbursement_reason_gives_the_shortfall() -> None:
    flag = disbursement_flag(Commitment("c", D(500_000), D(200_000), DUE), date(2025, 4, 1))
    assert flag.level is R
    assert "31 hari" in flag.reason.id and "kurang Rp 300.000" in flag.reason.id
    assert "31 day(s)" in flag.reason.en and "short by Rp 300.000" in flag.reason.en


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "level"),
    [
        (D(20), D(120), D(20), R),  # nowhere yet
        (D(20), D(120), D("69.99"), R),
        (D(20), D(120), D(70), A),  # exactly half way
        (D(20), D(120), D("109.99"), A),
        (D(20), D(120), D(110), G),  # exactly 90 % of the way
        (D(20), D(120), D(150), G),  # beyond the target
        (D(20), D(120), D(10), R),  # went backwards
        # an indicator meant to fall: stunting from 30 % to 20 %
        (D(30), D(20), D(26), R),
        (D(30), D(20), D(25), A),
        (D(30), D(20), D(21), G),
        (D(30), D(20), D(35), R),
        # nothing to measure against
        (D(50), D(50), D(50), G),
        (D(50), D(50), D(49), A),
    ],
)
def test_indicator_against_its_target(
    baseline: Decimal, target: Decimal, actual: Decimal, level: Level
) -> None:
    flag = indicator_flag(IndicatorPeriod("ind-2", baseline, target, actual))
    assert (flag.kind, flag.level, flag.subject) == (FlagKind.INDICATOR_BEHIND, level, "ind-2")


def test_indicator_reason_gives_share_of_the_way_and_the_numbers() -> None:
    flag = indicator_flag(IndicatorPeriod("i", D("1.5"), D("3.5"), D("2.25")))
    assert flag.reason.id == (
        "Tercapai 37,5% dari jarak baseline ke target (capaian 2,25, target 3,5, baseline 1,5)."
    )
    assert flag.reason.en == (
        "37.5% of the way from baseline to target (actual 2.25, target 3.5, baseline 1.5)."
    )


@pytest.mark.parametrize(
    ("last", "today", "max_days", "level"),
    [
        (date(2025, 5, 1), date(2025, 5, 31), 30, G),  # 30 days: still on time
        (date(2025, 5, 1), date(2025, 6, 1), 30, A),  # 31 days
        (date(2025, 5, 1), date(2025, 6, 30), 30, A),  # 60 days
        (date(2025, 5, 1), date(2025, 7, 1), 30, R),  # 61 days
        (None, date(2025, 1, 31), 30, G),  # counted from `since`
        (None, date(2025, 2, 1), 30, A),
        (None, date(2025, 3, 3), 30, R),
        (date(2025, 5, 1), date(2025, 5, 9), 7, A),
        (date(2025, 5, 1), date(2025, 5, 16), 7, R),
    ],
)
def test_progress_update_overdue(
    last: date | None, today: date, max_days: int, level: Level
) -> None:
    record = ReportingRecord("p-1", since=date(2025, 1, 1), last_update=last)
    flag = update_flag(record, today, max_days)
    assert (flag.kind, flag.level, flag.subject) == (FlagKind.UPDATE_OVERDUE, level, "p-1")


def test_update_reason_says_whether_there_was_ever_an_update() -> None:
    never = update_flag(ReportingRecord("p", since=date(2025, 1, 1)), date(2025, 3, 1))
    assert never.reason.id.startswith("Belum ada laporan kemajuan sejak 1 Jan 2025 (59 hari")
    assert never.reason.en.startswith("No progress update since 1 Jan 2025 (59 days")
    once = update_flag(ReportingRecord("p", date(2025, 1, 1), date(2025, 2, 1)), date(2025, 3, 1))
    assert "28 hari lalu" in once.reason.id and "28 days ago" in once.reason.en


def _flag(level: Level) -> Flag:
    return spending_flag(BudgetLine("x", D(100), {G: D(1), A: D(95), R: D(101)}[level]))


@pytest.mark.parametrize(
    ("levels", "expected"),
    [([], G), ([G, G], G), ([G, A, G], A), ([A, R, G], R), ([R], R)],
)
def test_worst_level_wins(levels: list[Level], expected: Level) -> None:
    assert worst(_flag(level) for level in levels) is expected


@pytest.mark.parametrize(
    ("value", "places", "id_text", "en_text"),
    [
        (D("1234.56"), 1, "1.234,6", "1,234.6"),
        (D("100.00"), 1, "100", "100"),
        (D("0.25"), 2, "0,25", "0.25"),
        (D("-0.04"), 1, "0", "0"),
        (1500000, 1, "1.500.000", "1,500,000"),
    ],
)
def test_numbers_are_written_as_each_language_writes_them(
    value: Decimal | int, places: int, id_text: str, en_text: str
) -> None:
    assert format_decimal(value, "id", places) == id_text
    assert format_decimal(value, "en", places) == en_text


def test_an_activity_with_an_actual_end_is_finished_whatever_its_percentage() -> None:
    finished = flags.activity_flag(
        flags.ActivityProgress(
            "activity:1", date(2025, 1, 1), Decimal(60), date(2024, 6, 1), date(2025, 3, 1)
        ),
        today=date(2025, 6, 1),
    )
    assert finished.level is flags.Level.GREEN
    assert "finished on 1 Mar 2025" in finished.reason.en
    assert "selesai pada 1 Mar 2025" in finished.reason.id
    open_ = flags.activity_flag(
        flags.ActivityProgress("activity:1", date(2025, 1, 1), Decimal(60), date(2024, 6, 1)),
        today=date(2025, 6, 1),
    )
    assert open_.level is flags.Level.RED


@pytest.mark.parametrize(
    ("received", "spent", "level"),
    [
        (Decimal(100), Decimal(0), flags.Level.GREEN),
        (Decimal(100), Decimal(100), flags.Level.GREEN),
        (Decimal(100), Decimal("100.01"), flags.Level.RED),
        # Nothing received: the party spends its own money (a bank building with CSR funds).
        (Decimal(0), Decimal(5), flags.Level.GREEN),
    ],
)
def test_spending_beyond_what_was_disbursed_to_a_party_is_red(
    received: Decimal, spent: Decimal, level: flags.Level
) -> None:
    flag = flags.spending_beyond_disbursement_flag(flags.MoneyMoved("spending:1", received, spent))
    assert flag.level is level
    assert flag.kind is flags.FlagKind.SPENDING_BEYOND_DISBURSEMENT
    if level is flags.Level.RED:
        assert "over by" in flag.reason.en and "lebih" in flag.reason.id
