"""Indicators K1-K14 read from plain cases: what each reads, written from what it means.

``sample_case`` is a made-up world for the mechanics (weights, provenance, gaps, conflicts);
each indicator's meaning is held by small variations of records written for the test.
"""

from dataclasses import replace
from decimal import Decimal

import pytest

from semanggi.core.assessment.indicators import (
    INDICATORS,
    NAMES,
    compute_indicators,
    k1_contribution_balance,
    k2_participation_in_decisions,
    k3_understanding,
    k5_benefit,
    k6_symmetry,
    k7_peer_relation,
    k8_complementarity,
    k10_independence,
    k11_formalisation,
    k12_coordination,
    k14_transparency,
)
from semanggi.core.assessment.inputs import (
    INDICATOR_CODES,
    TRIANGULATION_WEIGHTS,
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
    Direction,
    EvidenceItem,
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
from semanggi.core.assessment.values import IndicatorValue, ProvenanceKind
from semanggi.core.lifecycle import Phase
from semanggi.core.triangulation import SourceKind, Status

DINKES = "dinkes"
BANK = "bank"

SUPPORTS = Direction.SUPPORTS
CONTRADICTS = Direction.CONTRADICTS


def decision(decision_id: str, subject: DecisionSubject, **levels: Participation) -> Decision:
    return Decision(
        decision_id,
        subject,
        tuple(PartyParticipation(party, level) for party, level in levels.items()),
    )


def segment(
    indicator: str,
    direction: Direction,
    segment_id: str,
    *,
    party: str | None = None,
    triangulation: Status = Status.TRIANGULATED,
    kind: SourceKind = SourceKind.INTERVIEW,
    source: str = "Wawancara",
    informant: str | None = None,
    excerpt: str = "",
) -> EvidenceItem:
    return EvidenceItem(
        indicator=indicator,
        direction=direction,
        triangulation=triangulation,
        segment=segment_id,
        source=source,
        source_kind=kind,
        party_id=party,
        informant=informant,
        excerpt=excerpt,
    )


def sample_case() -> Case:
    """A sample world for the mechanics of the indicators (weights, provenance, gaps,
    conflicts, order): a health office and a bank, with records and segments made up for the
    test. No label's expected result rests on it: the labels are held by cases written from
    the definitions (``assessment_cases``, the calibration dossiers).
    """
    return Case(
        id="bina-kesehatan-semanggi",
        title="Program Bina Kesehatan: puskesmas baru di Kelurahan Semanggi",
        parties=(
            Party(
                DINKES,
                "Dinkes",
                OrganisationKind.REGIONAL_UNIT,
                (Role.ACCOUNTABLE, Role.BENEFICIARY_REPRESENTATIVE),
            ),
            Party(BANK, "Bank X", OrganisationKind.BANK, (Role.FUNDING, Role.IMPLEMENTING)),
        ),
        contributions=(
            Contribution("c-money", BANK, ContributionKind.MONEY, description="Dana CSR"),
            Contribution(
                "c-build", BANK, ContributionKind.CONSTRUCTION, description="Pembangunan gedung"
            ),
        ),
        objectives=(
            Objective("o-dinkes", DINKES, "Kesejahteraan warga lewat puskesmas baru", met=True),
            Objective("o-bank", BANK, "Dana CSR tersalurkan untuk warga", met=True),
            Objective("o-joint", None, "Puskesmas baru di Semanggi berdiri", met=True),
        ),
        decisions=(
            decision(
                "d-plan",
                DecisionSubject.PLANNING,
                dinkes=Participation.JOINT,
                bank=Participation.JOINT,
            ),
            decision(
                "d-design",
                DecisionSubject.DESIGN,
                dinkes=Participation.CONSULTED,
                bank=Participation.DECIDES,
            ),
            decision("d-budget", DecisionSubject.BUDGET, bank=Participation.DECIDES),
            decision("d-build", DecisionSubject.IMPLEMENTATION, bank=Participation.DECIDES),
        ),
        activities=(
            Activity("a-fund", BANK, "Menyiapkan dana CSR"),
            Activity("a-design", BANK, "Desain gedung", depends_on=("a-fund",)),
            Activity("a-build", BANK, "Membangun gedung", depends_on=("a-design",)),
        ),
        handovers=(Handover("h-building", "gedung puskesmas", BANK, DINKES),),
        agreements=(
            Agreement("ag-mou", AgreementKind.MOU, (DINKES, BANK), "Nota kesepahaman"),
            Agreement("ag-bast", AgreementKind.BAST, (DINKES, BANK), "BAST gedung"),
        ),
        phases=(
            PhaseParticipation(DINKES, Phase.PLANNING),
            PhaseParticipation(BANK, Phase.PLANNING),
            PhaseParticipation(BANK, Phase.ORGANIZING),
            PhaseParticipation(BANK, Phase.ACTUATING),
            PhaseParticipation(BANK, Phase.CONTROLLING),
            PhaseParticipation(DINKES, Phase.CONTROLLING),
        ),
        reports=(Report("r-progress", BANK, "Laporan kemajuan", shared_with=(DINKES,)),),
        evidence=(
            segment(
                "K3",
                SUPPORTS,
                "wd1-07",
                party=DINKES,
                informant="Informan D1",
                source="Wawancara pejabat Dinkes",
                excerpt="Kerja sama ini supaya warga Semanggi punya puskesmas sendiri.",
            ),
            segment(
                "K3",
                SUPPORTS,
                "wb1-03",
                party=BANK,
                informant="Informan B1",
                source="Wawancara petugas CSR",
                excerpt="Dana CSR kami arahkan ke layanan kesehatan warga.",
            ),
            segment(
                "K4",
                SUPPORTS,
                "wb1-05",
                party=BANK,
                triangulation=Status.SINGLE_SOURCE,
                informant="Informan B1",
                source="Wawancara petugas CSR",
            ),
            segment(
                "K1",
                CONTRADICTS,
                "obs-02",
                kind=SourceKind.OBSERVATION,
                source="Catatan observasi gedung",
                excerpt="Dinkes menerima gedung yang sudah jadi.",
            ),
            segment(
                "K10",
                SUPPORTS,
                "doc-lp-05",
                party=BANK,
                kind=SourceKind.DOCUMENT,
                source="Laporan pelaksanaan pembangunan",
                excerpt="Pekerjaan fisik dikerjakan kontraktor bank tanpa keterlibatan Dinkes.",
            ),
            segment(
                "K5",
                SUPPORTS,
                "wp1-02",
                party=DINKES,
                triangulation=Status.SINGLE_SOURCE,
                informant="Informan P1",
                source="Wawancara pasien puskesmas",
            ),
            segment(
                "K5",
                CONTRADICTS,
                "wb2-04",
                party=BANK,
                triangulation=Status.CONTESTED,
                informant="Informan B2",
                source="Wawancara staf bank",
            ),
            segment(
                "K2",
                CONTRADICTS,
                "wd1-09",
                party=DINKES,
                triangulation=Status.SINGLE_SOURCE,
                informant="Informan D1",
                source="Wawancara pejabat Dinkes",
            ),
        ),
    )


def records_only(case: Case) -> Case:
    return replace(case, evidence=())


def party_value(result: IndicatorValue, party_id: str) -> float | None:
    entry = result.party(party_id)
    assert entry is not None
    return entry.value


def facet_value(result: IndicatorValue, name: str) -> float | None:
    entry = result.facet(name)
    assert entry is not None
    return entry.value


def test_every_indicator_is_registered_in_order_with_both_names() -> None:
    assert tuple(INDICATORS) == INDICATOR_CODES
    for code in INDICATOR_CODES:
        assert NAMES[code].id and NAMES[code].en
        assert INDICATORS[code].compute.__doc__


def test_values_and_confidence_stay_between_zero_and_one() -> None:
    for case in (sample_case(), records_only(sample_case())):
        for result in compute_indicators(case).values():
            assert result.value is None or 0 <= result.value <= 1
            assert 0 <= result.confidence <= 1
            for entry in result.per_party:
                assert entry.value is None or 0 <= entry.value <= 1
            if result.value is None:
                assert result.confidence == 0


def money(party: str, kind: ContributionKind, value: int | None = None) -> Contribution:
    return Contribution(
        f"{party}-{kind}", party, kind, planned_value=None if value is None else Decimal(value)
    )


@pytest.mark.parametrize(
    ("contributions", "expected"),
    [
        # The bank gives everything: wholly one-sided.
        (
            (money(BANK, ContributionKind.MONEY), money(BANK, ContributionKind.CONSTRUCTION)),
            0.0,
        ),
        # One material kind each, no values: balanced by kind.
        ((money(BANK, ContributionKind.MONEY), money(DINKES, ContributionKind.LAND)), 1.0),
        # Every amount known: the amounts decide, 90 % from the bank.
        (
            (
                money(BANK, ContributionKind.MONEY, 900),
                money(DINKES, ContributionKind.LAND, 100),
            ),
            0.2,
        ),
        # Non-cash contributions count, each kind by its weight: 1 + 1 against 1 + 0.25 + 0.75.
        (
            (
                money(BANK, ContributionKind.MONEY),
                money(BANK, ContributionKind.CONSTRUCTION),
                money(DINKES, ContributionKind.LAND),
                money(DINKES, ContributionKind.PERMITS),
                money(DINKES, ContributionKind.STAFF),
            ),
            1.0,
        ),
        # A regulation does not weigh as much as a billion rupiah: the amounts say one-sided
        # (0), the kinds 1 against 0.25 (0.4); their mean.
        (
            (
                money(BANK, ContributionKind.MONEY, 1_000_000_000),
                money(DINKES, ContributionKind.PERMITS),
            ),
            0.2,
        ),
        ((), None),
    ],
)
def test_k1_reads_the_spread_of_contributions(
    contributions: tuple[Contribution, ...], expected: float | None
) -> None:
    case = replace(records_only(sample_case()), contributions=contributions)
    assert k1_contribution_balance(case).value == expected


@pytest.mark.parametrize(
    ("dinkes", "bank", "k2", "k7"),
    [
        (Participation.JOINT, Participation.JOINT, 1.0, 1.0),
        (Participation.NONE, Participation.DECIDES, 0.0, 0.0),
        (Participation.CONSULTED, Participation.DECIDES, 0.25, 0.0),
        (Participation.CONSULTED, Participation.JOINT, 0.25, 0.5),
        (Participation.DECIDES, Participation.DECIDES, 1.0, 1.0),
    ],
)
def test_k2_and_k7_read_the_decisions_log(
    dinkes: Participation, bank: Participation, k2: float, k7: float
) -> None:
    case = replace(
        records_only(sample_case()),
        decisions=(decision("d", DecisionSubject.BUDGET, dinkes=dinkes, bank=bank),),
    )
    assert k2_participation_in_decisions(case).value == k2
    assert facet_value(k2_participation_in_decisions(case), "budget") == k2
    assert k7_peer_relation(case).value == k7


def test_a_contribution_not_reported_is_unknown_not_zero() -> None:
    case = replace(
        records_only(sample_case()),
        contributions=(money(BANK, ContributionKind.MONEY, 1_000_000_000),),
        absences=(Absence("x", AbsenceWhat.CONTRIBUTION, DINKES, "tidak dilaporkan"),),
    )
    result = k1_contribution_balance(case)
    assert result.value is None
    assert any("not reported" in gap.text.en for gap in result.missing)
    assert any(item.reference == "absence:x" for item in result.provenance)
    # Without the record of absence, the records say Dinkes gave nothing: one-sided.
    assert k1_contribution_balance(replace(case, absences=())).value == 0.0


def two(first: OrganisationKind, second: OrganisationKind) -> Case:
    return Case(
        "c",
        "c",
        parties=(Party("a", "A", first), Party("b", "B", second)),
        decisions=(
            decision("d1", DecisionSubject.BUDGET, a=Participation.DECIDES, b=Participation.NONE),
        ),
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (OrganisationKind.REGIONAL_UNIT, OrganisationKind.BANK),
        (OrganisationKind.COMPANY, OrganisationKind.COMMUNITY),
        (OrganisationKind.GOVERNMENT, OrganisationKind.OTHER),
        (OrganisationKind.SCHOOL, OrganisationKind.SOE),
    ],
)
def test_k6_never_reads_the_kind_of_organisation(
    first: OrganisationKind, second: OrganisationKind
) -> None:
    # Whatever the kinds, who decided is what counts: A decided alone, B took no part.
    assert k6_symmetry(two(first, second)).value == 0.0
    assert k6_symmetry(two(second, first)).value == 0.0
    assert k6_symmetry(Case("c", "c", parties=two(first, second).parties)).value is None


