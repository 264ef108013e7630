"""Reads for the assessment: the core's ``Case`` of many partnerships at once, stored runs,
and the evaluator's decisions.

``cases_for`` reads every kind of record once for the whole set of partnerships (``values()``
rows grouped in Python), so its number of queries is fixed whatever the number of
partnerships. How records become the core's inputs (ours, see docs/assessment.md):

- parties are named by their organisation's slug, and called by its acronym (else its name);
- an activity belongs to its Responsible party (the one also Accountable when several are,
  else the Accountable one); activities without either are left out of K10;
- a party's involvement in a decision: *alone* decides, *joint* decides jointly, *consulted*
  and *proposed* were consulted, *informed* and *none* took no part;
- an objective is met when every indicator measuring it has an approved actual in its latest
  period that reaches the target (down to it, for an indicator that should fall); not met
  when one falls short; unknown (None) otherwise;
- management functions (K13): planning = took part in a planning, design or budget decision;
  organizing = Responsible or Accountable in the work plan, or at a meeting; actuating =
  Responsible for an activity, paid a transaction, or handed an asset over; controlling =
  accountable for an indicator, or took part in a monitoring decision;
- a progress update is a report of the activity's party, shared with every party (it is in
  the partnership's common record) and public when the partnership is published (K14);
- coordination (K12): a forum or a joint team when one is recorded; nothing recorded is
  unknown, not absent; absent only where a record of absence says so;
- a party's standing (partner, regulator, supervisor) and whether it benefits are read as
  recorded on the party, never from the kind of organisation;
- records of absence (``Absence``) pass as they are; a recorded reason for having no written
  agreement (``Partnership.no_agreement_reason``) is an ``agreement`` absence with that reason;
- a joint objective carries the parties that hold it as their own (``Objective.held_by``);
- when a partnership's study renders a published study (method ``published_study``), its
  records were transcribed from that publication and share its voice
  (``Case.records_publication``: the study's citation, else its title).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from semanggi.assessment.case_evidence import evidence_items, study_evidence
from semanggi.assessment.frameworks import frameworks_get
from semanggi.assessment.models import AssessmentRun, LabelDecision
from semanggi.assessment.serialize import assessment_from_json
from semanggi.core.assessment import Assessment, AssessmentDiff, Framework, assess, diff
from semanggi.core.assessment.inputs import (
    Absence,
    AbsenceWhat,
    Activity,
    Agreement,
    AgreementKind,
    Case,
    Contribution,
    ContributionKind,
    Coordination,
    Decision,
    DecisionSubject,
    Dependence,
    DependenceKind,
    Handover,
    Objective,
    OrganisationKind,
    Participation,
    Party,
    PartyParticipation,
    PhaseParticipation,
    Report,
    Role,
    Standing,
)
from semanggi.core.lifecycle import Phase
from semanggi.evidence.models import Study, StudyMethod
from semanggi.partnerships.models import Absence as AbsenceRow
from semanggi.partnerships.models import Agreement as AgreementRow
from semanggi.partnerships.models import Contribution as ContributionRow
from semanggi.partnerships.models import Dependence as DependenceRow
from semanggi.partnerships.models import Objective as ObjectiveRow
from semanggi.partnerships.models import Partnership, PartyRole
from semanggi.partnerships.models import Party as PartyRow
from semanggi.poac.models import (
    Activity as ActivityRow,
)
from semanggi.poac.models import (
    Decision as DecisionRow,
)
from semanggi.poac.models import (
    DecisionParty,
    Forum,
    Indicator,
    IndicatorPeriod,
    Meeting,
    ProgressUpdate,
    Responsibility,
    Transaction,
)
from semanggi.poac.models import (
    Handover as HandoverRow,
)

INVOLVEMENT: dict[str, Participation] = {
    "none": Participation.NONE,
    "informed": Participation.NONE,
    "consulted": Participation.CONSULTED,
    "proposed": Participation.CONSULTED,
    "joint": Participation.JOINT,
    "alone": Participation.DECIDES,
}
TAKES_PART = ("proposed", "joint", "alone")
PLANNING_SUBJECTS = ("planning", "design", "budget")
TEXT_LIMIT = 160


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


@dataclass
class _Partnership:
    """What is gathered about one partnership before it becomes a Case."""

    pk: int
    slug: str
    title: str
    published: bool
    parties: list[Party]
    slugs: dict[int, str]
    contributions: list[Contribution]
    objectives: list[Objective]
    decisions: list[Decision]
    activities: list[Activity]
    handovers: list[Handover]
    agreements: list[Agreement]
    forum_kinds: dict[str, str]
    phases: dict[tuple[str, Phase], str]
    reports: list[Report]
    no_agreement_reason: str = ""
    absences: list[Absence] = field(default_factory=list)
    dependences: list[Dependence] = field(default_factory=list)
    records_publication: str = ""


def _reached(baseline: Decimal, target: Decimal, actual: Decimal) -> bool:
    return actual <= target if target < baseline else actual >= target


def _objectives_met(partnership_ids: list[int]) -> dict[int, bool | None]:
    """Whether each measured objective was met, from its indicators' approved actuals."""
    measured: dict[int, list[int]] = defaultdict(list)
    for indicator_id, objective_id in Indicator.objects.filter(
        partnership_id__in=partnership_ids, objective__isnull=False
    ).values_list("pk", "objective_id"):
        measured[objective_id].append(indicator_id)
    latest: dict[int, bool] = {}
    for row in (
        IndicatorPeriod.objects.filter(
            indicator__partnership_id__in=partnership_ids,
            indicator__objective__isnull=False,
            actual__isnull=False,
            approved_at__isnull=False,
        )
        .values("indicator_id", "indicator__baseline", "target", "actual")
        .order_by("indicator_id", "period_end", "pk")
    ):
        # Ordered by period: the last row of each indicator is its latest approved period.
        latest[row["indicator_id"]] = _reached(
            row["indicator__baseline"], row["target"], row["actual"]
        )
    met: dict[int, bool | None] = {}
    for objective_id, indicators in measured.items():
        judged = [latest[pk] for pk in indicators if pk in latest]
        if judged and not all(judged):
            met[objective_id] = False
        elif judged and len(judged) == len(indicators):
            met[objective_id] = True
        else:
            met[objective_id] = None
    return met


