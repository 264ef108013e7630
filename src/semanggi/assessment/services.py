"""Writes for the assessment: running it (a stored run per framework, compared with the one
before) and the evaluator's confirmation or override of a label (kept with its history).

Permissions are checked by the views and the API (``assessment.run_assessment``,
``assessment.decide_label``); these functions check the request itself.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from semanggi.assessment.frameworks import AssessmentError, framework_get, frameworks_get
from semanggi.assessment.models import AssessmentRun, DecisionKind, LabelDecision
from semanggi.assessment.selectors import case_for
from semanggi.assessment.serialize import assessment_from_json, assessment_to_json
from semanggi.core.assessment import Assessment, AssessmentDiff, Strength, assess, diff
from semanggi.core.assessment.classify import LabelAssessment
from semanggi.core.text import Message
from semanggi.partnerships.models import Partnership

NO_PARTIES = Message(
    "Belum ada pihak yang tercatat: tidak ada yang dapat dinilai.",
    "No party is recorded yet: there is nothing to assess.",
)


@dataclass(frozen=True)
class RunOutcome:
    run: AssessmentRun
    assessment: Assessment
    previous: AssessmentRun | None
    changes: AssessmentDiff | None  # None for the first run


def assessment_run(
    *,
    partnership: Partnership,
    framework_ids: list[str] | None = None,
    actor: Any,
    readings: tuple[str, ...] = (),
    exclude_illustrative: bool = False,
) -> list[RunOutcome]:
    """Assess the partnership against each framework (all shipped ones by default), store
    each result as a new run, and say what changed since the previous run of the framework.
    ``readings`` are the named readings shown beside the definitions' results;
    ``exclude_illustrative`` leaves illustrative evidence out. The stored result says both."""
    frameworks = frameworks_get(framework_ids)
    case = case_for(partnership, readings=readings, exclude_illustrative=exclude_illustrative)
    if case is None:
        raise AssessmentError(NO_PARTIES)
    outcomes = []
    with transaction.atomic():
        for framework in frameworks:
            assessment = assess(case, framework)
            previous = (
                AssessmentRun.objects.filter(partnership=partnership, framework_id=framework.id)
                .order_by("-created_at", "-id")
                .first()
            )
            run = AssessmentRun.objects.create(
                partnership=partnership,
                framework_id=framework.id,
                framework_version=framework.version,
                result=assessment_to_json(assessment),
                actor=actor if actor is not None and actor.is_authenticated else None,
            )
            changes = (
                diff(assessment_from_json(previous.result), assessment)
                if previous is not None
                else None
            )
            outcomes.append(RunOutcome(run, assessment, previous, changes))
    return outcomes


def _label(assessment: Assessment, axis_id: str, label_id: str) -> LabelAssessment:
    for label in assessment.labels():
        if label.axis_id == axis_id and label.label_id == label_id:
            return label
    raise AssessmentError(
        Message(
            f"label {axis_id}/{label_id} tidak ada dalam kerangka {assessment.framework_id}",
            f"label {axis_id}/{label_id} is not in framework {assessment.framework_id}",
        ),
        "label",
    )


def label_decide(
    *,
    partnership: Partnership,
    framework_id: str,
    axis_id: str,
    label_id: str,
    decision: str,
    strength: str | None = None,
    reason: str = "",
    actor: Any,
    run: AssessmentRun | None = None,
) -> LabelDecision:
    """Confirm the system's proposal for a label, or override it with a strength and a reason.

    The proposal is the label as the given run (else the latest run of the framework; a first
    run is made when there is none) scored it; proposal and decision are kept side by side, and
    every earlier decision stays in the history.
    """
    framework = framework_get(framework_id)
    if decision not in DecisionKind.values:
        raise AssessmentError(
            Message(
                "keputusan harus confirm atau override", "decision must be confirm or override"
            ),
            "decision",
        )
    reason = (reason or "").strip()
    with transaction.atomic():
        if run is None:
            run = (
                AssessmentRun.objects.filter(partnership=partnership, framework_id=framework.id)
                .order_by("-created_at", "-id")
                .first()
            )
        if run is None:
            [outcome] = assessment_run(
                partnership=partnership, framework_ids=[framework.id], actor=actor
            )
            run = outcome.run
        if run.partnership_id != partnership.pk or run.framework_id != framework.id:
            raise AssessmentError(
                Message("run penilaian lain", "the run belongs to another assessment"), "run"
            )
        proposal = _label(assessment_from_json(run.result), axis_id, label_id)
        if decision == DecisionKind.OVERRIDE:
            if strength not in [s.value for s in Strength]:
                raise AssessmentError(
                    Message(
                        "pilih kekuatan: strong, moderate, weak atau absent",
                        "choose a strength: strong, moderate, weak or absent",
                    ),
                    "strength",
                )
            if strength == proposal.strength:
                raise AssessmentError(
                    Message(
                        "kekuatan sama dengan usulan: konfirmasikan saja",
                        "the strength is the one proposed: confirm it instead",
                    ),
                    "strength",
                )
            if not reason:
                raise AssessmentError(
                    Message("pengubahan memerlukan alasan", "an override needs a reason"),
                    "reason",
                )
            decided = str(strength)
        else:
            decided = str(proposal.strength)
        row = LabelDecision.objects.filter(
            partnership=partnership, framework_id=framework.id, axis_id=axis_id, label_id=label_id
        ).first() or LabelDecision(
            partnership=partnership, framework_id=framework.id, axis_id=axis_id, label_id=label_id
        )
        row.run = run
        row.framework_version = run.framework_version
        row.proposed_strength = str(proposal.strength)
        row.proposed_score = proposal.score
        row.decision = decision
        row.strength = decided
        row.reason = reason
        row.decided_by = actor if actor is not None and actor.is_authenticated else None
        row.decided_at = timezone.now()
        if row.decided_by is not None:
            row._history_user = row.decided_by  # type: ignore[attr-defined]
        row.save()
    return row
