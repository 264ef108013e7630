"""The management records people add and edit, by POAC function: one registry that the
pages and the API both read, so a new record type is added in one place."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from semanggi.core.lifecycle import Phase
from semanggi.core.money import format_rupiah
from semanggi.core.text import format_day
from semanggi.partnerships.models import (
    Absence,
    Agreement,
    Condition,
    Contribution,
    Dependence,
    Objective,
    Party,
)
from semanggi.poac import forms
from semanggi.poac.models import (
    Activity,
    BudgetLine,
    Closure,
    CorrectiveAction,
    Decision,
    Forum,
    Handover,
    Indicator,
    IndicatorPeriod,
    Meeting,
    Obstacle,
    ProgressUpdate,
    Responsibility,
    Risk,
    TeamMember,
    Transaction,
)


@dataclass(frozen=True)
class RecordType:
    kind: str  # URL and API name
    model: type[models.Model]
    form: type[forms.PartnershipRecordForm]
    function: Phase  # the POAC function it belongs to (CLOSED for the closure)
    label: Promise
    # How to find the record's partnership from the record (a lookup path).
    partnership_path: str = "partnership"


RECORDS: dict[str, RecordType] = {
    record.kind: record
    for record in (
        RecordType("party", Party, forms.PartyForm, Phase.PLANNING, _("Party")),
        RecordType(
            "contribution",
            Contribution,
            forms.ContributionForm,
            Phase.PLANNING,
            _("Contribution"),
            "party__partnership",
        ),
        RecordType("objective", Objective, forms.ObjectiveForm, Phase.PLANNING, _("Objective")),
        RecordType("absence", Absence, forms.AbsenceForm, Phase.PLANNING, _("Recorded absence")),
        RecordType("dependence", Dependence, forms.DependenceForm, Phase.PLANNING, _("Dependence")),
        RecordType("activity", Activity, forms.ActivityForm, Phase.PLANNING, _("Activity")),
        RecordType(
            "budget-line",
            BudgetLine,
            forms.BudgetLineForm,
            Phase.PLANNING,
            _("Budget line"),
            "activity__partnership",
        ),
        RecordType("risk", Risk, forms.RiskForm, Phase.PLANNING, _("Risk")),
        RecordType("agreement", Agreement, forms.AgreementForm, Phase.PLANNING, _("Agreement")),
        RecordType("condition", Condition, forms.ConditionForm, Phase.PLANNING, _("Condition")),
        RecordType(
            "responsibility",
            Responsibility,
            forms.ResponsibilityForm,
            Phase.ORGANIZING,
            _("Responsibility (RACI)"),
            "activity__partnership",
        ),
        RecordType(
            "team-member", TeamMember, forms.TeamMemberForm, Phase.ORGANIZING, _("Team member")
        ),
        RecordType(
            "forum", Forum, forms.ForumForm, Phase.ORGANIZING, _("Coordination arrangement")
        ),
        RecordType("meeting", Meeting, forms.MeetingForm, Phase.ORGANIZING, _("Meeting")),
        RecordType("decision", Decision, forms.DecisionForm, Phase.ORGANIZING, _("Decision")),
        RecordType(
            "progress-update",
            ProgressUpdate,
            forms.ProgressUpdateForm,
            Phase.ACTUATING,
            _("Progress update"),
            "activity__partnership",
        ),
        RecordType(
            "transaction", Transaction, forms.TransactionForm, Phase.ACTUATING, _("Transaction")
        ),
        RecordType("handover", Handover, forms.HandoverForm, Phase.ACTUATING, _("Handover")),
        RecordType("obstacle", Obstacle, forms.ObstacleForm, Phase.ACTUATING, _("Issue")),
        RecordType("indicator", Indicator, forms.IndicatorForm, Phase.CONTROLLING, _("Indicator")),
        RecordType(
            "indicator-period",
            IndicatorPeriod,
            forms.IndicatorPeriodForm,
            Phase.CONTROLLING,
            _("Indicator target and actual"),
            "indicator__partnership",
        ),
        RecordType(
            "corrective-action",
            CorrectiveAction,
            forms.CorrectiveActionForm,
            Phase.CONTROLLING,
            _("Corrective action"),
        ),
        RecordType("closure", Closure, forms.ClosureForm, Phase.CLOSED, _("Closure")),
    )
}


def record_name(instance: models.Model) -> str:
    """A short name a person recognises a saved record by (for the confirmation after a save),
    never a bare id."""
    if isinstance(instance, Party):
        return instance.organisation.name
    if isinstance(instance, Responsibility):
        return f"{instance.activity.title}: {instance.party.organisation.name} {instance.letter}"
    if isinstance(instance, IndicatorPeriod):
        lang = get_language() or "id"
        start, end = format_day(instance.period_start, lang), format_day(instance.period_end, lang)
        return f"{instance.indicator.name}, {start} – {end}"
    if isinstance(instance, ProgressUpdate):
        return f"{instance.activity.title}: {instance.percent_complete}%"
    if isinstance(instance, Transaction):
        return f"{instance.get_type_display()} {format_rupiah(instance.amount)}"
    if isinstance(instance, BudgetLine):
        what = instance.description or instance.party.organisation.name
        return f"{instance.activity.title}: {what}"
    return str(instance)[:80]
