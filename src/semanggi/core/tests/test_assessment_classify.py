"""Assessing a partnership: the founding case, what moves each label, gaps and changes."""

from collections.abc import Callable
from dataclasses import replace

import pytest

from semanggi.core.assessment.classify import NO_EVIDENCE, Assessment, assess, diff
from semanggi.core.assessment.frameworks import Strength, available_frameworks, load_framework
from semanggi.core.assessment.inputs import (
    Activity,
    Case,
    Contribution,
    ContributionKind,
    DecisionSubject,
    Direction,
    Objective,
    OrganisationKind,
    Participation,
    Party,
    PhaseParticipation,
    Role,
)
from semanggi.core.assessment.values import ProvenanceKind
from semanggi.core.lifecycle import Phase
from semanggi.core.tests.test_assessment_indicators import (
    BANK,
    DINKES,
    decision,
    founding_case,
    segment,
)

RANK = {Strength.ABSENT: 0, Strength.WEAK: 1, Strength.MODERATE: 2, Strength.STRONG: 3}

JOINT = Participation.JOINT
DECIDES = Participation.DECIDES
CONSULTED = Participation.CONSULTED


def run(case: Case, framework_id: str) -> Assessment:
    return assess(case, load_framework(framework_id))


@pytest.mark.parametrize("label_id", ["pseudo", "mutualism", "conjugation"])
def test_founding_case_is_pseudo_mutualistic_and_conjugative_at_once(label_id: str) -> None:
    label = run(founding_case(), "sulistiyani-life").label(label_id)
    assert label.score is not None
    assert RANK[label.strength] >= RANK[Strength.MODERATE]


def balanced(case: Case) -> Case:
    """Dinkes brings land, permits and staff; every decision is taken jointly."""
    return replace(
        case,
        contributions=(
            *case.contributions,
            Contribution("c-land", DINKES, ContributionKind.LAND),
            Contribution("c-permit", DINKES, ContributionKind.PERMITS),
            Contribution("c-staff", DINKES, ContributionKind.STAFF),
        ),
        decisions=tuple(
            decision(d.id, d.subject, dinkes=JOINT, bank=JOINT) for d in case.decisions
        ),
    )


def no_benefit_for_bank(case: Case) -> Case:
    return replace(
        case,
        objectives=tuple(
            replace(o, met=False) if o.party_id == BANK else o for o in case.objectives
        ),
    )


def dependent_work(case: Case) -> Case:
    """The bank can design and build only once Dinkes has issued the permit."""
    return replace(
        case,
        activities=(
            Activity("a-permit", DINKES, "Izin mendirikan bangunan"),
            Activity("a-fund", BANK, "Menyiapkan dana CSR"),
            Activity("a-design", BANK, "Desain gedung", depends_on=("a-fund", "a-permit")),
            Activity("a-build", BANK, "Membangun gedung", depends_on=("a-design", "a-permit")),
        ),
    )


def tourism_village(case: Case) -> Case:
    """A regency that regulates and decides alone, and a village tourism group it steers."""
    return replace(
        case,
        parties=(
            Party(DINKES, "Pemkot", OrganisationKind.GOVERNMENT, (Role.REGULATOR,)),
            Party(BANK, "Pokdarwis", OrganisationKind.COMMUNITY),
        ),
        decisions=(
            decision("d-plan", DecisionSubject.PLANNING, dinkes=DECIDES, bank=CONSULTED),
            decision("d-budget", DecisionSubject.BUDGET, dinkes=DECIDES),
            decision("d-monitor", DecisionSubject.MONITORING, dinkes=DECIDES),
        ),
    )


def joint_decisions(case: Case) -> Case:
    return replace(
        case,
        decisions=tuple(
            decision(d.id, d.subject, dinkes=JOINT, bank=JOINT) for d in case.decisions
        ),
    )


def reports_kept_to_self(case: Case) -> Case:
    return replace(case, reports=tuple(replace(r, shared_with=()) for r in case.reports))


def dinkes_organizes_too(case: Case) -> Case:
    return replace(case, phases=(*case.phases, PhaseParticipation(DINKES, Phase.ORGANIZING)))


LOWER, HIGHER = -1, 1