@pytest.mark.parametrize(
    ("dependences", "expected"),
    [
        # The weaker side depends on the other for funds and skills, and not the reverse.
        (
            (
                Dependence("x", DINKES, BANK, DependenceKind.FUNDS),
                Dependence("y", DINKES, BANK, DependenceKind.SKILLS),
            ),
            0.0,
        ),
        # Each depends on the other: mutual.
        (
            (
                Dependence("x", DINKES, BANK, DependenceKind.FUNDS),
                Dependence("y", BANK, DINKES, DependenceKind.AUTHORITY),
            ),
            1.0,
        ),
        ((), None),
    ],
)
def test_k6_reads_who_depends_on_whom(
    dependences: tuple[Dependence, ...], expected: float | None
) -> None:
    case = replace(records_only(sample_case()), decisions=(), dependences=dependences)
    result = k6_symmetry(case)
    assert result.value == expected
    assert facet_value(result, "dependence") == expected


def test_a_regulator_that_gains_nothing_is_not_held_to_benefit() -> None:
    regulator = Party(
        "reg", "Inspektorat", OrganisationKind.GOVERNMENT, standing=Standing.SUPERVISOR
    )
    case = replace(records_only(sample_case()), parties=(*sample_case().parties, regulator))
    result = k5_benefit(case)
    entry = result.party("reg")
    assert entry is not None and entry.exempt and entry.value is None
    assert not any(gap.party_id == "reg" for gap in result.missing)
    # Recorded as a beneficiary, it is held to it like a partner.
    beneficiary = replace(
        case, parties=(*sample_case().parties, replace(regulator, beneficiary=True))
    )
    assert any(gap.party_id == "reg" for gap in k5_benefit(beneficiary).missing)