def _activity_owner(letters: dict[int, set[str]]) -> int | None:
    responsible = sorted(pk for pk, held in letters.items() if "R" in held)
    accountable = sorted(pk for pk, held in letters.items() if "A" in held)
    both = [pk for pk in responsible if pk in accountable]
    if both:
        return both[0]
    if responsible:
        return responsible[0]
    return accountable[0] if accountable else None


def _kind(value: str) -> OrganisationKind:
    # A kind the core does not know yet is shown as "other": the kind is never scored.
    try:
        return OrganisationKind(value)
    except ValueError:
        return OrganisationKind.OTHER


def cases_for(
    partnership_ids: Iterable[int],
    *,
    exclude_illustrative: bool = False,
    readings: tuple[str, ...] = (),
) -> dict[int, Case]:
    """The core's Case of each partnership (those with at least one party), by id.

    ``exclude_illustrative`` is the evaluator's choice to leave illustrative evidence out;
    ``readings`` the named readings to show beside the definitions' results.

    A fixed number of queries (about thirty-five) whatever the number of partnerships: every
    kind of record is read once for the whole set and grouped in Python.
    """
    ids = sorted(set(partnership_ids))
    if not ids:
        return {}
    gathered: dict[int, _Partnership] = {}
    for row in Partnership.objects.filter(pk__in=ids).values(
        "pk", "slug", "title", "is_published", "no_agreement_reason"
    ):
        gathered[row["pk"]] = _Partnership(
            row["pk"], row["slug"], row["title"], row["is_published"],
            [], {}, [], [], [], [], [], [], {}, {}, [], row["no_agreement_reason"].strip(),
        )  # fmt: skip

    roles: dict[int, list[Role]] = defaultdict(list)
    for party_id, role in PartyRole.objects.filter(party__partnership_id__in=ids).values_list(
        "party_id", "role"
    ):
        roles[party_id].append(Role(role))
    party_of: dict[int, int] = {}
    for row in (
        PartyRow.objects.filter(partnership_id__in=ids)
        .values(
            "pk",
            "partnership_id",
            "organisation__slug",
            "organisation__acronym",
            "organisation__name",
            "organisation__kind",
            "standing",
            "beneficiary",
        )
        .order_by("pk")
    ):
        case = gathered[row["partnership_id"]]
        slug = row["organisation__slug"]
        case.slugs[row["pk"]] = slug
        party_of[row["pk"]] = row["partnership_id"]
        case.parties.append(
            Party(
                id=slug,
                name=row["organisation__acronym"] or row["organisation__name"],
                kind=_kind(row["organisation__kind"]),
                roles=tuple(sorted(roles[row["pk"]])),
                standing=Standing(row["standing"]),
                beneficiary=row["beneficiary"],
            )
        )

    def owner(party_id: int | None, partnership_id: int) -> str | None:
        if party_id is None:
            return None
        return gathered[partnership_id].slugs.get(party_id)

    def took_part(partnership_id: int, party_id: int, phase: Phase, reference: str) -> None:
        slug = owner(party_id, partnership_id)
        if slug is not None:
            gathered[partnership_id].phases.setdefault((slug, phase), reference)

    for row in (
        ContributionRow.objects.filter(party__partnership_id__in=ids)
        .values("pk", "party_id", "kind", "planned_value", "realised_value", "description")
        .order_by("pk")
    ):
        partnership_id = party_of[row["party_id"]]
        gathered[partnership_id].contributions.append(
            Contribution(
                id=str(row["pk"]),
                party_id=gathered[partnership_id].slugs[row["party_id"]],
                kind=ContributionKind(row["kind"]),
                planned_value=row["planned_value"],
                realised_value=row["realised_value"],
                description=_short(row["description"]),
            )
        )

    met = _objectives_met(ids)
    held_by: dict[int, list[int]] = defaultdict(list)
    for objective_id, party_id in (
        ObjectiveRow.held_by.through.objects.filter(objective__partnership_id__in=ids)
        .values_list("objective_id", "party_id")
        .order_by("objective_id", "party_id")
    ):
        held_by[objective_id].append(party_id)
    for row in (
        ObjectiveRow.objects.filter(partnership_id__in=ids)
        .values("pk", "partnership_id", "party_id", "text")
        .order_by("pk")
    ):
        case = gathered[row["partnership_id"]]
        party = owner(row["party_id"], row["partnership_id"])
        if row["party_id"] is not None and party is None:
            continue
        holders = (owner(pk, row["partnership_id"]) for pk in held_by.get(row["pk"], []))
        case.objectives.append(
            Objective(
                str(row["pk"]),
                party,
                _short(row["text"]),
                met.get(row["pk"]),
                held_by=tuple(slug for slug in holders if slug is not None)
                if party is None
                else (),
            )
        )

    involvement: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for decision_id, party_id, level in (
        DecisionParty.objects.filter(decision__partnership_id__in=ids)
        .values_list("decision_id", "party_id", "involvement")
        .order_by("decision_id", "party_id")
    ):
        involvement[decision_id].append((party_id, level))
    for row in (
        DecisionRow.objects.filter(partnership_id__in=ids)
        .values("pk", "partnership_id", "subject", "text", "decided_on", "meeting__title")
        .order_by("decided_on", "pk")
    ):
        partnership_id = row["partnership_id"]
        entries = []
        for party_id, level in involvement[row["pk"]]:
            slug = owner(party_id, partnership_id)
            if slug is None:
                continue
            if INVOLVEMENT[level] is not Participation.NONE:
                entries.append(PartyParticipation(slug, INVOLVEMENT[level]))
            if level in TAKES_PART:
                reference = f"decision:{row['pk']}"
                if row["subject"] in PLANNING_SUBJECTS:
                    took_part(partnership_id, party_id, Phase.PLANNING, reference)
                elif row["subject"] == "implementation":
                    took_part(partnership_id, party_id, Phase.ACTUATING, reference)
                elif row["subject"] == "monitoring":
                    took_part(partnership_id, party_id, Phase.CONTROLLING, reference)
        gathered[partnership_id].decisions.append(
            Decision(
                id=str(row["pk"]),
                subject=DecisionSubject(row["subject"]),
                participation=tuple(entries),
                description=_short(row["text"]),
                meeting=row["meeting__title"] or "",
                on=row["decided_on"],
            )
        )

    letters: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for activity_id, party_id, letter, partnership_id in Responsibility.objects.filter(
        activity__partnership_id__in=ids
    ).values_list("activity_id", "party_id", "letter", "activity__partnership_id"):
        letters[activity_id][party_id].add(letter)
        reference = f"activity:{activity_id}"
        if letter in ("R", "A"):
            took_part(partnership_id, party_id, Phase.ORGANIZING, reference)
        if letter == "R":
            took_part(partnership_id, party_id, Phase.ACTUATING, reference)
    depends: dict[int, list[int]] = defaultdict(list)
    for from_id, to_id in (
        ActivityRow.depends_on.through.objects.filter(from_activity__partnership_id__in=ids)
        .values_list("from_activity_id", "to_activity_id")
        .order_by("from_activity_id", "to_activity_id")
    ):
        depends[from_id].append(to_id)
    activity_rows = list(
        ActivityRow.objects.filter(partnership_id__in=ids)
        .values("pk", "partnership_id", "title")
        .order_by("planned_start", "pk")
    )
    owners = {}
    for row in activity_rows:
        party_id = _activity_owner(letters.get(row["pk"], {}))
        slug = owner(party_id, row["partnership_id"])
        if slug is not None:
            owners[row["pk"]] = (row["partnership_id"], slug, row["title"])
    for activity_id, (partnership_id, slug, title) in owners.items():
        gathered[partnership_id].activities.append(
            Activity(
                id=str(activity_id),
                party_id=slug,
                name=_short(title),
                depends_on=tuple(
                    str(other)
                    for other in depends.get(activity_id, [])
                    if owners.get(other, (None,))[0] == partnership_id
                ),
            )
        )

    for row in (
        HandoverRow.objects.filter(partnership_id__in=ids)
        .values("pk", "partnership_id", "asset", "from_party_id", "to_party_id", "handed_over_on")
        .order_by("pk")
    ):
        partnership_id = row["partnership_id"]
        giver = owner(row["from_party_id"], partnership_id)
        receiver = owner(row["to_party_id"], partnership_id)
        if giver is None or receiver is None:
            continue
        gathered[partnership_id].handovers.append(
            Handover(str(row["pk"]), _short(row["asset"]), giver, receiver, row["handed_over_on"])
        )
        took_part(partnership_id, row["from_party_id"], Phase.ACTUATING, f"handover:{row['pk']}")

    signatories: dict[int, list[int]] = defaultdict(list)
    for agreement_id, party_id in (
        AgreementRow.parties.through.objects.filter(agreement__partnership_id__in=ids)
        .values_list("agreement_id", "party_id")
        .order_by("agreement_id", "party_id")
    ):
        signatories[agreement_id].append(party_id)
    for row in (
        AgreementRow.objects.filter(partnership_id__in=ids)
        .values("pk", "partnership_id", "kind", "title", "signed_on")
        .order_by("signed_on", "pk")
    ):
        partnership_id = row["partnership_id"]
        party_slugs = [owner(pk, partnership_id) for pk in signatories[row["pk"]]]
        gathered[partnership_id].agreements.append(
            Agreement(
                str(row["pk"]),
                AgreementKind(row["kind"]),
                tuple(slug for slug in party_slugs if slug is not None),
                _short(row["title"]),
                row["signed_on"],
            )
        )

    for partnership_id, kind, pk in (
        Forum.objects.filter(partnership_id__in=ids)
        .values_list("partnership_id", "kind", "pk")
        .order_by("pk")
    ):
        gathered[partnership_id].forum_kinds.setdefault(kind, f"forum:{pk}")

    for partnership_id, party_id, meeting_id in Meeting.attendees.through.objects.filter(
        meeting__partnership_id__in=ids
    ).values_list("meeting__partnership_id", "party_id", "meeting_id"):
        took_part(partnership_id, party_id, Phase.ORGANIZING, f"meeting:{meeting_id}")
    for partnership_id, party_id, pk in Transaction.objects.filter(
        partnership_id__in=ids, provider__isnull=False
    ).values_list("partnership_id", "provider_id", "pk"):
        took_part(partnership_id, party_id, Phase.ACTUATING, f"transaction:{pk}")
    for partnership_id, party_id, pk in Indicator.objects.filter(
        partnership_id__in=ids
    ).values_list("partnership_id", "accountable_id", "pk"):
        took_part(partnership_id, party_id, Phase.CONTROLLING, f"indicator:{pk}")

    for row in (
        ProgressUpdate.objects.filter(activity__partnership_id__in=ids)
        .values("pk", "activity_id", "reported_on", "activity__partnership_id")
        .order_by("reported_on", "pk")
    ):
        found = owners.get(row["activity_id"])
        if found is None:
            continue
        partnership_id, slug, title = found
        case = gathered[partnership_id]
        case.reports.append(
            Report(
                id=f"progress-{row['pk']}",
                party_id=slug,
                title=_short(f"{row['reported_on']:%Y-%m-%d} {title}"),
                shared_with=tuple(party.id for party in case.parties if party.id != slug),
                public=case.published,
            )
        )

    for row in (
        AbsenceRow.objects.filter(partnership_id__in=ids)
        .values("pk", "partnership_id", "what", "party_id", "reason")
        .order_by("pk")
    ):
        partnership_id = row["partnership_id"]
        party = owner(row["party_id"], partnership_id)
        if row["party_id"] is not None and party is None:
            continue
        gathered[partnership_id].absences.append(
            Absence(str(row["pk"]), AbsenceWhat(row["what"]), party, _short(row["reason"]))
        )
    for found in gathered.values():
        recorded = any(
            a.what is AbsenceWhat.AGREEMENT and a.party_id is None for a in found.absences
        )
        if found.no_agreement_reason and not recorded:
            found.absences.insert(
                0,
                Absence(
                    "no_agreement_reason",
                    AbsenceWhat.AGREEMENT,
                    None,
                    _short(found.no_agreement_reason),
                ),
            )
    for row in (
        DependenceRow.objects.filter(partnership_id__in=ids)
        .values("pk", "partnership_id", "party_id", "on_party_id", "kind", "description")
        .order_by("pk")
    ):
        partnership_id = row["partnership_id"]
        party = owner(row["party_id"], partnership_id)
        on_party = owner(row["on_party_id"], partnership_id)
        if party is None or on_party is None:
            continue
        gathered[partnership_id].dependences.append(
            Dependence(
                str(row["pk"]),
                party,
                on_party,
                DependenceKind(row["kind"]),
                _short(row["description"]),
            )
        )

    evidence: dict[int, list[Any]] = defaultdict(list)
    for partnership_id, title, publication in (
        Study.partnerships.through.objects.filter(
            partnership_id__in=ids, study__method=StudyMethod.PUBLISHED_STUDY
        )
        .values_list("partnership_id", "study__title", "study__publication")
        .order_by("study_id")
    ):
        found = gathered[partnership_id]
        found.records_publication = found.records_publication or publication or title
    links = list(
        Study.partnerships.through.objects.filter(partnership_id__in=ids)
        .values_list("study_id", "partnership_id")
        .order_by("study_id", "partnership_id")
    )
    if links:
        keys, segments = study_evidence({study_id for study_id, _ in links})
        for study_id, partnership_id in links:
            evidence[partnership_id].extend(
                evidence_items(keys.get(study_id, {}), segments, gathered[partnership_id].slugs)
            )

    return {
        pk: _case(found, evidence[pk], exclude_illustrative, readings)
        for pk, found in gathered.items()
        if found.parties
    }