@pytest.mark.parametrize(
    ("change", "framework_id", "label_id", "way"),
    [
        (balanced, "sulistiyani-life", "pseudo", LOWER),
        (no_benefit_for_bank, "sulistiyani-life", "mutualism", LOWER),
        (dependent_work, "sulistiyani-life", "conjugation", LOWER),
        (tourism_village, "sulistiyani-development", "subordinate_union", HIGHER),
        (tourism_village, "sulistiyani-development", "linear_union", LOWER),
        (joint_decisions, "sulistiyani-development", "linear_collaborative", HIGHER),
        (reports_kept_to_self, "partnering-principles", "transparency", LOWER),
        (no_benefit_for_bank, "partnering-principles", "mutual_benefit", LOWER),
        (dinkes_organizes_too, "poac-quality", "organizing", HIGHER),
    ],
)
def test_changing_the_records_moves_the_label_as_its_definition_says(
    change: Callable[[Case], Case], framework_id: str, label_id: str, way: int
) -> None:
    before = run(founding_case(), framework_id).label(label_id)
    after = run(change(founding_case()), framework_id).label(label_id)
    assert before.score is not None and after.score is not None
    assert (after.score - before.score) * way > 0
    assert (RANK[after.strength] - RANK[before.strength]) * way >= 0


@pytest.mark.parametrize(
    ("change", "framework_id", "label_id", "strength"),
    [
        (balanced, "sulistiyani-life", "pseudo", Strength.MODERATE),
        (no_benefit_for_bank, "sulistiyani-life", "mutualism", Strength.WEAK),
        (tourism_village, "sulistiyani-development", "subordinate_union", Strength.STRONG),
        (tourism_village, "sulistiyani-development", "linear_collaborative", Strength.ABSENT),
    ],
)
def test_changed_cases_land_on_the_expected_strength(
    change: Callable[[Case], Case], framework_id: str, label_id: str, strength: Strength
) -> None:
    assert run(change(founding_case()), framework_id).label(label_id).strength is strength


def test_labels_on_one_axis_are_not_exclusive() -> None:
    [axis] = run(founding_case(), "sulistiyani-life").axes
    assert [label.strength for label in axis.labels] == [Strength.STRONG] * 3


@pytest.mark.parametrize("framework_id", available_frameworks())
def test_assessment_is_deterministic(framework_id: str) -> None:
    case = founding_case()
    reordered = replace(case, evidence=tuple(reversed(case.evidence)))
    first = run(case, framework_id)
    assert run(case, framework_id) == first
    assert run(reordered, framework_id) == first


@pytest.mark.parametrize("framework_id", available_frameworks())
def test_every_label_is_scored_and_explained_in_both_languages(framework_id: str) -> None:
    framework = load_framework(framework_id)
    result = assess(founding_case(), framework)
    assert (result.framework_id, result.framework_version) == (framework.id, framework.version)
    assert len(result.labels()) == sum(len(axis.labels) for axis in framework.axes)
    for label in result.labels():
        assert label.score is None or 0 <= label.score <= 1
        assert 0 <= label.confidence <= 1
        assert label.explanation.id and label.explanation.en
        assert label.name.en in label.explanation.en
        assert label.name.id in label.explanation.id


def test_missing_evidence_gives_absent_and_says_so() -> None:
    case = replace(founding_case(), activities=(), handovers=(), evidence=())
    label = run(case, "sulistiyani-life").label("conjugation")
    assert label.score is None
    assert label.strength is Strength.ABSENT
    assert label.level == NO_EVIDENCE
    assert "absent, no evidence" in label.explanation.en
    assert "tidak ada bukti" in label.explanation.id
    assert {(gap.indicator, gap.party_id) for gap in label.missing} == {
        ("K9", DINKES),
        ("K9", BANK),
        ("K10", DINKES),
        ("K10", BANK),
    }


def test_a_silent_party_leaves_its_side_unread_rather_than_guessed() -> None:
    case = founding_case()
    case = replace(case, evidence=tuple(e for e in case.evidence if e.segment != "wb1-03"))
    label = run(case, "sulistiyani-life").label("mutualism")
    [k3] = [term for term in label.terms if term.indicator == "K3"]
    assert k3.value is None
    assert ("K3", BANK) in {(gap.indicator, gap.party_id) for gap in label.missing}
    assert "no evidence on K3" in label.explanation.en
    assert "Bank X" in label.explanation.en


def test_explanation_cites_indicators_rule_and_segments() -> None:
    label = run(founding_case(), "sulistiyani-life").label("pseudo")
    for code in ("K1", "K2", "K3", "K4", "K11"):
        assert code in label.explanation.en and code in label.explanation.id
    assert "Rule (ours)" in label.explanation.en
    assert "Aturan (milik Semanggi)" in label.explanation.id
    assert "segment:obs-02 (observation: Catatan observasi gedung)" in label.explanation.en
    assert "Kemitraan semu: kuat" in label.explanation.id