def test_a_joint_objective_counts_only_for_the_parties_that_hold_it() -> None:
    case = replace(
        records_only(sample_case()),
        objectives=(
            Objective("own", BANK, "CSR tersalurkan", met=True),
            Objective("joint", None, "Puskesmas berdiri", met=True, held_by=(BANK,)),
        ),
    )
    result = k5_benefit(case)
    assert party_value(result, BANK) == 1.0
    assert party_value(result, DINKES) is None
    held = replace(
        case,
        objectives=(
            *case.objectives[:1],
            replace(case.objectives[1], held_by=(BANK, DINKES)),
        ),
    )
    assert party_value(k5_benefit(held), DINKES) == 1.0


def test_k8_reads_an_explicit_shared_vision_when_no_party_states_its_own() -> None:
    case = replace(
        records_only(sample_case()),
        objectives=(Objective("joint", None, "Puskesmas berdiri"),),
        evidence=(segment("K8", SUPPORTS, "pub-1", source="Ringkasan publikasi"),),
    )
    assert k8_complementarity(case).value == 1.0
    assert k8_complementarity(replace(case, evidence=())).value is None


def test_k8_records_do_not_outweigh_explicit_statements() -> None:
    case = replace(
        records_only(sample_case()),
        objectives=(Objective("own", BANK, "CSR tersalurkan"),),
        evidence=(segment("K8", SUPPORTS, "s1", triangulation=Status.SINGLE_SOURCE),),
    )
    # The record alone reads 0.25 (one partner of two states an aim, no joint one); one
    # explicit statement of a shared vision weighs as much as it.
    assert k8_complementarity(replace(case, evidence=())).value == 0.25
    assert k8_complementarity(case).value == 0.625


