"""Variance flags: where a partnership departs from its plan, as red, amber or green.

Each function takes plain records and the date to judge on, and returns a ``Flag`` whatever
the level, so that a page can show green items with their reasons too. The thresholds are
Semanggi's own operationalisation (named constants below), not a published standard; each
reason states the numbers it was decided on.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from semanggi.core.money import format_rupiah
from semanggi.core.text import Message, format_day

# Days after an activity's planned end during which it is amber rather than red.
ACTIVITY_GRACE_DAYS = 7
# Spending above this share of a budget line is amber (above the whole line: red).
SPENDING_AMBER_SHARE = Decimal("0.9")
# Days after a commitment's due date during which a shortfall is amber rather than red: a
# transfer between a company and a regional treasury takes some days to arrive and be booked.
DISBURSEMENT_GRACE_DAYS = 14
# Share of the way from baseline to target below which an indicator is red, then amber.
INDICATOR_RED_SHARE = Decimal("0.5")
INDICATOR_AMBER_SHARE = Decimal("0.9")
# Days without a progress update before it is overdue (amber); twice as long is red.
UPDATE_MAX_DAYS = 30

_HUNDRED = Decimal(100)


class Level(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Level.GREEN: 0, Level.AMBER: 1, Level.RED: 2}


class FlagKind(StrEnum):
    ACTIVITY_LATE = "activity_late"
    SPENDING_OVER_BUDGET = "spending_over_budget"
    DISBURSEMENT_BEHIND = "disbursement_behind"
    INDICATOR_BEHIND = "indicator_behind"
    UPDATE_OVERDUE = "update_overdue"
    SPENDING_BEYOND_DISBURSEMENT = "spending_beyond_disbursement"


@dataclass(frozen=True)
class Flag:
    """The level of one variance, for the record named by ``subject``, and why."""

    kind: FlagKind
    level: Level
    subject: str
    reason: Message


def worst(flags: Iterable[Flag]) -> Level:
    """The most severe level among ``flags``; green when there are none."""
    return max(
        (flag.level for flag in flags), key=lambda level: level.severity, default=Level.GREEN
    )


# --- Activities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityProgress:
    ref: str
    planned_end: date
    percent_complete: Decimal
    planned_start: date | None = None
    actual_end: date | None = None


def activity_flag(
    activity: ActivityProgress, today: date, grace_days: int = ACTIVITY_GRACE_DAYS
) -> Flag:
    """Is the activity late against its plan?

    Complete (100 %) or with a recorded actual end: green, since the work is over whatever
    its last reported percentage says. Past its planned end by more than ``grace_days``: red;
    past it by ``grace_days`` or fewer: amber. Not yet past its end: amber when progress is
    behind the straight line from planned start (0 %) to planned end (100 %), otherwise green;
    without a planned start there is no line to compare with, so green.
    """
    done = Decimal(activity.percent_complete)
    end = activity.planned_end
    start = activity.planned_start
    pct_id, pct_en = _percent(done)

    def flag(level: Level, reason: Message) -> Flag:
        return Flag(FlagKind.ACTIVITY_LATE, level, activity.ref, reason)

    if activity.actual_end is not None:
        return flag(
            Level.GREEN,
            Message(
                f"Kegiatan selesai pada {format_day(activity.actual_end, 'id')}; rencana "
                f"selesai {format_day(end, 'id')}.",
                f"Activity finished on {format_day(activity.actual_end, 'en')}; planned end "
                f"{format_day(end, 'en')}.",
            ),
        )
    if done >= _HUNDRED:
        return flag(
            Level.GREEN,
            Message(
                f"Kegiatan selesai (100%); rencana selesai {format_day(end, 'id')}.",
                f"Activity complete (100%); planned end {format_day(end, 'en')}.",
            ),
        )
    late = (today - end).days
    if late > 0:
        level = Level.RED if late > grace_days else Level.AMBER
        return flag(
            level,
            Message(
                f"Terlambat {late} hari dari rencana selesai {format_day(end, 'id')}, baru "
                f"{pct_id} selesai (toleransi {grace_days} hari).",
                f"{late} day(s) past the planned end {format_day(end, 'en')}, only {pct_en} "
                f"complete (grace period {grace_days} days).",
            ),
        )
    if start is None or today < start:
        return flag(
            Level.GREEN,
            Message(
                f"{pct_id} selesai; rencana selesai {format_day(end, 'id')}.",
                f"{pct_en} complete; planned end {format_day(end, 'en')}.",
            ),
        )
    span = (end - start).days
    expected = _HUNDRED if span <= 0 else _HUNDRED * (today - start).days / span
    exp_id, exp_en = _percent(expected)
    if done < expected:
        return flag(
            Level.AMBER,
            Message(
                f"Kemajuan {pct_id} di bawah perkiraan garis lurus {exp_id} per "
                f"{format_day(today, 'id')} (rencana {format_day(start, 'id')} s.d. "
                f"{format_day(end, 'id')}).",
                f"Progress {pct_en} is behind the straight-line expectation of {exp_en} on "
                f"{format_day(today, 'en')} (planned {format_day(start, 'en')} to "
                f"{format_day(end, 'en')}).",
            ),
        )
    return flag(
        Level.GREEN,
        Message(
            f"Kemajuan {pct_id} sesuai atau di atas perkiraan {exp_id} per "
            f"{format_day(today, 'id')}.",
            f"Progress {pct_en} is on or ahead of the expected {exp_en} on "
            f"{format_day(today, 'en')}.",
        ),
    )


# --- Money -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetLine:
    ref: str
    budget: Decimal
    spent: Decimal


def spending_flag(line: BudgetLine) -> Flag:
    """Is spending over its budget line? Above the line: red; above 90 % of it: amber."""
    budget, spent = line.budget, line.spent
    money = f"{format_rupiah(spent)} / {format_rupiah(budget)}"
    if budget > 0:
        share_id, share_en = _percent(_HUNDRED * spent / budget)
        used = Message(f"{money} ({share_id})", f"{money} ({share_en})")
    else:
        used = Message(money, money)
    if spent > budget:
        level = Level.RED
        reason = Message(
            f"Belanja melampaui pagu: {used.id}, lebih {format_rupiah(spent - budget)}.",
            f"Spending exceeds the budget line: {used.en}, over by "
            f"{format_rupiah(spent - budget)}.",
        )
    elif spent > budget * SPENDING_AMBER_SHARE:
        level = Level.AMBER
        limit_id, limit_en = _percent(_HUNDRED * SPENDING_AMBER_SHARE)
        reason = Message(
            f"Belanja mendekati pagu: {used.id}, di atas {limit_id}.",
            f"Spending is close to the budget line: {used.en}, above {limit_en}.",
        )
    else:
        level = Level.GREEN
        reason = Message(f"Belanja dalam pagu: {used.id}.", f"Spending within budget: {used.en}.")
    return Flag(FlagKind.SPENDING_OVER_BUDGET, level, line.ref, reason)


@dataclass(frozen=True)
class Commitment:
    ref: str
    committed: Decimal
    disbursed: Decimal
    due: date


def disbursement_flag(
    commitment: Commitment, today: date, grace_days: int = DISBURSEMENT_GRACE_DAYS
) -> Flag:
    """Is disbursement behind what was committed?

    Fully disbursed, or not yet past the due date: green. Past the due date with a shortfall:
    amber for ``grace_days`` days, red after.
    """
    committed, disbursed, due = commitment.committed, commitment.disbursed, commitment.due
    money = f"{format_rupiah(disbursed)} / {format_rupiah(committed)}"
    overdue = (today - due).days
    if disbursed >= committed:
        level = Level.GREEN
        reason = Message(
            f"Komitmen telah dicairkan penuh: {money}.", f"Commitment fully disbursed: {money}."
        )
    elif overdue <= 0:
        level = Level.GREEN
        reason = Message(
            f"Dicairkan {money}; jatuh tempo {format_day(due, 'id')}.",
            f"Disbursed {money}; due {format_day(due, 'en')}.",
        )
    else:
        level = Level.RED if overdue > grace_days else Level.AMBER
        gap = format_rupiah(committed - disbursed)
        reason = Message(
            f"Pencairan tertinggal {overdue} hari setelah jatuh tempo {format_day(due, 'id')}: "
            f"{money}, kurang {gap} (toleransi {grace_days} hari).",
            f"Disbursement {overdue} day(s) past the due date {format_day(due, 'en')}: {money}, "
            f"short by {gap} (grace period {grace_days} days).",
        )
    return Flag(FlagKind.DISBURSEMENT_BEHIND, level, commitment.ref, reason)


@dataclass(frozen=True)
class MoneyMoved:
    """What one party received as disbursements from the other parties, and what it spent."""

    ref: str
    received: Decimal
    spent: Decimal


def spending_beyond_disbursement_flag(money: MoneyMoved) -> Flag:
    """Did a party spend more than was disbursed to it? Then a disbursement is missing from
    the records, or money was spent that the partners never transferred: red, with the gap.
    A party that received nothing spends its own money (a company building with its CSR
    funds): green, as is spending within what was received."""
    received, spent = money.received, money.spent
    amounts = f"{format_rupiah(spent)} / {format_rupiah(received)}"
    if received > 0 and spent > received:
        gap = format_rupiah(spent - received)
        return Flag(
            FlagKind.SPENDING_BEYOND_DISBURSEMENT,
            Level.RED,
            money.ref,
            Message(
                f"Belanja melebihi dana yang dicairkan kepadanya: {amounts}, lebih {gap}. "
                f"Catat pencairannya atau periksa belanjanya.",
                f"Spending exceeds the money disbursed to it: {amounts}, over by {gap}. "
                f"Record the disbursement or check the spending.",
            ),
        )
    if received == 0:
        reason = Message(
            f"Belanja dari dana sendiri ({format_rupiah(spent)}): tidak ada pencairan yang "
            f"diterima.",
            f"Spending of its own money ({format_rupiah(spent)}): no disbursement received.",
        )
    else:
        reason = Message(
            f"Belanja dalam batas dana yang dicairkan: {amounts}.",
            f"Spending within the money disbursed: {amounts}.",
        )
    return Flag(FlagKind.SPENDING_BEYOND_DISBURSEMENT, Level.GREEN, money.ref, reason)


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorPeriod:
    """A measured result of one indicator for one period. The target may lie below the
    baseline (an indicator meant to fall, such as a stunting rate)."""

    ref: str
    baseline: Decimal
    target: Decimal
    actual: Decimal


def indicator_flag(period: IndicatorPeriod) -> Flag:
    """How far has the indicator gone from its baseline towards its target?

    Less than half the way: red; less than 90 % of it: amber; otherwise green (going beyond
    the target is green). When target and baseline are equal there is no way to measure:
    green when the actual value holds that level, amber otherwise.
    """
    baseline, target, actual = period.baseline, period.target, period.actual
    numbers_id = ", ".join(
        f"{label} {format_decimal(value, 'id', 2)}"
        for label, value in (("capaian", actual), ("target", target), ("baseline", baseline))
    )
    numbers_en = ", ".join(
        f"{label} {format_decimal(value, 'en', 2)}"
        for label, value in (("actual", actual), ("target", target), ("baseline", baseline))
    )
    if target == baseline:
        level = Level.GREEN if actual == target else Level.AMBER
        reason = Message(
            f"Target sama dengan baseline, sehingga kemajuan tidak dapat diukur ({numbers_id}).",
            f"The target equals the baseline, so progress cannot be measured ({numbers_en}).",
        )
        return Flag(FlagKind.INDICATOR_BEHIND, level, period.ref, reason)
    share = (actual - baseline) / (target - baseline)
    way_id, way_en = _percent(_HUNDRED * share)
    if share < INDICATOR_RED_SHARE:
        level = Level.RED
    elif share < INDICATOR_AMBER_SHARE:
        level = Level.AMBER
    else:
        level = Level.GREEN
    reason = Message(
        f"Tercapai {way_id} dari jarak baseline ke target ({numbers_id}).",
        f"{way_en} of the way from baseline to target ({numbers_en}).",
    )
    return Flag(FlagKind.INDICATOR_BEHIND, level, period.ref, reason)


# --- Reporting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportingRecord:
    """When progress updates became due (``since``, e.g. the start of Actuating) and when the
    last one was made."""

    ref: str
    since: date
    last_update: date | None = None


def update_flag(record: ReportingRecord, today: date, max_days: int = UPDATE_MAX_DAYS) -> Flag:
    """Is a progress update overdue?

    Days are counted from the last update, or from ``since`` when there has been none.
    Up to ``max_days`` days: green; more: amber; more than twice ``max_days``: red.
    """
    last = record.last_update
    anchor = last or record.since
    days = (today - anchor).days
    if days > 2 * max_days:
        level = Level.RED
    elif days > max_days:
        level = Level.AMBER
    else:
        level = Level.GREEN
    if last is None:
        reason = Message(
            f"Belum ada laporan kemajuan sejak {format_day(anchor, 'id')} ({days} hari; batas "
            f"{max_days} hari).",
            f"No progress update since {format_day(anchor, 'en')} ({days} days; limit "
            f"{max_days} days).",
        )
    else:
        reason = Message(
            f"Laporan kemajuan terakhir {format_day(anchor, 'id')}, {days} hari lalu (batas "
            f"{max_days} hari).",
            f"Last progress update on {format_day(anchor, 'en')}, {days} days ago (limit "
            f"{max_days} days).",
        )
    return Flag(FlagKind.UPDATE_OVERDUE, level, record.ref, reason)


# --- Numbers as each language writes them ----------------------------------------------------


def format_decimal(value: Decimal | int, lang: str, places: int = 1) -> str:
    """``1.234,5`` in Indonesian (``lang="id"``), ``1,234.5`` in English; rounded half up to
    ``places`` decimals, trailing zeros dropped."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    text = f"{rounded:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "id":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def _percent(value: Decimal) -> tuple[str, str]:
    return f"{format_decimal(value, 'id')}%", f"{format_decimal(value, 'en')}%"