def _case(
    found: _Partnership,
    evidence: list[Any],
    exclude_illustrative: bool = False,
    readings: tuple[str, ...] = (),
) -> Case:
    phases = tuple(
        PhaseParticipation(slug, phase, reference)
        for (slug, phase), reference in sorted(
            found.phases.items(), key=lambda item: (item[0][0], list(Phase).index(item[0][1]))
        )
    )
    forum = found.forum_kinds.get("forum")
    team = found.forum_kinds.get("team")
    return Case(
        id=found.slug,
        title=found.title,
        parties=tuple(found.parties),
        contributions=tuple(found.contributions),
        objectives=tuple(found.objectives),
        decisions=tuple(found.decisions),
        activities=tuple(found.activities),
        handovers=tuple(found.handovers),
        agreements=tuple(found.agreements),
        coordination=Coordination(
            has_forum=True if forum else None,
            has_joint_team=True if team else None,
            reference=forum or team or "",
        ),
        phases=phases,
        reports=tuple(found.reports),
        dependences=tuple(found.dependences),
        absences=tuple(found.absences),
        records_publication=found.records_publication,
        exclude_illustrative=exclude_illustrative,
        readings=readings,
        evidence=tuple(
            sorted(
                evidence,
                key=lambda item: (
                    item.indicator,
                    int(item.segment),
                    item.party_id or "",
                    item.direction,
                ),
            )
        ),
    )