def test_evidence_about_no_party_is_read_for_every_party_and_said_so() -> None:
    case = replace(
        records_only(sample_case()),
        evidence=(segment("K3", SUPPORTS, "s1", informant="Informan A"),),
    )
    result = k3_understanding(case)
    assert party_value(result, DINKES) == 1.0 and party_value(result, BANK) == 1.0
    assert any("about no party" in note.en for note in result.notes)


def test_the_same_segment_coded_twice_counts_once() -> None:
    once = replace(records_only(sample_case()), evidence=(segment("K1", CONTRADICTS, "s1"),))
    twice = replace(once, evidence=once.evidence * 2)
    assert compute_indicators(once) == compute_indicators(twice)


def test_a_publication_speaks_as_one_document() -> None:
    def paraphrase(number: int) -> EvidenceItem:
        return replace(
            segment("K3", SUPPORTS, f"p{number}", party=BANK, kind=SourceKind.PUBLISHED_STUDY),
            publication="Penulis (2010)",
        )

    one = replace(records_only(sample_case()), evidence=(paraphrase(1),))
    many = replace(one, evidence=tuple(paraphrase(n) for n in range(5)))
    first, second = compute_indicators(one)["K3"], compute_indicators(many)["K3"]
    assert first.confidence == second.confidence
    voices = {item.voice for item in second.provenance if item.kind is ProvenanceKind.EVIDENCE}
    assert voices == {"publication:Penulis (2010)"}


