"""The Case the selectors build from the database: every record reaches the core, and a change
in the records moves the indicator that reads it. (The founding case's labels are tested in
test_founding_case.py; the rules themselves in the core's tests, from the definitions.)"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from semanggi.assessment.selectors import case_for, cases_for
from semanggi.assessment.serialize import assessment_from_json, assessment_to_json
from semanggi.assessment.tests.conftest import Founding
from semanggi.core.assessment import Strength, assess, available_frameworks, load_framework
from semanggi.core.assessment.inputs import (
    Direction,
    OrganisationKind,
    Participation,
    Role,
)
from semanggi.core.assessment.values import ProvenanceKind
from semanggi.core.triangulation import Status
from semanggi.evidence.models import Code, Finding, Informant, Segment, Source
from semanggi.partnerships.models import Contribution, Objective, Partnership, Party
from semanggi.partnerships.tests.factories import PartnershipFactory, PartyFactory, party_fill
from semanggi.poac.models import (
    Activity,
    Decision,
    DecisionParty,
    Indicator,
    IndicatorPeriod,
    Responsibility,
)
from semanggi.testing.queries import count_queries

RANK = {Strength.ABSENT: 0, Strength.WEAK: 1, Strength.MODERATE: 2, Strength.STRONG: 3}
DINKES, BANK = "dinkes-surakarta", "bank-x-cabang-y"


def life(founding: Founding):  # type: ignore[no-untyped-def]
    case = case_for(founding.partnership)
    assert case is not None
    return assess(case, load_framework("sulistiyani-life"))


def excerpts(items) -> str:  # type: ignore[no-untyped-def]
    return " ".join(item.excerpt for item in items if item.kind is ProvenanceKind.EVIDENCE)


def indicator_value(founding: Founding, code: str):  # type: ignore[no-untyped-def]
    return next(value for value in life(founding).indicators if value.code == code)


def test_the_selectors_build_the_case_the_core_reads(founding: Founding) -> None:
    case = case_for(founding.partnership)
    assert case is not None
    assert case.id == "bina-kesehatan-semanggi"
    dinkes, bank = case.party(DINKES), case.party(BANK)
    assert (dinkes.name, dinkes.kind) == ("Dinkes", OrganisationKind.REGIONAL_UNIT)
    assert set(bank.roles) == {Role.FUNDING, Role.IMPLEMENTING}
    assert {(c.party_id, c.kind) for c in case.contributions} == {
        (DINKES, "staff"),
        (BANK, "money"),
        (BANK, "construction"),
    }
    joint = [o for o in case.objectives if o.party_id is None]
    assert [o.met for o in joint] == [True]  # its indicator's approved actual reached the target
    assert all(o.met is None for o in case.objectives if o.party_id)  # not measured: unknown
    implementation = next(d for d in case.decisions if d.subject == "implementation")
    assert implementation.level_of(BANK) is Participation.DECIDES
    assert implementation.level_of(DINKES) is Participation.NONE  # only informed
    build = next(a for a in case.activities if "Pembangunan fisik" in a.name)
    assert build.party_id == BANK
    assert [h.from_party_id for h in case.handovers] == [BANK]
    assert case.coordination.has_joint_team is True
    assert case.coordination.has_forum is None  # nothing recorded: unknown, not absent
    assert case.absences == () and case.dependences == ()


def test_standing_absences_and_dependences_reach_the_core(founding: Founding) -> None:
    from semanggi.core.assessment.inputs import AbsenceWhat, DependenceKind, Standing
    from semanggi.partnerships.models import Absence, Dependence

    dinkes, bank = _dinkes_bank(founding)
    dinkes.standing, dinkes.beneficiary = "regulator", False
    dinkes.save()
    founding.partnership.no_agreement_reason = "Hanya BAST, tanpa MoU"
    founding.partnership.save()
    Absence.objects.create(partnership=founding.partnership, what="forum", reason="Tidak ada")
    Absence.objects.create(
        partnership=founding.partnership, what="contribution", party=dinkes, reason="?"
    )
    Dependence.objects.create(
        partnership=founding.partnership, party=dinkes, on_party=bank, kind="funds"
    )
    objective = Objective.objects.get(partnership=founding.partnership, party__isnull=True)
    objective.held_by.add(bank)
    case = case_for(founding.partnership)
    assert case is not None
    assert (case.party(DINKES).standing, case.party(DINKES).beneficiary) == (
        Standing.REGULATOR,
        False,
    )
    assert case.party(DINKES).overseer and not case.party(BANK).overseer
    assert {(a.what, a.party_id) for a in case.absences} == {
        (AbsenceWhat.AGREEMENT, None),
        (AbsenceWhat.FORUM, None),
        (AbsenceWhat.CONTRIBUTION, DINKES),
    }
    agreement = next(a for a in case.absences if a.what is AbsenceWhat.AGREEMENT)
    assert agreement.reason == "Hanya BAST, tanpa MoU"  # the recorded reason is read
    [dependence] = case.dependences
    assert (dependence.party_id, dependence.on_party_id, dependence.kind) == (
        DINKES,
        BANK,
        DependenceKind.FUNDS,
    )
    assert [o.held_by for o in case.objectives if o.party_id is None] == [(BANK,)]
    # The absence is shown as a record where the indicator reads it.
    assert any(
        item.reference.startswith("absence:")
        for value in assess(case, load_framework("sulistiyani-life")).indicators
        for item in value.provenance
    )


def test_evidence_is_weighted_by_the_triangulation_of_its_finding(founding: Founding) -> None:
    case = case_for(founding.partnership)
    assert case is not None
    k1 = [item for item in case.evidence if item.indicator == "K1"]
    assert k1 and all(item.direction is Direction.CONTRADICTS for item in k1)
    assert all(item.triangulation is Status.TRIANGULATED for item in k1)
    lone = [item for item in case.evidence if item.indicator == "K4"]
    assert lone and all(item.triangulation is Status.SINGLE_SOURCE for item in lone)
    # The bank's benefit rests on one informant only: not yet triangulated.
    bank_benefit = [i for i in case.evidence if i.indicator == "K5" and i.party_id == BANK]
    assert {i.triangulation for i in bank_benefit} == {Status.SINGLE_SOURCE}
    # Informants appear by code and role label only.
    assert {i.informant for i in case.evidence if i.informant} >= {"INF-01 (staf Dinkes)"}


def test_a_withdrawn_informant_no_longer_counts(founding: Founding) -> None:
    before = case_for(founding.partnership)
    Informant.objects.filter(study=founding.study, code="INF-02").update(
        consent_withdrawn_on=date(2024, 1, 1)
    )
    after = case_for(founding.partnership)
    assert before is not None and after is not None
    assert any(i.informant and "INF-02" in i.informant for i in before.evidence)
    assert not any(i.informant and "INF-02" in i.informant for i in after.evidence)


def test_contradicting_evidence_counts_against_and_the_conflict_is_shown(
    founding: Founding,
) -> None:
    before = indicator_value(founding, "K5").party(BANK)
    source = Source.objects.create(
        study=founding.study,
        kind="interview",
        title="Wawancara manajer bank",
        text="Bagi bank, program ini tidak membawa manfaat apa pun.",
    )
    segment = Segment.objects.create(source=source, start=0, end=len(source.text))
    bank = Party.objects.get(partnership=founding.partnership, organisation__slug=BANK)
    segment.codes.add(
        Code.objects.create(
            study=founding.study, name="Tanpa manfaat: bank", indicator="K5", direction=-1,
            party=bank,
        )
    )  # fmt: skip
    value = indicator_value(founding, "K5")
    after = value.party(BANK)
    assert before is not None and after is not None
    assert before.value is not None and after.value is not None and after.value < before.value
    assert any(c.party_id == BANK for c in value.conflicts)
    mutualism = life(founding).label("mutualism")
    assert f"segment:{segment.pk}" in {item.reference for item in mutualism.contradicting}


def _dinkes_bank(founding: Founding) -> tuple[Party, Party]:
    parties = {
        p.organisation.slug: p
        for p in Party.objects.filter(partnership=founding.partnership).select_related(
            "organisation"
        )
    }
    return parties[DINKES], parties[BANK]


def test_balanced_contributions_and_joint_decisions_read_as_balance(founding: Founding) -> None:
    before = indicator_value(founding, "K1").value
    dinkes, _ = _dinkes_bank(founding)
    for kind, value in (("land", "900000000"), ("permits", "300000000"), ("expertise", None)):
        Contribution.objects.create(
            party=dinkes,
            kind=kind,
            description="Kontribusi Dinkes",
            planned_value=Decimal(value) if value else None,
        )
    DecisionParty.objects.filter(decision__partnership=founding.partnership).update(
        involvement="joint"
    )
    after = indicator_value(founding, "K1").value
    assert before is not None and after is not None
    assert after > before  # K1 reads balance: higher when Dinkes contributes too


def test_a_benefit_missed_by_one_party_reads_as_less_benefit(founding: Founding) -> None:
    before = indicator_value(founding, "K5").party(BANK)
    _, bank = _dinkes_bank(founding)
    objective = Objective.objects.get(party=bank)
    indicator = Indicator.objects.create(
        partnership=founding.partnership,
        objective=objective,
        name="Dana CSR tersalurkan",
        kind="outcome",
        unit="%",
        accountable=bank,
    )
    IndicatorPeriod.objects.create(
        indicator=indicator,
        period_start=date(2012, 1, 1),
        period_end=date(2012, 12, 31),
        target=Decimal(100),
        actual=Decimal(20),
        approved_at=timezone.now(),
    )
    case = case_for(founding.partnership)
    assert case is not None
    assert [o.met for o in case.objectives if o.id == str(objective.pk)] == [False]
    after = indicator_value(founding, "K5").party(BANK)
    assert before is not None and after is not None
    assert before.value is not None and after.value is not None and after.value < before.value


def test_work_waiting_for_the_other_party_reads_as_dependence(founding: Founding) -> None:
    before = indicator_value(founding, "K10").value
    dinkes, _bank = _dinkes_bank(founding)
    permit = Activity.objects.create(
        partnership=founding.partnership,
        title="Izin mendirikan bangunan oleh Dinkes",
        planned_start=date(2012, 1, 2),
        planned_end=date(2012, 2, 1),
    )
    Responsibility.objects.create(activity=permit, party=dinkes, letter="R")
    for activity in Activity.objects.filter(partnership=founding.partnership).exclude(pk=permit.pk):
        activity.depends_on.add(permit)
    after = indicator_value(founding, "K10").value
    assert before is not None and after is not None
    assert after < before  # K10 reads independence


def test_the_assessment_is_deterministic_and_survives_storage(founding: Founding) -> None:
    case = case_for(founding.partnership)
    assert case is not None and case == case_for(founding.partnership)
    for framework_id in available_frameworks():
        result = assess(case, load_framework(framework_id))
        assert assessment_from_json(assessment_to_json(result)) == result


def test_cases_for_reads_many_partnerships_in_a_fixed_number_of_queries(
    founding: Founding,
) -> None:
    def grow() -> None:
        for _ in range(3):
            partnership = PartnershipFactory()
            party = party_fill(PartyFactory(partnership=partnership))
            decision = Decision.objects.create(
                partnership=partnership, decided_on=date(2020, 1, 1), subject="budget", text="x"
            )
            DecisionParty.objects.create(decision=decision, party=party, involvement="alone")
            activity = Activity.objects.create(
                partnership=partnership,
                title="Kegiatan",
                planned_start=date(2020, 1, 1),
                planned_end=date(2020, 2, 1),
            )
            Responsibility.objects.create(activity=activity, party=party, letter="R")
            founding.study.partnerships.add(partnership)
            finding = Finding.objects.create(
                study=founding.study, statement="Temuan", indicator="K2", party=party
            )
            finding.supporting.add(Segment.objects.filter(source__study=founding.study).first())

    def read() -> int:
        return len(cases_for(Partnership.objects.values_list("pk", flat=True)))

    before, first = count_queries(read)
    grow()
    after, second = count_queries(read)
    assert second == first + 3
    assert after == before


def test_the_demo_evidence_is_loaded_once_and_marked_illustrative(founding: Founding) -> None:
    from semanggi.demo.services import founding_study_load

    again = founding_study_load(lead=founding.evaluator)
    assert again == founding.study
    sources = list(Source.objects.filter(study=founding.study))
    assert len(sources) == 6
    assert {s.kind for s in sources} == {"interview", "document", "observation"}
    assert all(s.illustrative and "Illustrative excerpt" in s.caption for s in sources)
    assert founding.study.illustrative
    case = case_for(founding.partnership)
    assert case is not None and case.evidence and all(i.illustrative for i in case.evidence)
    informants = Informant.objects.filter(study=founding.study)
    assert {i.sampling for i in informants} == {"purposive", "snowball", "accidental"}
    assert informants.get(code="INF-03").referred_by.code == "INF-01"  # type: ignore[union-attr]
    assert not any(i.real_name or i.contact for i in informants)
    assert Finding.objects.filter(study=founding.study).count() == 4
