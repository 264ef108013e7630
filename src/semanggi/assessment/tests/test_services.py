"""Running the assessment, what changed after new evidence, and the evaluator's decisions."""

import pytest

from semanggi.assessment.frameworks import AssessmentError
from semanggi.assessment.models import AssessmentRun, LabelDecision
from semanggi.assessment.selectors import case_for
from semanggi.assessment.services import assessment_run, label_decide
from semanggi.assessment.tests.conftest import Founding
from semanggi.core.assessment import assess, available_frameworks, load_framework
from semanggi.evidence.models import Code, Finding, Segment, Source
from semanggi.partnerships.models import Party


def proposed(founding: Founding, label_id: str) -> str:
    """What the assessment proposes for a label of the life axis now (never pinned here)."""
    case = case_for(founding.partnership)
    assert case is not None
    return str(assess(case, load_framework("sulistiyani-life")).label(label_id).strength)


def another(strength: str) -> str:
    return "moderate" if strength != "moderate" else "weak"


def test_a_run_stores_one_result_per_framework(founding: Founding) -> None:
    outcomes = assessment_run(partnership=founding.partnership, actor=founding.evaluator)
    assert sorted(o.run.framework_id for o in outcomes) == sorted(available_frameworks())
    assert all(o.changes is None and o.previous is None for o in outcomes)
    run = AssessmentRun.objects.get(framework_id="sulistiyani-life")
    assert run.actor == founding.evaluator
    assert run.framework_version == load_framework("sulistiyani-life").version
    labels = {label["label_id"]: label for axis in run.result["axes"] for label in axis["labels"]}
    for key in ("pseudo", "mutualism", "conjugation"):
        assert labels[key]["strength"] == proposed(founding, key)
        assert labels[key]["elements"] and labels[key]["rank"] >= 1


def test_rerunning_without_new_evidence_changes_nothing(founding: Founding) -> None:
    assessment_run(partnership=founding.partnership, actor=None, framework_ids=["sulistiyani-life"])
    [again] = assessment_run(
        partnership=founding.partnership, actor=None, framework_ids=["sulistiyani-life"]
    )
    assert again.previous is not None
    assert again.changes is not None and not again.changes


def test_rerunning_after_new_evidence_shows_what_changed(founding: Founding) -> None:
    assessment_run(partnership=founding.partnership, actor=None, framework_ids=["sulistiyani-life"])
    bank = Party.objects.get(partnership=founding.partnership, organisation__slug="bank-x-cabang-y")
    source = Source.objects.create(
        study=founding.study,
        kind="interview",
        title="Wawancara kedua petugas CSR",
        text="Kami belajar cara bekerja sama dengan dinas; kemampuan tim CSR bertambah.",
    )
    segment = Segment.objects.create(source=source, start=0, end=len(source.text))
    code = Code.objects.create(
        study=founding.study, name="Kapasitas bertambah: bank", indicator="K9", party=bank
    )
    segment.codes.add(code)
    [outcome] = assessment_run(
        partnership=founding.partnership, actor=None, framework_ids=["sulistiyani-life"]
    )
    assert outcome.changes
    # The bank's side of K9 is filled; Dinkes's side is still missing, and said so.
    conjugation = [c for c in outcome.changes.changes if c.label_id == "conjugation"]
    assert any(c.field == "missing" and "Bank X" in c.text.en for c in conjugation), [
        c.text.en for c in outcome.changes.changes
    ]
    assert any(gap.indicator == "K9" for gap in outcome.assessment.label("conjugation").missing)


def test_confirming_keeps_the_proposal_and_the_decision(founding: Founding) -> None:
    decision = label_decide(
        partnership=founding.partnership,
        framework_id="sulistiyani-life",
        axis_id="life",
        label_id="pseudo",
        decision="confirm",
        actor=founding.evaluator,
    )
    # No run existed: one was made to decide on.
    assert decision.run is not None and decision.run.framework_id == "sulistiyani-life"
    expected = proposed(founding, "pseudo")
    assert (decision.proposed_strength, decision.strength) == (expected, expected)
    assert decision.proposed_score is not None
    assert decision.decided_by == founding.evaluator


def test_an_override_needs_a_reason_and_another_strength(founding: Founding) -> None:
    common = {
        "partnership": founding.partnership,
        "framework_id": "sulistiyani-life",
        "axis_id": "life",
        "label_id": "conjugation",
        "actor": founding.evaluator,
    }
    current = proposed(founding, "conjugation")
    with pytest.raises(AssessmentError) as missing_reason:
        label_decide(**common, decision="override", strength=another(current))
    assert missing_reason.value.field == "reason"
    with pytest.raises(AssessmentError) as same:
        label_decide(**common, decision="override", strength=current, reason="x")
    assert same.value.field == "strength"
    with pytest.raises(AssessmentError) as unknown:
        label_decide(**{**common, "label_id": "symbiosis"}, decision="confirm")
    assert unknown.value.field == "label"
    assert not LabelDecision.objects.exists()


def test_decisions_keep_their_history(founding: Founding) -> None:
    common = {
        "partnership": founding.partnership,
        "framework_id": "sulistiyani-life",
        "axis_id": "life",
        "label_id": "conjugation",
        "actor": founding.evaluator,
    }
    first = proposed(founding, "conjugation")
    label_decide(**common, decision="confirm")
    label_decide(
        **common,
        decision="override",
        strength=another(first),
        reason="K9 belum diteliti: kemandirian saja tidak cukup.",
    )
    current = LabelDecision.objects.get()
    assert (current.decision, current.strength, current.proposed_strength) == (
        "override",
        another(first),
        first,
    )
    history = list(current.history.order_by("history_date", "history_id"))
    assert [(h.decision, h.strength) for h in history] == [
        ("confirm", first),
        ("override", another(first)),
    ]
    assert history[-1].history_user == founding.evaluator


def test_a_partnership_without_parties_cannot_be_assessed(founding: Founding) -> None:
    from semanggi.partnerships.tests.factories import PartnershipFactory

    with pytest.raises(AssessmentError):
        assessment_run(partnership=PartnershipFactory(), actor=None)


def test_unknown_framework_is_refused(founding: Founding) -> None:
    with pytest.raises(AssessmentError) as error:
        assessment_run(partnership=founding.partnership, actor=None, framework_ids=["nope"])
    assert error.value.field == "framework"
    assert not AssessmentRun.objects.exists()


def test_a_finding_contested_by_new_evidence_weighs_less(founding: Founding) -> None:
    [first] = assessment_run(
        partnership=founding.partnership, actor=None, framework_ids=["sulistiyani-life"]
    )
    finding = Finding.objects.get(study=founding.study, indicator="K10")
    source = Source.objects.create(
        study=founding.study,
        kind="document",
        title="Notulen rapat koordinasi (ilustratif)",
        text="Pembangunan menunggu izin dan persetujuan desain dari Dinkes.",
    )
    segment = Segment.objects.create(source=source, start=0, end=len(source.text))
    other = Source.objects.create(
        study=founding.study,
        kind="observation",
        title="Catatan lapangan (ilustratif)",
        text="Kontraktor berhenti bekerja sampai Dinkes datang memeriksa.",
    )
    second = Segment.objects.create(source=other, start=0, end=len(other.text))
    finding.contradicting.add(segment, second)
    [after] = assessment_run(
        partnership=founding.partnership, actor=None, framework_ids=["sulistiyani-life"]
    )
    before_score = first.assessment.label("conjugation").score
    after_score = after.assessment.label("conjugation").score
    assert before_score is not None and after_score is not None
    assert after_score < before_score