def test_illustrative_evidence_is_marked_and_can_be_left_out() -> None:
    item = replace(segment("K3", SUPPORTS, "s1", party=BANK), illustrative=True)
    case = replace(records_only(sample_case()), evidence=(item,))
    counted = compute_indicators(case)["K3"]
    assert party_value(counted, BANK) == 1.0
    assert all(p.illustrative for p in counted.provenance if p.kind is ProvenanceKind.EVIDENCE)
    left_out = compute_indicators(replace(case, exclude_illustrative=True))["K3"]
    assert party_value(left_out, BANK) is None


@pytest.mark.parametrize(
    ("absence", "code", "expected"),
    [
        (AbsenceWhat.AGREEMENT, "K11", 0.0),
        (AbsenceWhat.FORUM, "K12", 0.0),
        (AbsenceWhat.REPORT, "K14", 0.0),
    ],
)
def test_absences_are_read_as_records_with_their_reason(
    absence: AbsenceWhat, code: str, expected: float
) -> None:
    case = Case(
        "c",
        "c",
        parties=sample_case().parties,
        absences=(Absence("x", absence, reason="hibah CSR, cukup BAST"),),
    )
    result = compute_indicators(case)[code]
    assert result.value == expected
    assert any("hibah CSR" in item.description for item in result.provenance)
    assert compute_indicators(replace(case, absences=()))[code].value is None


PERMIT = Activity("a-permit", DINKES, "Izin mendirikan bangunan")
BUILD_AFTER_PERMIT = Activity("a-build", BANK, "Membangun gedung", depends_on=("a-permit",))
HANDOVER = Handover("h", "gedung", BANK, DINKES)


@pytest.mark.parametrize(
    ("activities", "handovers", "expected"),
    [
        ((Activity("a-build", BANK, "Membangun gedung"),), (HANDOVER,), 1.0),
        ((PERMIT, BUILD_AFTER_PERMIT), (), 0.5),
        ((PERMIT, BUILD_AFTER_PERMIT), (HANDOVER,), 0.75),
        ((), (), None),
    ],
)
def test_k10_reads_cross_party_dependencies_and_handover(
    activities: tuple[Activity, ...], handovers: tuple[Handover, ...], expected: float | None
) -> None:
    case = replace(records_only(sample_case()), activities=activities, handovers=handovers)
    assert k10_independence(case).value == expected


