"""Reads for the management records: the lifecycle snapshot the gates need, the variance
flags, and the records a partnership page shows, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from semanggi.core import flags as core_flags
from semanggi.core.lifecycle import (
    ActivityRecord,
    Assignment,
    Gate,
    LifecycleSnapshot,
    PartyRecord,
    Phase,
    Raci,
    gate,
    next_phase,
)
from semanggi.partnerships.models import (
    Agreement,
    Contribution,
    ContributionKind,
    Objective,
    Partnership,
    Party,
)
from semanggi.poac.flag_rows import (
    ActivityRow,
    CommitmentRow,
    FlagRows,
    LineRow,
    MovedRow,
    PeriodRow,
    flags_from_rows,
)
from semanggi.poac.models import (
    Activity,
    BudgetLine,
    Closure,
    CorrectiveAction,
    CorrectiveStatus,
    Decision,
    DecisionParty,
    Forum,
    Handover,
    Indicator,
    IndicatorPeriod,
    Meeting,
    Obstacle,
    PhaseChange,
    ProgressUpdate,
    Responsibility,
    Risk,
    TeamMember,
    Transaction,
    TransactionType,
)

MOVED = (TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE)
# What a partnership builds or equips and then hands over (the puskesmas of the founding case).
ASSET_KINDS = (ContributionKind.CONSTRUCTION, ContributionKind.GOODS, ContributionKind.FACILITIES)


def lifecycle_snapshot(partnership: Partnership) -> LifecycleSnapshot:
    """The records the gates read, in eight queries."""
    parties = Party.objects.filter(partnership=partnership).select_related("organisation")
    parties = parties.annotate(n_objectives=Count("objectives")).order_by("pk")
    activities = Activity.objects.filter(partnership=partnership).prefetch_related(
        "responsibilities"
    )
    forum_kinds = set(Forum.objects.filter(partnership=partnership).values_list("kind", flat=True))
    moved = Transaction.objects.filter(partnership=partnership, type__in=MOVED)
    closure = Closure.objects.filter(partnership=partnership).first()
    return LifecycleSnapshot(
        parties=tuple(PartyRecord(str(p.pk), p.organisation.name, p.n_objectives) for p in parties),
        joint_objectives=Objective.objects.filter(
            partnership=partnership, party__isnull=True
        ).count(),
        activities=tuple(
            ActivityRecord(
                str(a.pk),
                a.title,
                tuple(
                    Assignment(str(r.party_id), Raci(r.letter)) for r in a.responsibilities.all()
                ),
            )
            for a in activities
        ),
        agreements=Agreement.objects.filter(partnership=partnership).count(),
        no_agreement_reason=partnership.no_agreement_reason or None,
        coordination_forum="forum" in forum_kinds,
        coordination_team="team" in forum_kinds,
        progress_updates=ProgressUpdate.objects.filter(activity__partnership=partnership).count(),
        transactions=moved.count(),
        asset_built=Contribution.objects.filter(
            party__partnership=partnership, kind__in=ASSET_KINDS
        ).exists(),
        handover_recorded=Handover.objects.filter(partnership=partnership).exists(),
        closing_note=bool(closure and closure.closing_note.strip()),
        sustainability_statement=bool(closure and closure.sustainability.strip()),
        open_red_flags=_red(partnership_flags([partnership.pk], timezone.localdate())),
        unapproved_actuals=IndicatorPeriod.objects.filter(
            indicator__partnership=partnership, actual__isnull=False, approved_by__isnull=True
        ).count(),
        open_corrective_actions=CorrectiveAction.objects.filter(
            partnership=partnership, status=CorrectiveStatus.OPEN
        ).count(),
    )


def _red(flags: dict[int, list[core_flags.Flag]]) -> int:
    return sum(1 for found in flags.values() for f in found if f.level is core_flags.Level.RED)


def snapshot_from_records(
    partnership: Partnership,
    parties: list[Party],
    records: "ManagementRecords",
    flags: list[core_flags.Flag] | None = None,
) -> LifecycleSnapshot:
    """The same snapshot as ``lifecycle_snapshot``, built without queries from what the
    partnership page has already loaded (parties with prefetched objectives and
    contributions, the partnership's prefetched objectives and agreements, and ``records``)."""
    forum_kinds = {forum.kind for forum in records.forums}
    closure = records.closure
    return LifecycleSnapshot(
        parties=tuple(
            PartyRecord(str(p.pk), p.organisation.name, len(p.objectives.all())) for p in parties
        ),
        joint_objectives=sum(1 for o in partnership.objectives.all() if o.party_id is None),
        activities=tuple(
            ActivityRecord(
                str(a.pk),
                a.title,
                tuple(
                    Assignment(str(r.party_id), Raci(r.letter)) for r in a.responsibilities.all()
                ),
            )
            for a in records.activities
        ),
        agreements=len(partnership.agreements.all()),
        no_agreement_reason=partnership.no_agreement_reason or None,
        coordination_forum="forum" in forum_kinds,
        coordination_team="team" in forum_kinds,
        progress_updates=records.update_count,
        transactions=sum(1 for t in records.transactions if t.type in MOVED),
        asset_built=any(c.kind in ASSET_KINDS for p in parties for c in p.contributions.all()),
        handover_recorded=bool(records.handovers),
        closing_note=bool(closure and closure.closing_note.strip()),
        sustainability_statement=bool(closure and closure.sustainability.strip()),
        open_red_flags=_red({partnership.pk: flags or []}),
        unapproved_actuals=sum(
            1
            for indicator in records.indicators
            for period in indicator.periods.all()
            if period.actual is not None and period.approved_by_id is None
        ),
        open_corrective_actions=sum(
            1 for action in records.corrective_actions if action.status == CorrectiveStatus.OPEN
        ),
    )


def next_gate(partnership: Partnership, snapshot: LifecycleSnapshot) -> Gate | None:
    """The gate to the phase after the current one (None once closed)."""
    following = next_phase(Phase(partnership.phase))
    return gate(snapshot, following) if following else None


def partnership_flags(partnership_ids: list[int], today: date) -> dict[int, list[core_flags.Flag]]:
    """The variance flags of each partnership, computed by the core from rows read in sets:
    six queries whatever the number of partnerships. A closed partnership has no live
    flags: its records are final. (The partnership page computes the same flags from the
    records it has already read: ``semanggi.poac.flag_rows.flags_from_records``.)"""
    phases = dict(Partnership.objects.filter(pk__in=partnership_ids).values_list("pk", "phase"))
    open_ids = [pk for pk in partnership_ids if phases.get(pk) != Phase.CLOSED]
    activities = Activity.objects.filter(partnership_id__in=open_ids).values(
        "pk",
        "partnership_id",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "percent_complete",
        "last_update_on",
    )
    lines = (
        BudgetLine.objects.filter(activity__partnership_id__in=open_ids)
        .annotate(
            spent=Sum(
                "transactions__amount", filter=Q(transactions__type=TransactionType.EXPENDITURE)
            )
        )
        .values("pk", "activity__partnership_id", "amount", "spent")
    )
    money = (
        Transaction.objects.filter(partnership_id__in=open_ids, provider__isnull=False)
        .values("partnership_id", "provider_id")
        .annotate(
            committed=Sum("amount", filter=Q(type=TransactionType.OUTGOING_COMMITMENT)),
            disbursed=Sum("amount", filter=Q(type=TransactionType.DISBURSEMENT)),
            due=Max("due_on", filter=Q(type=TransactionType.OUTGOING_COMMITMENT)),
        )
        .order_by("partnership_id", "provider_id")
    )
    moved = (
        Transaction.objects.filter(
            partnership_id__in=open_ids,
            type__in=(TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE),
        )
        .values("partnership_id", "type", "provider_id", "receiver_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    periods = IndicatorPeriod.objects.filter(
        indicator__partnership_id__in=open_ids, actual__isnull=False
    ).values("pk", "indicator__partnership_id", "indicator__baseline", "target", "actual")
    return flags_from_rows(
        FlagRows(
            partnership_ids=partnership_ids,
            phases=phases,
            activities=[
                ActivityRow(
                    a["pk"],
                    a["partnership_id"],
                    a["planned_start"],
                    a["planned_end"],
                    a["actual_start"],
                    a["actual_end"],
                    a["percent_complete"],
                    a["last_update_on"],
                )
                for a in activities
            ],
            lines=[
                LineRow(
                    line["pk"],
                    line["activity__partnership_id"],
                    line["amount"],
                    line["spent"] or Decimal(0),
                )
                for line in lines
            ],
            commitments=[
                CommitmentRow(
                    row["partnership_id"],
                    row["provider_id"],
                    row["committed"],
                    row["disbursed"],
                    row["due"],
                )
                for row in money
            ],
            moved=[
                MovedRow(
                    row["partnership_id"],
                    row["type"],
                    row["provider_id"],
                    row["receiver_id"],
                    row["total"],
                )
                for row in moved
            ],
            periods=[
                PeriodRow(
                    p["pk"],
                    p["indicator__partnership_id"],
                    p["indicator__baseline"],
                    p["target"],
                    p["actual"],
                )
                for p in periods
            ],
        ),
        today,
    )


@dataclass(frozen=True)
class ManagementRecords:
    """Everything the four POAC sections of a partnership page show."""

    activities: list[Activity]
    risks: list[Risk]
    team: list[TeamMember]
    forums: list[Forum]
    meetings: list[Meeting]
    decisions: list[Decision]
    updates: list[ProgressUpdate]
    transactions: list[Transaction]
    handovers: list[Handover]
    obstacles: list[Obstacle]
    indicators: list[Indicator]
    corrective_actions: list[CorrectiveAction]
    phase_changes: list[PhaseChange]
    closure: Closure | None
    money: dict[str, Decimal]
    update_count: int


def management_records(partnership: Partnership) -> ManagementRecords:
    """The management records of one partnership, prefetched (a fixed number of queries)."""
    activities = list(
        Activity.objects.filter(partnership=partnership).prefetch_related(
            "depends_on",
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("party__organisation"),
            ),
            Prefetch(
                "budget_lines",
                queryset=BudgetLine.objects.select_related("party__organisation"),
            ),
        )
    )
    transactions = list(
        Transaction.objects.filter(partnership=partnership).select_related(
            "provider__organisation", "receiver__organisation", "activity"
        )
    )
    by_type: dict[str, Decimal] = {}
    for t in transactions:
        by_type[t.type] = by_type.get(t.type, Decimal(0)) + t.amount
    updates = list(
        ProgressUpdate.objects.filter(activity__partnership=partnership)
        .select_related("activity", "reported_by")
        .prefetch_related("evidence")[:50]
    )
    return ManagementRecords(
        activities=activities,
        risks=list(
            Risk.objects.filter(partnership=partnership).select_related("owner__organisation")
        ),
        team=list(
            TeamMember.objects.filter(partnership=partnership).select_related("party__organisation")
        ),
        forums=list(Forum.objects.filter(partnership=partnership)),
        meetings=list(
            Meeting.objects.filter(partnership=partnership).prefetch_related(
                Prefetch("attendees", queryset=Party.objects.select_related("organisation"))
            )
        ),
        decisions=list(
            Decision.objects.filter(partnership=partnership).prefetch_related(
                Prefetch(
                    "parties",
                    queryset=DecisionParty.objects.select_related("party__organisation"),
                )
            )
        ),
        updates=updates,
        update_count=len(updates)
        if len(updates) < 50
        else ProgressUpdate.objects.filter(activity__partnership=partnership).count(),
        transactions=transactions,
        handovers=list(
            Handover.objects.filter(partnership=partnership).select_related(
                "from_party__organisation", "to_party__organisation", "agreement"
            )
        ),
        obstacles=list(
            Obstacle.objects.filter(partnership=partnership).select_related("owner__organisation")
        ),
        indicators=list(
            Indicator.objects.filter(partnership=partnership)
            .select_related("accountable__organisation", "objective")
            .prefetch_related(
                Prefetch(
                    "periods",
                    queryset=IndicatorPeriod.objects.select_related("approved_by", "actual_by"),
                )
            )
        ),
        corrective_actions=list(
            CorrectiveAction.objects.filter(partnership=partnership).select_related(
                "owner__organisation"
            )
        ),
        phase_changes=list(
            PhaseChange.objects.filter(partnership=partnership).select_related("changed_by")
        ),
        closure=Closure.objects.filter(partnership=partnership).first(),
        money={
            "committed": (by_type.get(TransactionType.OUTGOING_COMMITMENT) or Decimal(0))
            + (by_type.get(TransactionType.INCOMING_COMMITMENT) or Decimal(0)),
            "disbursed": by_type.get(TransactionType.DISBURSEMENT) or Decimal(0),
            "spent": by_type.get(TransactionType.EXPENDITURE) or Decimal(0),
        },
    )


def raci_matrix(
    activities: list[Activity], parties: list[Party]
) -> list[tuple[Activity, list[str]]]:
    """Rows of the responsibility matrix: each activity with its letters per party, in the
    order of ``parties`` (uses the prefetched responsibilities)."""
    rows = []
    for activity in activities:
        letters: dict[int, list[str]] = {}
        for cell in activity.responsibilities.all():
            letters.setdefault(cell.party_id, []).append(cell.letter)
        rows.append((activity, ["".join(sorted(letters.get(p.pk, []))) for p in parties]))
    return rows


@dataclass(frozen=True)
class FlagSubject:
    """What a flag is about, as a person reads it, and where on the partnership page."""

    label: str
    anchor: str


def flag_subjects(refs: "set[str] | list[str]") -> dict[str, FlagSubject]:
    """Names for the subjects of flags (``activity:12`` → "Activity: Construction of the
    building"), in four queries whatever their number."""
    ids: dict[str, set[int]] = {}
    for ref in refs:
        kind, _sep, pk = ref.partition(":")
        if pk.isdigit():
            ids.setdefault(kind, set()).add(int(pk))

    def wanted(*kinds: str) -> list[int]:
        # Never empty, so that each query runs whatever flags there are: a constant count.
        return sorted({pk for kind in kinds for pk in ids.get(kind, ())}) or [0]

    subjects: dict[str, FlagSubject] = {}
    for a in Activity.objects.filter(pk__in=wanted("activity")).only("pk", "title", "title_en"):
        subjects[f"activity:{a.pk}"] = FlagSubject(
            _("Activity: %(name)s") % {"name": a.localized("title")}, f"activity-{a.pk}"
        )
    lines = BudgetLine.objects.filter(pk__in=wanted("budget-line")).select_related(
        "activity", "party__organisation"
    )
    for line in lines:
        subjects[f"budget-line:{line.pk}"] = FlagSubject(
            _("Budget line: %(name)s (%(party)s, %(activity)s)")
            % {
                "name": line.description or line.activity.localized("title"),
                "party": line.party.organisation.name,
                "activity": line.activity.localized("title"),
            },
            f"activity-{line.activity_id}",
        )
    parties = Party.objects.filter(pk__in=wanted("party", "spending"))
    for party in parties.select_related("organisation"):
        name = party.organisation.name
        subjects[f"party:{party.pk}"] = FlagSubject(
            _("Commitment of %(party)s") % {"party": name}, f"party-{party.pk}"
        )
        subjects[f"spending:{party.pk}"] = FlagSubject(
            _("Spending of %(party)s") % {"party": name}, "transactions"
        )
    periods = IndicatorPeriod.objects.filter(pk__in=wanted("indicator-period")).select_related(
        "indicator"
    )
    for period in periods:
        subjects[f"indicator-period:{period.pk}"] = FlagSubject(
            _("Indicator: %(name)s, %(start)s – %(end)s")
            % {
                "name": period.indicator.localized("name"),
                "start": date_format(period.period_start, "j M Y"),
                "end": date_format(period.period_end, "j M Y"),
            },
            f"indicator-{period.indicator_id}",
        )
    return subjects
