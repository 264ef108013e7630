"""Assessing a partnership: labels as the elements of their definitions, sufficiency,
dominance, readings, explanations and changes. Every case is written from the definitions
(``assessment_cases``), one finding of issue 8 per test where it applies."""

from dataclasses import replace

import pytest

from semanggi.core.assessment import (
    ElementStatus,
    Strength,
    Sufficiency,
    assess,
    available_frameworks,
    diff,
    load_framework,
)
from semanggi.core.assessment.classify import NO_EVIDENCE
from semanggi.core.assessment.inputs import (
    Absence,
    AbsenceWhat,
    Activity,
    Case,
    DependenceKind,
    Handover,
    OrganisationKind,
    Party,
    PhaseParticipation,
    Standing,
)
from semanggi.core.assessment.values import ProvenanceKind
from semanggi.core.lifecycle import Phase
from semanggi.core.tests.assessment_cases import (
    AGAINST,
    FOR,
    SUBJECTS,
    A,
    B,
    assessed,
    both,
    case,
    decided_by,
    decided_jointly,
    depends,
    even_money,
    mou,
    objectives,
    one_sided_money,
    seg,
)
from semanggi.core.triangulation import SourceKind, Status

RANK = {Strength.ABSENT: 0, Strength.WEAK: 1, Strength.MODERATE: 2, Strength.STRONG: 3}


def dominated() -> Case:
    """B gives nearly everything and decides alone; both gain, B far more (A meets one of
    its three objectives); both understand and value the partnership."""
    return case(
        contributions=one_sided_money(),
        decisions=decided_by(B, *SUBJECTS),
        objectives=objectives((True, False, False), (True, True)),
        agreements=mou(),
        evidence=(
            *both("K4", FOR, "valued"),
            *both("K3", FOR, "aware"),
            seg("K5", FOR, "gain-b", party=B, informant="IB"),
            seg("K5", FOR, "gain-b-doc", party=B, kind=SourceKind.DOCUMENT),
            seg("K5", FOR, "gain-a", party=A, informant="IA"),
            seg("K5", AGAINST, "little-a-doc", party=A, kind=SourceKind.DOCUMENT),
            seg("K1", AGAINST, "obs-1", kind=SourceKind.OBSERVATION),
        ),
    )


def mutual() -> Case:
    """Balanced contributions, joint decisions, each gains on its own objectives, both aware."""
    return case(
        contributions=even_money(),
        decisions=decided_jointly(*SUBJECTS),
        objectives=objectives((True, True), (True, True)),
        agreements=mou(),
        evidence=(*both("K3", FOR, "aware"), *both("K5", FOR, "gain"), *both("K4", FOR, "v")),
    )


def test_mutual_benefit_with_one_dominant_party_ranks_pseudo_first_mutualism_second() -> None:
    axis = assessed(dominated()).axes[0]
    ranked = [label.label_id for label in axis.ranked()]
    assert ranked[:2] == ["pseudo", "mutualism"]
    assert axis.dominant == "pseudo"
    assert "Pseudo partnership" in axis.dominance.en and "Kemitraan semu" in axis.dominance.id
    pseudo = axis.labels[0]
    assert [e.status for e in pseudo.elements] == [ElementStatus.MET] * 3
    assert pseudo.rank == 1


def test_finding_1_a_required_element_without_evidence_caps_the_label_and_is_named() -> None:
    # Every party gains on its own objectives, but nobody has said why they partner.
    result = assessed(case(objectives=objectives((True,), (True,)), evidence=both("K5", FOR, "g")))
    mutualism = result.label("mutualism")
    assert mutualism.element("benefit").status is ElementStatus.MET
    assert mutualism.element("aware").status is ElementStatus.NOT_ENOUGH
    assert mutualism.sufficiency is Sufficiency.INSUFFICIENT
    assert RANK[mutualism.strength] <= RANK[Strength.WEAK]
    assert any("each party is aware why they partner" in g.text.en for g in mutualism.missing)
    assert "not enough evidence: each party is aware" in mutualism.summary.en
    assert "belum cukup bukti" in mutualism.summary.id


def test_finding_2_one_paraphrased_publication_never_makes_a_label_strong() -> None:
    publication = "Penulis (2011), Kemitraan di Kota Contoh"
    paraphrased = case(
        evidence=tuple(
            seg(code, FOR, f"{code}-{party}", party=party, publication=publication)
            for code in ("K3", "K5")
            for party in (A, B)
        ),
        records_publication=publication,
        objectives=objectives((True,), (True,)),
    )
    mutualism = assessed(paraphrased).label("mutualism")
    assert mutualism.score == 1.0
    assert mutualism.sufficiency is Sufficiency.LIMITED
    assert mutualism.strength is Strength.MODERATE
    assert {voice for e in mutualism.elements for voice in e.voices} == {
        f"publication:{publication}"
    }
    # The same statements from independent informants and a document make it strong.
    assert assessed(mutual()).label("mutualism").strength is Strength.STRONG