def test_k10_names_the_activity_that_waits_for_the_other_party() -> None:
    case = replace(
        records_only(sample_case()), activities=(PERMIT, BUILD_AFTER_PERMIT), handovers=()
    )
    result = k10_independence(case)
    assert party_value(result, BANK) == 0.0
    assert party_value(result, DINKES) == 1.0
    waiting = [item for item in result.provenance if item.reference == "activity:a-build"]
    assert waiting[0].direction == -1
    assert "a-permit (Dinkes)" in waiting[0].description


@pytest.mark.parametrize(
    ("kinds", "expected", "facets"),
    [
        ((AgreementKind.MOU, AgreementKind.BAST), 1.0, {"mou": 1.0, "pks": 0.0, "bast": 1.0}),
        ((AgreementKind.BAST,), 0.5, {"mou": 0.0, "pks": 0.0, "bast": 1.0}),
        ((), None, {"mou": None, "pks": None, "bast": None}),
    ],
)
def test_k11_reads_written_agreements(
    kinds: tuple[AgreementKind, ...], expected: float | None, facets: dict[str, float | None]
) -> None:
    agreements = tuple(Agreement(f"ag-{kind}", kind, (DINKES, BANK)) for kind in kinds)
    result = k11_formalisation(replace(records_only(sample_case()), agreements=agreements))
    assert result.value == expected
    for name, value in facets.items():
        assert facet_value(result, name) == value


@pytest.mark.parametrize(
    ("coordination", "expected"),
    [
        (Coordination(has_forum=True), 1.0),
        (Coordination(has_forum=False, has_joint_team=True), 1.0),
        (Coordination(has_forum=False, has_joint_team=False), 0.0),
        (Coordination(), None),
    ],
)
def test_k12_reads_forum_and_joint_team(coordination: Coordination, expected: float | None) -> None:
    case = replace(records_only(sample_case()), coordination=coordination)
    assert k12_coordination(case).value == expected


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        ((Report("r1", BANK, "Laporan", shared_with=(DINKES,)),), 1.0),
        ((Report("r1", BANK, "Laporan", public=True), Report("r2", BANK, "Laporan dana")), 0.5),
        ((Report("r1", BANK, "Laporan", shared_with=(BANK,)),), 0.0),
        ((), None),
    ],
)
def test_k14_reads_shared_reports(reports: tuple[Report, ...], expected: float | None) -> None:
    case = replace(records_only(sample_case()), reports=reports)
    assert k14_transparency(case).value == expected


def test_k13_scores_one_sided_functions_a_quarter() -> None:
    result = compute_indicators(sample_case())["K13"]
    assert {facet.name: facet.value for facet in result.facets} == {
        "planning": 1.0,
        "organizing": 0.25,
        "actuating": 0.25,
        "controlling": 1.0,
    }


def test_triangulation_weights_are_named_and_ordered() -> None:
    weights = TRIANGULATION_WEIGHTS
    assert weights[Status.TRIANGULATED] == 1.0
    assert weights[Status.SINGLE_SOURCE] == 0.5
    assert weights[Status.CONTESTED] == 0.25
    assert weights[Status.UNSUPPORTED] == 0.0


SUPPORT = Direction.SUPPORTS
AGAINST = Direction.CONTRADICTS


@pytest.mark.parametrize(
    ("coded", "expected"),
    [
        ([(Status.TRIANGULATED, SUPPORT)], 1.0),
        ([(Status.TRIANGULATED, SUPPORT), (Status.SINGLE_SOURCE, AGAINST)], 0.666667),
        ([(Status.SINGLE_SOURCE, SUPPORT), (Status.CONTESTED, AGAINST)], 0.666667),
        ([(Status.TRIANGULATED, SUPPORT), (Status.TRIANGULATED, AGAINST)], 0.5),
        ([(Status.CONTESTED, AGAINST)], 0.0),
        ([(Status.UNSUPPORTED, SUPPORT)], None),
        ([], None),
    ],
)
def test_evidence_is_weighted_by_triangulation_and_contradictions_count_against(
    coded: list[tuple[Status, Direction]], expected: float | None
) -> None:
    evidence = tuple(
        segment("K3", direction, f"s{index}", party=BANK, triangulation=status)
        for index, (status, direction) in enumerate(coded)
    )
    case = replace(sample_case(), evidence=evidence)
    assert party_value(k3_understanding(case), BANK) == expected


