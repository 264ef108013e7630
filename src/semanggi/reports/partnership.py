"""The partnership report: what a partner hands its board or a coordinator files.

Everything comes from the records the reader may see; the assessment is the public view
(labels, strengths, explanations and the evaluator's decisions, never excerpts or informants).
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from semanggi.access.selectors import principal_for
from semanggi.assessment.overview import assessment_overview
from semanggi.partnerships.models import Partnership
from semanggi.partnerships.selectors import partnership_detail, region_paths
from semanggi.poac.selectors import (
    ManagementRecords,
    flag_subjects,
    management_records,
    partnership_flags,
)
from semanggi.reports.common import (
    DASH,
    day,
    generated_line,
    localized,
    money,
    money_chart,
    number,
    say,
    sector_name,
    span,
)
from semanggi.reports.document import (
    Bar,
    BarChart,
    Bullets,
    Facts,
    Note,
    Paragraph,
    Report,
    Section,
    Table,
)


def _parties(partnership: Partnership) -> Section:
    parties = list(partnership.parties.all())
    roles = Table(
        headers=(_("Party"), _("Kind"), _("Roles")),
        rows=tuple(
            (
                party.organisation.name,
                party.organisation.get_kind_display(),
                ", ".join(str(role.get_role_display()) for role in party.roles.all()) or DASH,
            )
            for party in parties
        ),
        empty=_("No parties recorded yet."),
    )
    joint = [localized(o, "text") for o in partnership.objectives.all() if o.party_id is None]
    objectives = [
        Section(
            heading=_("Objectives of %(party)s") % {"party": party.organisation.name},
            blocks=(
                Bullets(tuple(localized(o, "text") for o in party.objectives.all()))
                if party.objectives.all()
                else Paragraph(_("None recorded."), muted=True),
            ),
        )
        for party in parties
    ]
    contributions = Table(
        caption=_("Contributions"),
        headers=(_("Party"), _("Kind"), _("Description"), _("Planned (IDR)"), _("Realised (IDR)")),
        numeric=(3, 4),
        rows=tuple(
            (
                party.organisation.name,
                str(c.get_kind_display()),
                localized(c, "description"),
                money(c.planned_value)
                + (
                    f" ({_('illustrative')})"
                    if c.values_illustrative and c.planned_value is not None
                    else ""
                ),
                money(c.realised_value)
                + (
                    f" ({_('illustrative')})"
                    if c.values_illustrative and c.realised_value is not None
                    else ""
                ),
            )
            for party in parties
            for c in party.contributions.all()
        ),
        empty=_("No contribution recorded."),
    )
    return Section(
        heading=_("Parties, roles and objectives"),
        blocks=(roles, contributions),
        subsections=tuple(
            [Section(heading=_("Joint objectives"), blocks=(Bullets(tuple(joint)),))] * bool(joint)
            + objectives
        ),
    )


def _agreements(partnership: Partnership) -> Section:
    agreements = list(partnership.agreements.all())
    blocks: list[Table | Paragraph] = [
        Table(
            headers=(_("Kind"), _("Title"), _("Number"), _("Date"), _("Parties")),
            rows=tuple(
                (
                    str(a.get_kind_display()),
                    localized(a, "title"),
                    a.number or DASH,
                    day(a.signed_on),
                    ", ".join(
                        p.organisation.acronym or p.organisation.name for p in a.parties.all()
                    ),
                )
                for a in agreements
            ),
            empty=_("No agreement recorded."),
        )
    ]
    if not agreements and partnership.no_agreement_reason:
        blocks.append(
            Paragraph(
                _("Reason recorded for having no agreement: %(reason)s")
                % {"reason": partnership.no_agreement_reason}
            )
        )
    return Section(heading=_("Agreements"), blocks=tuple(blocks))


def _planning(records: ManagementRecords) -> Section:
    activities = Table(
        caption=_("Work plan"),
        headers=(_("Activity"), _("Planned"), _("Actual"), _("Complete"), _("Budget (IDR)")),
        numeric=(3, 4),
        rows=tuple(
            (
                localized(a, "title"),
                span(a.planned_start, a.planned_end),
                span(a.actual_start, a.actual_end) if a.actual_start or a.actual_end else DASH,
                f"{a.percent_complete} %",
                money(sum((line.amount for line in a.budget_lines.all()), Decimal(0)))
                if a.budget_lines.all()
                else DASH,
            )
            for a in records.activities
        ),
        empty=_("No activity recorded."),
    )
    risks = Table(
        caption=_("Risks"),
        headers=(_("Risk"), _("Likelihood"), _("Impact"), _("Mitigation")),
        rows=tuple(
            (
                r.description,
                str(r.likelihood),
                str(r.impact),
                r.mitigation or DASH,
            )
            for r in records.risks
        ),
        empty=_("No risk recorded."),
    )
    return Section(heading=_("Planning"), blocks=(activities, risks))


def _organizing(records: ManagementRecords) -> Section:
    team = Table(
        caption=_("Team"),
        headers=(_("Party"), _("Function in the partnership")),
        rows=tuple((m.party.organisation.name, m.function) for m in records.team),
        empty=_("No team member recorded."),
    )
    forums = Table(
        caption=_("Coordination forum or joint team"),
        headers=(_("Name"), _("Kind")),
        rows=tuple((f.name, str(f.get_kind_display())) for f in records.forums),
        empty=_("No forum or joint team recorded."),
    )
    decisions = Table(
        caption=_("Decisions log"),
        headers=(_("Date"), _("Decision"), _("Involvement of each party")),
        rows=tuple(
            (
                day(d.decided_on),
                d.text,
                "; ".join(
                    f"{p.party.organisation.acronym or p.party.organisation.name}: "
                    f"{p.get_involvement_display()}"
                    for p in d.parties.all()
                )
                or DASH,
            )
            for d in records.decisions
        ),
        empty=_("No decision recorded."),
    )
    return Section(
        heading=_("Organizing"),
        blocks=(
            team,
            forums,
            Paragraph(_("Meetings recorded: %(n)s") % {"n": len(records.meetings)}),
            decisions,
        ),
    )


def _actuating(records: ManagementRecords) -> Section:
    updates = Table(
        caption=_("Latest progress updates"),
        headers=(_("Date"), _("Activity"), _("Complete"), _("What happened")),
        numeric=(2,),
        rows=tuple(
            (
                day(u.reported_on),
                localized(u.activity, "title"),
                f"{u.percent_complete} %",
                u.narrative,
            )
            for u in records.updates[:10]
        ),
        empty=_("No progress update recorded."),
    )
    transactions = Table(
        caption=_("Transactions"),
        headers=(_("Date"), _("Type"), _("Provider"), _("Receiver"), _("Amount (IDR)")),
        numeric=(4,),
        rows=tuple(
            (
                day(t.transacted_on),
                str(t.get_type_display()),
                t.provider.organisation.name if t.provider else DASH,
                t.receiver.organisation.name if t.receiver else DASH,
                money(t.amount) + (f" ({_('illustrative')})" if t.values_illustrative else ""),
            )
            for t in records.transactions
        ),
        empty=_("No transaction recorded."),
    )
    handovers = Table(
        caption=_("Handover"),
        headers=(_("Asset"), _("From"), _("To"), _("Date"), _("BAST")),
        rows=tuple(
            (
                localized(h, "asset"),
                h.from_party.organisation.name,
                h.to_party.organisation.name,
                day(h.handed_over_on),
                localized(h.agreement, "title") if h.agreement else DASH,
            )
            for h in records.handovers
        ),
        empty=_("No handover recorded."),
    )
    return Section(heading=_("Actuating"), blocks=(updates, transactions, handovers))


def _achievement(baseline: Decimal, target: Decimal, actual: Decimal | None) -> Decimal | None:
    if actual is None or target == baseline:
        return None
    return (actual - baseline) / (target - baseline) * 100


def _controlling(records: ManagementRecords) -> Section:
    rows = []
    bars = []
    for indicator in records.indicators:
        for period in indicator.periods.all():
            share = _achievement(indicator.baseline, period.target, period.actual)
            approved = _("approved") if period.approved_at else _("not approved")
            rows.append(
                (
                    localized(indicator, "name"),
                    span(period.period_start, period.period_end),
                    f"{number(indicator.baseline)} {indicator.unit}",
                    f"{number(period.target)} {indicator.unit}",
                    f"{number(period.actual)} {indicator.unit} ({approved})"
                    if period.actual is not None
                    else DASH,
                )
            )
            if share is not None:
                shown = max(Decimal(0), share)
                bars.append(
                    Bar(
                        f"{localized(indicator, 'name')[:40]} ({day(period.period_end)})",
                        shown,
                        f"{number(share.quantize(Decimal(1)))} %",
                    )
                )
    blocks: list[object] = [
        Table(
            caption=_("Indicators against their targets"),
            headers=(_("Indicator"), _("Period"), _("Baseline"), _("Target"), _("Actual")),
            numeric=(2, 3, 4),
            rows=tuple(rows),
            empty=_("No indicator recorded."),
        )
    ]
    if bars:
        blocks.append(
            BarChart(
                title=_("Progress towards each target (percent of the way from baseline)"),
                bars=tuple(bars),
            )
        )
    answered = flag_subjects({c.flag for c in records.corrective_actions})
    blocks.append(
        Table(
            caption=_("Corrective actions"),
            headers=(_("Flag"), _("Action"), _("Due"), _("Status")),
            rows=tuple(
                (
                    answered[c.flag].label if c.flag in answered else c.flag,
                    c.description,
                    day(c.due_on),
                    str(c.get_status_display()),
                )
                for c in records.corrective_actions
            ),
            empty=_("No corrective action recorded."),
        )
    )
    if records.closure:
        blocks.append(
            Facts(
                (
                    (_("Closing note"), records.closure.closing_note),
                    (_("Sustainability"), records.closure.sustainability),
                    (_("Closed on"), day(records.closure.closed_on)),
                )
            )
        )
    return Section(heading=_("Controlling"), blocks=tuple(blocks))  # type: ignore[arg-type]


def _flags(partnership: Partnership) -> Section:
    flags = [
        flag
        for flag in partnership_flags([partnership.pk], timezone.localdate())[partnership.pk]
        if flag.level != "green"
    ]
    subjects = flag_subjects({flag.subject for flag in flags})
    level = {"red": _("red"), "amber": _("amber")}
    return Section(
        heading=_("Flags"),
        blocks=(
            Table(
                headers=(_("Level"), _("Subject"), _("Why")),
                rows=tuple(
                    (
                        str(level.get(flag.level, flag.level)).upper(),
                        subjects[flag.subject].label if flag.subject in subjects else "",
                        say(flag.reason),
                    )
                    for flag in flags
                ),
                empty=_("No flag: the records follow the plan."),
            ),
        ),
    )


def _assessment(partnership: Partnership) -> Section:
    overview = assessment_overview(partnership=partnership, evidence_visible=False, live=False)
    if overview is None or not overview.frameworks:
        return Section(
            heading=_("Assessment"),
            blocks=(Paragraph(_("No assessment has been run yet."), muted=True),),
        )
    subsections = []
    for view in overview.frameworks:
        rows = []
        for axis in view.axes:
            for label in axis.labels:
                decision = label.decision
                decided = DASH
                if decision is not None:
                    decided = (
                        f"{decision.get_decision_display()}: {decision.get_strength_display()}"
                    )
                    if decision.reason:
                        decided += f" — {decision.reason}"
                rows.append(
                    (
                        say(axis.axis.title),
                        say(label.label.name),
                        f"{say(label.label.level)}"
                        + (f" ({label.label.score:.2f})" if label.label.score is not None else ""),
                        say(label.label.explanation),
                        decided,
                    )
                )
        subsections.append(
            Section(
                heading=say(view.framework.title),
                blocks=(
                    Paragraph(
                        _("Run on %(date)s.") % {"date": day(view.run.created_at)}
                        if view.run
                        else _("Not run yet."),
                        muted=True,
                    ),
                    Table(
                        headers=(
                            _("Axis"),
                            _("Label"),
                            _("Strength"),
                            _("Why"),
                            _("Evaluator's decision"),
                        ),
                        rows=tuple(rows),
                    ),
                ),
            )
        )
    return Section(
        heading=_("Assessment"),
        blocks=(
            Note(
                _(
                    "Labels are not exclusive: each has its own strength and evidence. Quotes and "
                    "informants are in the study's evaluation report, for the study team only."
                ),
                kind="privacy",
            ),
        ),
        subsections=tuple(subsections),
    )


def partnership_report(*, user: object, slug: str) -> Report | None:
    """The report of one partnership the user may see, in the active language; None when the
    partnership is unknown or hidden from the user."""
    partnership = partnership_detail(principal=principal_for(user), slug=slug)
    if partnership is None:
        return None
    records = management_records(partnership)
    paths = region_paths(list(partnership.locations.all()))
    places = "; ".join(" › ".join(step.name for step in steps) for steps in paths.values())
    return Report(
        slug=f"{partnership.slug}-report",
        title=localized(partnership, "title"),
        subtitle=_("Partnership report"),
        language=get_language() or "id",
        meta=(
            (_("Programme"), partnership.programme or DASH),
            (_("Sector"), f"{partnership.sector} · {sector_name(partnership.sector)}"),
            (_("Location"), places or DASH),
            (_("Status"), str(partnership.get_status_display())),
            (_("Management phase"), str(partnership.get_phase_display())),
            (_("Planned"), span(partnership.planned_start, partnership.planned_end)),
            (_("Actual"), span(partnership.actual_start, partnership.actual_end)),
        ),
        sections=(
            Section(
                heading=_("Summary"),
                blocks=(Paragraph(localized(partnership, "description") or DASH),),
            ),
            _parties(partnership),
            _agreements(partnership),
            _planning(records),
            _organizing(records),
            _actuating(records),
            Section(
                heading=_("Money"),
                blocks=(
                    money_chart(
                        records.money["committed"],
                        records.money["disbursed"],
                        records.money["spent"],
                    ),
                ),
            ),
            _controlling(records),
            _flags(partnership),
            _assessment(partnership),
        ),
        footer=generated_line(),
    )