def test_finding_2_one_informant_alone_is_not_enough_for_strong() -> None:
    single = case(
        evidence=tuple(
            seg(code, FOR, f"{code}-{party}", party=party, informant="INF-1")
            for code in ("K3", "K5")
            for party in (A, B)
        )
    )
    assert assessed(single).label("mutualism").strength is Strength.MODERATE


def test_finding_3_labels_of_an_axis_are_ranked_not_tied_at_the_ceiling() -> None:
    axis = assessed(mutual()).axes[0]
    assert axis.dominant == "mutualism"
    ranks = sorted(label.rank for label in axis.labels)
    assert ranks[0] == 1 and ranks.count(1) == 1


def test_finding_3_labels_of_equal_weight_share_a_rank_and_none_dominates() -> None:
    axis = assessed(case()).axes[0]
    assert axis.dominant is None
    assert {label.rank for label in axis.labels} == {1}
    assert "No model dominates" in axis.dominance.en


def built_alone() -> Case:
    """B builds alone, needing nothing from A, and hands the building over."""
    return case(
        contributions=one_sided_money(),
        activities=(Activity("build", B, "Membangun gedung"),),
        handovers=(Handover("h", "gedung", B, A),),
        evidence=(seg("K10", FOR, "doc-1", party=B, kind=SourceKind.DOCUMENT),),
    )


def test_finding_4_conjugation_needs_capacity_gained_not_only_independence() -> None:
    result = assessed(replace(built_alone(), readings=("source-study",)))
    conjugation = result.label("conjugation")
    assert conjugation.element("independence").status is ElementStatus.MET
    assert conjugation.element("capacity").status is ElementStatus.NOT_ENOUGH
    assert RANK[conjugation.strength] <= RANK[Strength.WEAK]
    # The source study's reading, shown beside the definition's result, reads it higher.
    reading = conjugation.reading("source-study")
    assert RANK[reading.strength] >= RANK[Strength.MODERATE]
    assert "Hapsari" in reading.source
    # A reading is computed only when chosen; it never replaces the definition.
    assert assessed(built_alone()).label("conjugation").readings == ()
    assert assessed(built_alone()).label("conjugation").score == conjugation.score


def test_finding_4_capacity_drawn_from_the_other_then_independence_is_conjugation() -> None:
    grown = replace(
        built_alone(),
        evidence=(
            *built_alone().evidence,
            seg("K9", FOR, "k9-a", party=A, informant="IA"),
            seg("K9", FOR, "k9-doc", party=A, kind=SourceKind.DOCUMENT),
            seg("K10", FOR, "k10-a", party=A, informant="IA"),
        ),
    )
    conjugation = assessed(grown).label("conjugation")
    assert [e.status for e in conjugation.elements] == [ElementStatus.MET] * 2
    assert conjugation.strength is Strength.STRONG


def test_finding_4_one_fact_does_not_count_for_pseudo_and_conjugation_at_once() -> None:
    result = assessed(built_alone())
    pseudo = {(p.reference, p.indicator) for p in result.label("pseudo").supporting}
    conjugation = {(p.reference, p.indicator) for p in result.label("conjugation").supporting}
    assert not {ref for ref, _ in pseudo} & {ref for ref, _ in conjugation}


def test_finding_5_a_single_sign_of_imbalance_is_not_pseudo() -> None:
    # B gives more, but both understand the partnership, gain equally and value it.
    lopsided_only = replace(mutual(), contributions=one_sided_money())
    pseudo = assessed(lopsided_only).label("pseudo")
    assert pseudo.element("imbalance").status is ElementStatus.MET
    assert pseudo.element("not_joint").status is ElementStatus.NOT_MET
    assert pseudo.strength is Strength.ABSENT


def test_finding_5_pseudo_reads_unequal_benefit() -> None:
    equal = replace(
        dominated(),
        objectives=objectives((True, True), (True, True)),
        evidence=tuple(e for e in dominated().evidence if e.segment != "little-a-doc"),
    )
    unequal = dominated()
    assert assessed(equal).label("pseudo").element("not_joint").status is ElementStatus.NOT_MET
    assert assessed(unequal).label("pseudo").element("not_joint").status is ElementStatus.MET


