"""API of the assessment of partnership models: the latest assessment (computed live when
none is stored), running it again, and the evaluator's decision on a label.

Everyone who may see the partnership reads its labels, strengths, explanations and record
provenance; the study team (and administrators) also get the coded evidence with its
excerpts and informant codes, and alone run assessments and decide on labels."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from semanggi.access.selectors import principal_for
from semanggi.api.auth import require_user
from semanggi.api.schemas import JsonIn
from semanggi.assessment.frameworks import AssessmentError, frameworks_get
from semanggi.assessment.models import DecisionKind, LabelDecision, StrengthChoice
from semanggi.assessment.overview import FrameworkView, assessment_overview, own_segments
from semanggi.assessment.redact import public_changes
from semanggi.assessment.serialize import assessment_from_json, assessment_to_json
from semanggi.assessment.services import RunOutcome, assessment_run, label_decide
from semanggi.core.access import Principal
from semanggi.core.text import Message
from semanggi.partnerships.models import Partnership
from semanggi.partnerships.selectors import partnership_detail

router = Router(tags=["assessment"])


class FieldErrorOut(Schema):
    detail: str
    field: str | None = None


class DecisionOut(Schema):
    framework: str
    axis: str
    label: str
    decision: str
    strength: str
    proposed_strength: str
    proposed_score: float | None
    reason: str
    decided_by: str | None
    decided_at: datetime
    run_id: int | None


class ElementOut(Schema):
    id: str
    name: str
    status: str = Field(description="met | not_met | not_enough")
    required: bool
    indicators: list[str]
    score: float | None
    voices: int = Field(description="independent voices behind the way the element leans")
    source: str = Field(description="the citation of the definition the element comes from")


class ReadingOut(Schema):
    id: str
    name: str
    source: str
    strength: str
    level: str
    score: float | None
    sufficiency: str
    summary: str
    elements: list[ElementOut]


class LabelOut(Schema):
    axis: str
    label: str
    name: str
    headline: str = Field(
        description="the strength to show first: the evaluator's decision when there is one, "
        "else the proposal"
    )
    strength: str
    level: str
    score: float | None
    confidence: float
    rank: int = Field(description="1 for the label that dominates its axis")
    sufficiency: str = Field(description="sufficient | limited | insufficient")
    summary: str
    elements: list[ElementOut]
    readings: list[ReadingOut] = Field(
        description="the chosen named readings, beside the definition's result"
    )
    explanation: str
    decision: DecisionOut | None
    decision_outdated: bool


class AxisOut(Schema):
    axis: str
    title: str
    dominant: str | None
    dominance: str


class RunOut(Schema):
    id: int
    created_at: datetime
    actor: str | None


class FrameworkAssessmentOut(Schema):
    framework: str
    version: str
    title: str
    run: RunOut | None = Field(description="the stored run shown; null when computed live")
    axes: list[AxisOut]
    labels: list[LabelOut]
    readings: list[str] = Field(description="the named readings this result shows")
    notes: list[str]
    changes: list[str] | None = Field(
        description="what the shown run changed from the one before; null without one"
    )
    assessment: dict[str, Any] = Field(
        description="the whole assessment: axes, labels with terms, supporting and "
        "contradicting provenance, conflicts, missing evidence, and indicators K1-K14 with "
        "their provenance (see docs/assessment.md)"
    )


class AssessmentOut(Schema):
    partnership: str
    evidence_visible: bool
    can_assess: bool
    frameworks: list[FrameworkAssessmentOut]


class RunIn(JsonIn):
    frameworks: list[str] | None = Field(None, description="framework ids; all when omitted")
    readings: list[str] = Field(
        default_factory=list, description="named readings to show beside the definitions"
    )
    exclude_illustrative: bool = Field(False, description="leave illustrative evidence out")


class LabelDecisionIn(Schema):
    framework: str = Field(max_length=80)
    axis: str = Field(max_length=80)
    label: str = Field(max_length=80)
    decision: DecisionKind
    strength: StrengthChoice | None = None
    reason: str = Field("", max_length=2000)


def _partnership(request: HttpRequest, slug: str, *, assess: bool = False) -> Partnership:
    partnership = partnership_detail(principal=principal_for(request.user), slug=slug)
    if partnership is None:
        raise Http404
    if assess:
        require_user(request)
        if not request.user.has_perm("assessment.run_assessment", partnership):
            raise HttpError(403, "forbidden: only the study team assesses a partnership")
    return partnership


def _readings(asked: list[str]) -> tuple[str, ...]:
    """The named readings asked for; an unknown one is refused with the known ones."""
    known = {r.id for framework in frameworks_get(None) for r in framework.readings()}
    unknown = [r for r in asked if r not in known]
    if unknown:
        raise AssessmentError(
            Message(
                f"bacaan tidak dikenal: {', '.join(unknown)}; yang ada: {', '.join(sorted(known))}",
                f"unknown reading: {', '.join(unknown)}; known: {', '.join(sorted(known))}",
            ),
            "reading",
        )
    return tuple(dict.fromkeys(asked))


def _who(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def _decision(row: LabelDecision) -> DecisionOut:
    return DecisionOut(
        framework=row.framework_id,
        axis=row.axis_id,
        label=row.label_id,
        decision=row.decision,
        strength=row.strength,
        proposed_strength=row.proposed_strength,
        proposed_score=row.proposed_score,
        reason=row.reason,
        decided_by=_who(row.decided_by),
        decided_at=row.decided_at,
        run_id=row.run_id,
    )


def _elements(elements: Any, language: str | None) -> list[ElementOut]:
    return [
        ElementOut(
            id=e.id,
            name=e.name.in_language(language),
            status=str(e.status),
            required=e.required,
            indicators=list(e.indicators),
            score=e.score,
            voices=len(e.voices),
            source=e.source,
        )
        for e in elements
    ]


def _framework(view: FrameworkView, language: str | None) -> FrameworkAssessmentOut:
    return FrameworkAssessmentOut(
        framework=view.framework.id,
        version=view.framework.version,
        title=view.framework.title.in_language(language),
        run=RunOut(id=view.run.pk, created_at=view.run.created_at, actor=_who(view.run.actor))
        if view.run
        else None,
        axes=[
            AxisOut(
                axis=axis.axis.id,
                title=axis.axis.title.in_language(language),
                dominant=axis.axis.dominant,
                dominance=axis.axis.dominance.in_language(language),
            )
            for axis in view.axes
        ],
        readings=list(view.assessment.readings),
        notes=[note.in_language(language) for note in view.assessment.notes],
        labels=[
            LabelOut(
                axis=row.label.axis_id,
                label=row.label.label_id,
                name=row.label.name.in_language(language),
                headline=row.headline_strength,
                strength=str(row.label.strength),
                level=row.label.level.in_language(language),
                score=row.label.score,
                confidence=row.label.confidence,
                rank=row.label.rank,
                sufficiency=str(row.label.sufficiency),
                summary=row.label.summary.in_language(language),
                elements=_elements(row.label.elements, language),
                readings=[
                    ReadingOut(
                        id=r.id,
                        name=r.name.in_language(language),
                        source=r.source,
                        strength=str(r.strength),
                        level=r.level.in_language(language),
                        score=r.score,
                        sufficiency=str(r.sufficiency),
                        summary=r.summary.in_language(language),
                        elements=_elements(r.elements, language),
                    )
                    for r in row.label.readings
                ],
                explanation=row.label.explanation.in_language(language),
                decision=_decision(row.decision) if row.decision else None,
                decision_outdated=row.stale,
            )
            for axis in view.axes
            for row in axis.labels
        ],
        changes=[change.text.in_language(language) for change in view.changes.changes]
        if view.changes is not None
        else None,
        assessment=assessment_to_json(view.assessment),
    )


@router.get(
    "/partnerships/{slug}/assessment",
    response={200: AssessmentOut, 400: FieldErrorOut, 404: FieldErrorOut, 409: FieldErrorOut},
)
def get_assessment(
    request: HttpRequest,
    slug: str,
    framework: str | None = None,
    reading: list[str] = Query(None),  # noqa: B008 (django-ninja declares queries so)
    exclude_illustrative: bool | None = None,
) -> Any:
    """The latest assessment per framework (or of ``framework``), computed live when none is
    stored yet. With ``reading`` (repeatable) or ``exclude_illustrative``, computed now with
    those choices. Explanations and names follow the request's language."""
    partnership = _partnership(request, slug)
    on_team = request.user.has_perm("assessment.run_assessment", partnership)
    asked = bool(reading) or exclude_illustrative is not None
    try:
        readings = _readings(reading or [])
    except AssessmentError as error:
        return Status(
            400, FieldErrorOut(detail=error.message.in_language(get_language()), field=error.field)
        )
    principal = principal_for(request.user)
    try:
        overview = assessment_overview(
            partnership=partnership,
            evidence_visible=on_team,
            # A team reads its own study's evidence, never another study's.
            evidence_studies=None if principal.admin else principal.study_ids,
            framework_ids=[framework] if framework else None,
            readings=readings if asked else None,
            exclude_illustrative=bool(exclude_illustrative) if asked else None,
        )
    except AssessmentError as error:
        return Status(
            404, FieldErrorOut(detail=error.message.in_language(get_language()), field=error.field)
        )
    if overview is None:
        return Status(409, FieldErrorOut(detail="no party is recorded yet: nothing to assess"))
    language = get_language()
    return AssessmentOut(
        partnership=partnership.slug,
        evidence_visible=on_team,
        can_assess=on_team,
        frameworks=[_framework(view, language) for view in overview.frameworks],
    )