def test_supporting_and_contradicting_provenance_are_kept_apart() -> None:
    label = run(founding_case(), "sulistiyani-life").label("pseudo")
    supporting = {item.reference for item in label.supporting}
    contradicting = {item.reference for item in label.contradicting}
    # One-sided contributions and a Dinkes official's account of not deciding support pseudo.
    assert {"contribution:c-money", "segment:obs-02", "segment:wd1-09"} <= supporting
    # Both sides understanding the purpose counts against the "weak understanding" reading.
    assert {"segment:wd1-07", "segment:wb1-03"} <= contradicting
    # A record may serve two indicators in opposite ways (the MoU shows both parties see the
    # cooperation as important, and that it is formalised), never one indicator both ways.
    assert "agreement:ag-mou" in supporting & contradicting
    assert not {(i.indicator, i.reference) for i in label.supporting} & {
        (i.indicator, i.reference) for i in label.contradicting
    }


def test_conflicting_evidence_is_shown_on_the_label() -> None:
    label = run(founding_case(), "sulistiyani-life").label("mutualism")
    [conflict] = label.conflicts
    assert (conflict.indicator, conflict.party_id) == ("K5", BANK)
    assert conflict.text.en in label.explanation.en
    assert conflict.text.id in label.explanation.id


def test_poac_quality_shows_which_party_carried_a_function() -> None:
    label = run(founding_case(), "poac-quality").label("organizing")
    assert label.strength is Strength.WEAK
    assert label.level.en == "poor: mostly one-sided"
    # The bank alone organised: its record weighs against joint organizing, and names it.
    phases = [item for item in label.contradicting if item.facet == "organizing"]
    assert [(item.kind, item.party_id) for item in phases] == [(ProvenanceKind.RECORD, BANK)]
    assert not [item for item in label.supporting if item.facet == "organizing"]


def test_diff_of_an_assessment_with_itself_is_empty() -> None:
    result = run(founding_case(), "sulistiyani-life")
    assert not diff(result, result)
    assert diff(result, result).changes == ()


def test_diff_says_what_changed_and_why() -> None:
    old = run(founding_case(), "sulistiyani-life")
    new = run(no_benefit_for_bank(founding_case()), "sulistiyani-life")
    changes = diff(old, new).changes
    mutualism = [c for c in changes if c.label_id == "mutualism"]
    fields = {(c.field, c.old, c.new) for c in mutualism}
    assert ("strength", "strong", "weak") in fields
    assert ("contradicting", "", "objective:o-bank") in fields
    assert ("supporting", "objective:o-bank", "") in fields
    assert any(c.field == "score" for c in mutualism)
    assert all(c.text.id and c.text.en for c in changes)
    assert {c.label_id for c in changes} == {"mutualism"}


def test_diff_reports_filled_gaps() -> None:
    case = founding_case()
    capacity = (
        segment("K9", Direction.SUPPORTS, "wd1-12", party=DINKES),
        segment("K9", Direction.SUPPORTS, "wb1-08", party=BANK),
    )
    changes = diff(
        run(case, "sulistiyani-life"),
        run(replace(case, evidence=(*case.evidence, *capacity)), "sulistiyani-life"),
    ).changes
    filled = [c for c in changes if c.field == "missing" and c.label_id == "conjugation"]
    assert len(filled) == 2
    assert all(
        c.text.en.startswith("Conjugation partnership: filled: no evidence on K9") for c in filled
    )


def test_diff_across_frameworks_names_the_frameworks_and_labels() -> None:
    changes = diff(
        run(founding_case(), "sulistiyani-life"), run(founding_case(), "sulistiyani-development")
    ).changes
    assert changes[0].field == "framework"
    assert changes[0].text.en == (
        "framework changed from sulistiyani-life 1.0.0 to sulistiyani-development 1.0.0"
    )
    assert {c.label_id for c in changes if c.field == "label"} == {
        "pseudo",
        "mutualism",
        "conjugation",
        "subordinate_union",
        "linear_union",
        "linear_collaborative",
    }


def test_objectives_only_of_one_party_halve_complementarity() -> None:
    case = replace(founding_case(), objectives=(Objective("o", DINKES, "Kesejahteraan warga"),))
    result = run(case, "sulistiyani-development")
    [k8] = [value for value in result.indicators if value.code == "K8"]
    assert k8.value == 0.25