def test_finding_6_subordinate_union_reads_the_weaker_sides_dependence() -> None:
    # Decisions are joint, but A depends on B for funds and skills, never the reverse.
    dependent = case(
        decisions=decided_jointly(*SUBJECTS),
        dependences=depends(A, B, DependenceKind.FUNDS, DependenceKind.SKILLS),
        evidence=(seg("K6", AGAINST, "k6-a", informant="IA"),),
    )
    subordinate = assessed(dependent, "sulistiyani-development").label("subordinate_union")
    assert subordinate.element("top_down").status is ElementStatus.MET
    mutual_dependence = replace(
        dependent,
        dependences=(*dependent.dependences, *depends(B, A, DependenceKind.AUTHORITY)),
    )
    other = assessed(mutual_dependence, "sulistiyani-development").label("subordinate_union")
    assert other.element("top_down").status is ElementStatus.NOT_MET


def test_finding_9_a_silent_supervisor_does_not_blank_mutualism() -> None:
    supervisor = Party(
        "s", "Inspektorat", OrganisationKind.GOVERNMENT, standing=Standing.SUPERVISOR
    )
    with_supervisor = replace(mutual(), parties=(*mutual().parties, supervisor))
    mutualism = assessed(with_supervisor).label("mutualism")
    assert mutualism.strength is Strength.STRONG
    assert not any(gap.party_id == "s" for gap in mutualism.missing)


def test_finding_10_the_reason_for_no_agreement_is_shown() -> None:
    reason = "hibah CSR; hanya berita acara serah terima"
    result = assessed(
        case(absences=(Absence("x", AbsenceWhat.AGREEMENT, reason=reason),)),
        "partnering-principles",
    )
    (k11,) = [value for value in result.indicators if value.code == "K11"]
    assert k11.value == 0.0
    assert any(reason in item.description for item in k11.provenance)


def test_finding_11_evidence_about_no_party_is_used_for_per_party_elements() -> None:
    unattributed = case(
        evidence=(
            seg("K3", FOR, "k3", informant="I1"),
            seg("K3", FOR, "k3-doc", kind=SourceKind.DOCUMENT),
        )
    )
    aware = assessed(unattributed).label("mutualism").element("aware")
    assert aware.status is ElementStatus.MET
    assert len(aware.voices) == 2


def test_finding_12_illustrative_evidence_is_flagged_and_can_be_left_out() -> None:
    illustrative = replace(
        mutual(), evidence=tuple(replace(item, illustrative=True) for item in mutual().evidence)
    )
    counted = assessed(illustrative)
    assert any("illustrative segment(s) counted" in note.en for note in counted.notes)
    left_out = assessed(replace(illustrative, exclude_illustrative=True))
    assert any("left out" in note.en for note in left_out.notes)
    assert left_out.label("mutualism").element("aware").status is ElementStatus.NOT_ENOUGH


def test_a_case_with_no_evidence_has_no_label_and_says_so() -> None:
    for framework_id in available_frameworks():
        result = assessed(case(), framework_id)
        for label in result.labels():
            assert label.score is None
            assert label.strength is Strength.ABSENT
            assert label.level == NO_EVIDENCE
            assert label.sufficiency is Sufficiency.INSUFFICIENT
            assert {e.status for e in label.elements} == {ElementStatus.NOT_ENOUGH}


@pytest.mark.parametrize("framework_id", available_frameworks())
def test_assessment_is_deterministic(framework_id: str) -> None:
    first = assessed(dominated(), framework_id)
    reordered = replace(dominated(), evidence=tuple(reversed(dominated().evidence)))
    assert assessed(dominated(), framework_id) == first
    assert assessed(reordered, framework_id) == first


@pytest.mark.parametrize("framework_id", available_frameworks())
def test_every_label_is_summarised_and_explained_in_both_languages(framework_id: str) -> None:
    framework = load_framework(framework_id)
    result = assess(dominated(), framework)
    assert len(result.labels()) == sum(len(axis.labels) for axis in framework.axes)
    for axis in result.axes:
        assert axis.dominance.id and axis.dominance.en
    for label in result.labels():
        assert label.score is None or 0 <= label.score <= 1
        assert 0 <= label.confidence <= 1
        assert label.summary.id.startswith(label.name.id)
        assert label.summary.en.startswith(label.name.en)
        assert "\n" not in label.summary.en
        assert label.name.en in label.explanation.en
        for element in label.elements:
            assert element.name.en in label.explanation.en
            assert element.source in label.explanation.en