def test_contradicting_evidence_pulls_a_record_down() -> None:
    with_evidence = compute_indicators(sample_case())["K5"].party(BANK)
    without = compute_indicators(records_only(sample_case()))["K5"].party(BANK)
    assert without is not None and with_evidence is not None
    assert without.value == 1.0
    assert with_evidence.value is not None and with_evidence.value < 1.0


def test_confidence_grows_with_evidence() -> None:
    one = (segment("K3", SUPPORT, "s1", party=BANK),)
    two = (*one, segment("K3", SUPPORT, "s2", party=BANK))
    confidences = []
    for evidence in ((), one, two):
        entry = k3_understanding(replace(sample_case(), evidence=evidence)).party(BANK)
        assert entry is not None
        confidences.append(entry.confidence)
    assert confidences[0] == 0
    assert confidences[0] < confidences[1] < confidences[2] < 1


def test_missing_evidence_is_reported_for_the_silent_party_not_guessed() -> None:
    case = sample_case()
    case = replace(case, evidence=tuple(e for e in case.evidence if e.segment != "wb1-03"))
    result = k3_understanding(case)
    assert party_value(result, BANK) is None
    assert party_value(result, DINKES) == 1.0
    [gap] = result.missing
    assert gap.party_id == BANK
    assert (
        gap.text.en
        == "no evidence on K3 (understanding of the partnership's purpose) from Bank X's side"
    )
    assert "dari pihak Bank X" in gap.text.id


def test_provenance_lists_records_and_segments_with_informant_and_source() -> None:
    values = compute_indicators(sample_case())
    [segment_used] = [p for p in values["K3"].provenance if p.reference == "segment:wb1-03"]
    assert segment_used.kind is ProvenanceKind.EVIDENCE
    assert (segment_used.informant, segment_used.source) == ("Informan B1", "Wawancara petugas CSR")
    assert segment_used.party_id == BANK
    references = {p.reference for p in values["K1"].provenance}
    assert references == {"contribution:c-money", "contribution:c-build", "segment:obs-02"}
    assert all(p.kind is ProvenanceKind.RECORD for p in values["K6"].provenance)


def test_conflicting_evidence_is_shown_with_both_sides() -> None:
    [conflict] = compute_indicators(sample_case())["K5"].conflicts
    assert conflict.party_id == BANK
    assert [p.reference for p in conflict.for_high] == ["objective:o-bank"]
    assert [p.reference for p in conflict.against_high] == ["segment:wb2-04"]
    assert "Informan B2" in conflict.text.en and "Informan B2" in conflict.text.id


def test_indicators_do_not_depend_on_the_order_of_segments() -> None:
    case = sample_case()
    reordered = replace(case, evidence=tuple(reversed(case.evidence)))
    assert compute_indicators(reordered) == compute_indicators(case)


def objective_for(party: str | None) -> Objective:
    return Objective("o", party, "tujuan")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"contributions": (money("nobody", ContributionKind.MONEY),)}, "unknown party 'nobody'"),
        ({"objectives": (objective_for("nobody"),)}, "unknown party 'nobody'"),
        (
            {"activities": (Activity("a", BANK, "x", depends_on=("ghost",)),)},
            "unknown activity 'ghost'",
        ),
        (
            {"evidence": (segment("K99", SUPPORT, "s"),)},
            "unknown indicator 'K99'",
        ),
        (
            {"phases": (PhaseParticipation(BANK, Phase.CLOSED),)},
            "not a management function",
        ),
        ({"parties": ()}, "at least one party"),
        (
            {
                "parties": (
                    Party("a", "A", OrganisationKind.BANK),
                    Party("a", "B", OrganisationKind.NGO),
                )
            },
            "unique",
        ),
    ],
)
def test_a_case_with_dangling_references_is_refused(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        replace(sample_case(), **change)  # type: ignore[arg-type]
