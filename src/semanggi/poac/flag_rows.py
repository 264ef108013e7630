"""The variance flags of partnerships from plain rows: the one computation behind
``partnership_flags`` (rows read in sets, for many partnerships) and the partnership page
(rows taken from the records the page has already read, no query)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from semanggi.core import flags as core_flags
from semanggi.core.lifecycle import Phase
from semanggi.poac.models import TransactionType

DISBURSEMENT = TransactionType.DISBURSEMENT
EXPENDITURE = TransactionType.EXPENDITURE


@dataclass(frozen=True)
class ActivityRow:
    pk: int
    partnership_id: int
    planned_start: date | None
    planned_end: date
    actual_start: date | None
    actual_end: date | None
    percent_complete: int
    last_update_on: date | None


@dataclass(frozen=True)
class LineRow:
    pk: int
    partnership_id: int
    amount: Decimal
    spent: Decimal  # expenditures booked against the line


@dataclass(frozen=True)
class CommitmentRow:
    """What one provider committed and disbursed in one partnership (None: nothing)."""

    partnership_id: int
    provider_id: int
    committed: Decimal | None
    disbursed: Decimal | None
    due: date | None  # the latest due date of its commitments


@dataclass(frozen=True)
class MovedRow:
    """Money disbursed or spent, added up by type, provider and receiver."""

    partnership_id: int
    type: str
    provider_id: int | None
    receiver_id: int | None
    total: Decimal


@dataclass(frozen=True)
class PeriodRow:
    pk: int
    partnership_id: int
    baseline: Decimal
    target: Decimal
    actual: Decimal


@dataclass(frozen=True)
class FlagRows:
    partnership_ids: list[int]
    phases: dict[int, str]
    activities: list[ActivityRow]
    lines: list[LineRow]
    commitments: list[CommitmentRow]
    moved: list[MovedRow]
    periods: list[PeriodRow]


def flags_from_rows(rows: FlagRows, today: date) -> dict[int, list[core_flags.Flag]]:
    """The flags of each partnership of ``rows`` (none for a closed one: its records are
    final); rows of partnerships that are closed or not asked for are ignored."""
    result: dict[int, list[core_flags.Flag]] = {pk: [] for pk in rows.partnership_ids}
    live = {pk for pk in rows.partnership_ids if rows.phases.get(pk) != Phase.CLOSED}
    for a in rows.activities:
        if a.partnership_id not in live:
            continue
        result[a.partnership_id].append(
            core_flags.activity_flag(
                core_flags.ActivityProgress(
                    f"activity:{a.pk}",
                    a.planned_end,
                    Decimal(a.percent_complete),
                    a.planned_start,
                    a.actual_end,
                ),
                today,
            )
        )
        started = a.actual_start or a.planned_start
        reporting = rows.phases[a.partnership_id] in (Phase.ACTUATING, Phase.CONTROLLING)
        finished = a.percent_complete >= 100 or a.actual_end is not None
        if reporting and not finished and started and started <= today:
            result[a.partnership_id].append(
                core_flags.update_flag(
                    core_flags.ReportingRecord(f"activity:{a.pk}", started, a.last_update_on),
                    today,
                )
            )
    for line in rows.lines:
        if line.partnership_id in live:
            result[line.partnership_id].append(
                core_flags.spending_flag(
                    core_flags.BudgetLine(f"budget-line:{line.pk}", line.amount, line.spent)
                )
            )
    for row in rows.commitments:
        if row.partnership_id in live and row.committed and row.due:
            result[row.partnership_id].append(
                core_flags.disbursement_flag(
                    core_flags.Commitment(
                        f"party:{row.provider_id}",
                        row.committed,
                        row.disbursed or Decimal(0),
                        row.due,
                    ),
                    today,
                )
            )
    received: dict[tuple[int, int], Decimal] = {}
    spent: dict[tuple[int, int], Decimal] = {}
    for moved in rows.moved:
        if moved.partnership_id not in live:
            continue
        if moved.type == DISBURSEMENT and moved.receiver_id:
            key = (moved.partnership_id, moved.receiver_id)
            received[key] = received.get(key, Decimal(0)) + moved.total
        elif moved.type == EXPENDITURE and moved.provider_id:
            key = (moved.partnership_id, moved.provider_id)
            spent[key] = spent.get(key, Decimal(0)) + moved.total
    for (partnership_id, party_id), amount in sorted(spent.items()):
        result[partnership_id].append(
            core_flags.spending_beyond_disbursement_flag(
                core_flags.MoneyMoved(
                    f"spending:{party_id}",
                    received.get((partnership_id, party_id), Decimal(0)),
                    amount,
                )
            )
        )
    for period in rows.periods:
        if period.partnership_id in live:
            result[period.partnership_id].append(
                core_flags.indicator_flag(
                    core_flags.IndicatorPeriod(
                        f"indicator-period:{period.pk}",
                        period.baseline,
                        period.target,
                        period.actual,
                    )
                )
            )
    return result