def test_explanation_cites_the_elements_and_the_segments() -> None:
    pseudo = assessed(dominated()).label("pseudo")
    assert "Elements of the definition" in pseudo.explanation.en
    assert "Unsur definisi" in pseudo.explanation.id
    assert "K5 benefit tied to its own objectives (spread between parties)" in pseudo.explanation.en
    assert "(selisih antarpihak)" in pseudo.explanation.id
    assert "segment:obs-1 (observation: source obs-1)" in pseudo.explanation.en
    assert "segment:obs-1 (observasi: source obs-1)" in pseudo.explanation.id


def test_supporting_and_contradicting_provenance_are_kept_apart() -> None:
    pseudo = assessed(dominated()).label("pseudo")
    supporting = {item.reference for item in pseudo.supporting}
    contradicting = {item.reference for item in pseudo.contradicting}
    assert {"contribution:c-b", "segment:obs-1", "decision:d-budget"} <= supporting
    # Both sides understanding the purpose counts against "one side does not grasp it".
    assert {"segment:aware-a", "segment:aware-b"} <= contradicting
    assert not {(i.indicator, i.reference) for i in pseudo.supporting} & {
        (i.indicator, i.reference) for i in pseudo.contradicting
    }


def test_conflicting_evidence_is_shown_on_the_label() -> None:
    conflicted = replace(
        mutual(),
        evidence=(*mutual().evidence, seg("K5", AGAINST, "k5-no", party=B, informant="IB2")),
    )
    label = assessed(conflicted).label("mutualism")
    assert [(c.indicator, c.party_id) for c in label.conflicts] == [("K5", B)]
    assert label.conflicts[0].text.en in label.explanation.en


def test_poac_quality_shows_which_party_carried_a_function() -> None:
    one_sided = case(phases=(PhaseParticipation(B, Phase.ORGANIZING),))
    label = assessed(one_sided, "poac-quality").label("organizing")
    phases = [item for item in label.contradicting if item.facet == "organizing"]
    assert [(item.kind, item.party_id) for item in phases] == [(ProvenanceKind.RECORD, B)]


def test_diff_of_an_assessment_with_itself_is_empty() -> None:
    result = assessed(dominated())
    assert not diff(result, result)


def test_diff_says_what_changed_and_why() -> None:
    old = assessed(mutual())
    new = assessed(replace(mutual(), objectives=objectives((True, True), (False, False))))
    mutualism = [c for c in diff(old, new).changes if c.label_id == "mutualism"]
    fields = {(c.field, c.old, c.new) for c in mutualism}
    assert ("strength", "strong", "weak") in fields or any(c.field == "strength" for c in mutualism)
    assert ("contradicting", "", "objective:o-b-0") in fields
    assert all(c.text.id and c.text.en for c in mutualism)


def test_diff_reports_filled_gaps() -> None:
    before = case(evidence=both("K5", FOR, "g"), objectives=objectives((True,), (True,)))
    after = replace(before, evidence=(*before.evidence, *both("K3", FOR, "aware")))
    changes = diff(assessed(before), assessed(after)).changes
    filled = [c for c in changes if c.field == "missing" and c.label_id == "mutualism"]
    assert filled and all(": filled: " in c.text.en for c in filled)


def test_status_weighs_nothing_of_its_own_a_supervisor_standing_does() -> None:
    # A ministry and a village group that decide everything jointly are not subordinate.
    unequal_kinds = replace(
        case(decisions=decided_jointly(*SUBJECTS)),
        parties=(
            Party(A, "Kementerian", OrganisationKind.GOVERNMENT),
            Party(B, "Kelompok warga", OrganisationKind.COMMUNITY),
        ),
    )
    result = assessed(unequal_kinds, "sulistiyani-development")
    assert result.label("subordinate_union").strength is Strength.ABSENT
    assert result.label("linear_collaborative").element("peer").status is ElementStatus.MET


def test_contested_single_segments_move_a_label_little() -> None:
    weak = case(
        evidence=(seg("K3", FOR, "x", party=A, informant="I", status=Status.CONTESTED),),
    )
    aware = assessed(weak).label("mutualism").element("aware")
    assert aware.status is ElementStatus.NOT_ENOUGH


def test_a_weak_first_label_does_not_dominate() -> None:
    axis = assessed(built_alone()).axes[0]
    assert axis.ranked()[0].strength is Strength.WEAK
    assert axis.dominant is None
    assert "is only weak" in axis.dominance.en and "hanya lemah" in axis.dominance.id
