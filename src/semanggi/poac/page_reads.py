"""What the partnership page derives from the records it has already read
(``management_records`` and the prefetched parties), without reading them again: the
variance flags and the names of their subjects. The same answers as ``partnership_flags``
and ``flag_subjects`` (a test compares them), without their ten queries."""

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from semanggi.core import flags as core_flags
from semanggi.partnerships.models import Partnership, Party
from semanggi.poac.flag_rows import (
    DISBURSEMENT,
    EXPENDITURE,
    ActivityRow,
    CommitmentRow,
    FlagRows,
    LineRow,
    MovedRow,
    PeriodRow,
    flags_from_rows,
)
from semanggi.poac.models import TransactionType
from semanggi.poac.selectors import FlagSubject, ManagementRecords


def flags_from_records(
    partnership: Partnership, records: ManagementRecords, today: date
) -> list[core_flags.Flag]:
    """The variance flags of ``partnership`` from its loaded records."""
    pk = partnership.pk
    lines = sorted(
        (line for a in records.activities for line in a.budget_lines.all()),
        key=lambda line: (line.activity_id, line.pk),
    )
    spent_on: dict[int, Decimal] = {}
    providers: set[int] = set()
    committed: dict[int, Decimal] = {}
    disbursed: dict[int, Decimal] = {}
    due: dict[int, date] = {}
    moved: dict[tuple[str, int | None, int | None], Decimal] = {}
    for t in records.transactions:
        if t.type == EXPENDITURE and t.budget_line_id is not None:
            spent_on[t.budget_line_id] = spent_on.get(t.budget_line_id, Decimal(0)) + t.amount
        provider = t.provider_id
        if provider is not None:
            providers.add(provider)
            if t.type == TransactionType.OUTGOING_COMMITMENT:
                committed[provider] = committed.get(provider, Decimal(0)) + t.amount
                if t.due_on is not None and (provider not in due or t.due_on > due[provider]):
                    due[provider] = t.due_on
            elif t.type == DISBURSEMENT:
                disbursed[provider] = disbursed.get(provider, Decimal(0)) + t.amount
        if t.type in (DISBURSEMENT, EXPENDITURE):
            key = (t.type, t.provider_id, t.receiver_id)
            moved[key] = moved.get(key, Decimal(0)) + t.amount
    periods = sorted(
        (
            (indicator, period)
            for indicator in records.indicators
            for period in indicator.periods.all()
            if period.actual is not None
        ),
        key=lambda row: (row[1].indicator_id, row[1].period_start),
    )
    rows = FlagRows(
        partnership_ids=[pk],
        phases={pk: partnership.phase},
        activities=[
            ActivityRow(
                a.pk,
                pk,
                a.planned_start,
                a.planned_end,
                a.actual_start,
                a.actual_end,
                a.percent_complete,
                a.last_update_on,
            )
            for a in records.activities
        ],
        lines=[
            LineRow(line.pk, pk, line.amount, spent_on.get(line.pk, Decimal(0))) for line in lines
        ],
        commitments=[
            CommitmentRow(pk, p, committed.get(p), disbursed.get(p), due.get(p))
            for p in sorted(providers)
        ],
        moved=[
            MovedRow(pk, kind, provider, receiver, total)
            for (kind, provider, receiver), total in moved.items()
        ],
        periods=[
            PeriodRow(period.pk, pk, indicator.baseline, period.target, period.actual)
            for indicator, period in periods
        ],
    )
    return flags_from_rows(rows, today)[pk]


def subjects_from_records(
    refs: set[str], records: ManagementRecords, parties: list[Party]
) -> dict[str, FlagSubject]:
    """Names for the subjects of flags (as ``flag_subjects``), from the loaded records; a
    subject no longer among them (a deleted activity answered by a corrective action) has
    no name, as there."""
    subjects: dict[str, FlagSubject] = {}
    for a in records.activities:
        subjects[f"activity:{a.pk}"] = FlagSubject(
            _("Activity: %(name)s") % {"name": a.localized("title")}, f"activity-{a.pk}"
        )
        for line in a.budget_lines.all():
            subjects[f"budget-line:{line.pk}"] = FlagSubject(
                _("Budget line: %(name)s (%(party)s, %(activity)s)")
                % {
                    "name": line.description or a.localized("title"),
                    "party": line.party.organisation.name,
                    "activity": a.localized("title"),
                },
                f"activity-{a.pk}",
            )
    for party in parties:
        name = party.organisation.name
        subjects[f"party:{party.pk}"] = FlagSubject(
            _("Commitment of %(party)s") % {"party": name}, f"party-{party.pk}"
        )
        subjects[f"spending:{party.pk}"] = FlagSubject(
            _("Spending of %(party)s") % {"party": name}, "transactions"
        )
    for indicator in records.indicators:
        for period in indicator.periods.all():
            subjects[f"indicator-period:{period.pk}"] = FlagSubject(
                _("Indicator: %(name)s, %(start)s – %(end)s")
                % {
                    "name": indicator.localized("name"),
                    "start": date_format(period.period_start, "j M Y"),
                    "end": date_format(period.period_end, "j M Y"),
                },
                f"indicator-{indicator.pk}",
            )
    return {ref: subjects[ref] for ref in refs if ref in subjects}