def case_for(
    partnership: Partnership,
    *,
    exclude_illustrative: bool = False,
    readings: tuple[str, ...] = (),
) -> Case | None:
    """The Case of one partnership, or None when it has no party yet."""
    return cases_for(
        [partnership.pk], exclude_illustrative=exclude_illustrative, readings=readings
    ).get(partnership.pk)


def runs_latest_by_framework(
    *, partnership: Partnership, framework_ids: list[str], count: int = 2
) -> dict[str, list[AssessmentRun]]:
    """The newest ``count`` runs of each framework for a partnership, newest first, in one
    query (a window numbering each framework's runs)."""
    newest = Window(
        RowNumber(),
        partition_by=[F("framework_id")],
        order_by=[F("created_at").desc(), F("id").desc()],
    )
    rows = (
        AssessmentRun.objects.filter(partnership=partnership, framework_id__in=framework_ids)
        .select_related("actor")
        .annotate(newest=newest)
        .filter(newest__lte=count)
        .order_by("framework_id", "newest")
    )
    found: dict[str, list[AssessmentRun]] = {framework_id: [] for framework_id in framework_ids}
    for run in rows:
        found[run.framework_id].append(run)
    return found


def label_decisions(*, partnership: Partnership) -> dict[tuple[str, str, str], LabelDecision]:
    """The current decision on each label, by (framework, axis, label)."""
    return {
        (d.framework_id, d.axis_id, d.label_id): d
        for d in LabelDecision.objects.filter(partnership=partnership).select_related("decided_by")
    }