def _changes_shown(outcome: RunOutcome, principal: Principal, language: str) -> list[str] | None:
    """What a run changed, citing other studies' evidence as the public reads it: a team
    reads its own study's excerpts and informant codes only (administrators read all)."""
    if outcome.changes is None:
        return None
    changes = outcome.changes
    if not principal.admin:
        shown = [outcome.assessment]
        if outcome.previous is not None:
            shown.append(assessment_from_json(outcome.previous.result))
        keep = own_segments(shown, principal.study_ids)
        changes = public_changes(changes, *shown, keep=keep)
    return [change.text.in_language(language) for change in changes.changes]


class RunResultOut(Schema):
    framework: str
    version: str
    run: RunOut
    changes: list[str] | None


@router.post(
    "/partnerships/{slug}/assessment/run",
    response={
        201: list[RunResultOut],
        400: FieldErrorOut,
        401: FieldErrorOut,
        403: FieldErrorOut,
        404: FieldErrorOut,
    },
)
def run_assessment(request: HttpRequest, slug: str, payload: RunIn | None = None) -> Any:
    """Assess again from the current records and evidence, store the runs, and say what
    changed since the previous run of each framework (study team only)."""
    partnership = _partnership(request, slug, assess=True)
    language = get_language()
    principal = principal_for(request.user)
    try:
        outcomes = assessment_run(
            partnership=partnership,
            framework_ids=payload.frameworks if payload else None,
            actor=request.user,
            readings=_readings(payload.readings) if payload else (),
            exclude_illustrative=payload.exclude_illustrative if payload else False,
        )
    except AssessmentError as error:
        return Status(
            400, FieldErrorOut(detail=error.message.in_language(language), field=error.field)
        )
    return Status(
        201,
        [
            RunResultOut(
                framework=outcome.run.framework_id,
                version=outcome.run.framework_version,
                run=RunOut(
                    id=outcome.run.pk,
                    created_at=outcome.run.created_at,
                    actor=_who(outcome.run.actor),
                ),
                changes=_changes_shown(outcome, principal, language),
            )
            for outcome in outcomes
        ],
    )


@router.post(
    "/partnerships/{slug}/assessment/decisions",
    response={
        200: DecisionOut,
        400: FieldErrorOut,
        401: FieldErrorOut,
        403: FieldErrorOut,
        404: FieldErrorOut,
    },
)
def decide_label(request: HttpRequest, slug: str, payload: LabelDecisionIn) -> Any:
    """Confirm a label as proposed, or override it with a strength and a reason (study team
    only). Proposal and decision are both kept; earlier decisions stay in the history."""
    partnership = _partnership(request, slug, assess=True)
    try:
        row = label_decide(
            partnership=partnership,
            framework_id=payload.framework,
            axis_id=payload.axis,
            label_id=payload.label,
            decision=payload.decision.value,
            strength=payload.strength.value if payload.strength else None,
            reason=payload.reason,
            actor=request.user,
        )
    except AssessmentError as error:
        return Status(
            400,
            FieldErrorOut(
                detail=error.message.in_language(get_language()), field=error.field or None
            ),
        )
    return Status(200, _decision(row))