def label_decision_history(*, partnership: Partnership, limit: int = 50) -> list[Any]:
    """The newest ``limit`` versions of the decisions on the partnership's labels."""
    return list(
        LabelDecision.history.filter(partnership_id=partnership.pk)
        .select_related("history_user", "decided_by")
        .order_by("-history_date", "-history_id")[:limit]
    )


@dataclass(frozen=True)
class Current:
    """A partnership's assessment against one framework as readers see it now: the latest
    stored run, or (``run`` None) the assessment computed live when none is stored yet."""

    framework: Framework
    assessment: Assessment
    run: AssessmentRun | None
    previous: AssessmentRun | None
    changes: AssessmentDiff | None


def assessment_current(
    *,
    partnership: Partnership,
    framework_ids: list[str] | tuple[str, ...] | None = None,
    live: bool = True,
    readings: tuple[str, ...] | None = None,
    exclude_illustrative: bool | None = None,
) -> list[Current] | None:
    """The latest assessment of ``partnership`` per framework, with what the latest run changed
    from the one before. None when a live assessment is needed and the partnership has no
    party. One query for the stored runs of every framework, plus ``cases_for``'s once when a
    framework has no run.

    When the reader chooses readings or leaving illustrative evidence out, the assessment is
    computed now with those choices (stored runs keep the choices they were made with)."""
    chosen = readings is not None or exclude_illustrative is not None
    result = []
    case: Case | None = None
    frameworks = frameworks_get(framework_ids)
    stored = (
        {}
        if chosen
        else runs_latest_by_framework(
            partnership=partnership, framework_ids=[framework.id for framework in frameworks]
        )
    )
    for framework in frameworks:
        runs = stored.get(framework.id, [])
        if runs:
            assessment = assessment_from_json(runs[0].result)
            previous = runs[1] if len(runs) > 1 else None
            changes = diff(assessment_from_json(previous.result), assessment) if previous else None
            result.append(Current(framework, assessment, runs[0], previous, changes))
            continue
        if not live:
            # Stored runs only: a page that many people read never assesses on the fly.
            continue
        if case is None:
            case = case_for(
                partnership,
                readings=readings or (),
                exclude_illustrative=bool(exclude_illustrative),
            )
            if case is None:
                return None
        result.append(Current(framework, assess(case, framework), None, None, None))
    return result
