"""Source triangulation of findings, one row per situation an evaluator meets."""

from fractions import Fraction

import pytest

from semanggi.core.triangulation import (
    DEFAULT_RULES,
    EvidenceSegment,
    RuleSet,
    Side,
    SourceKind,
    Status,
    triangulate,
)

INTERVIEW = SourceKind.INTERVIEW
DOCUMENT = SourceKind.DOCUMENT
OBSERVATION = SourceKind.OBSERVATION
FIELD_NOTE = SourceKind.FIELD_NOTE

# The founding case's people: Bu Sari (Dinkes, party 1), Pak Budi (the bank, party 2), a patient
# met by chance (no party), and the MoU and an observation note, which have no informant.
SARI, BUDI, PATIENT = 11, 12, 13
DINKES, BANK = 1, 2


def seg(
    segment_id: int,
    source_id: int,
    kind: SourceKind,
    informant: int | None = None,
    party: int | None = None,
    *,
    withdrawn: bool = False,
) -> EvidenceSegment:
    return EvidenceSegment(
        segment_id=segment_id,
        source_id=source_id,
        source_kind=kind,
        informant_id=informant,
        informant_withdrawn=withdrawn,
        party_id=party,
    )


SARI_INTERVIEW = seg(1, 100, INTERVIEW, SARI, DINKES)
SARI_AGAIN = seg(2, 100, INTERVIEW, SARI, DINKES)
SARI_SECOND_INTERVIEW = seg(3, 101, INTERVIEW, SARI, DINKES)
BUDI_INTERVIEW = seg(4, 102, INTERVIEW, BUDI, BANK)
PATIENT_INTERVIEW = seg(5, 103, INTERVIEW, PATIENT)
MOU = seg(6, 200, DOCUMENT)
OBSERVED = seg(7, 300, OBSERVATION)
BUDI_FIELD_NOTE = seg(8, 400, FIELD_NOTE, BUDI, BANK)
SARI_WITHDRAWN = seg(9, 104, INTERVIEW, SARI, DINKES, withdrawn=True)
BUDI_WITHDRAWN = seg(10, 105, INTERVIEW, BUDI, BANK, withdrawn=True)


@pytest.mark.parametrize(
    ("supporting", "contradicting", "status"),
    [
        # Two informants of two parties, an interview and a document: the textbook case.
        ((SARI_INTERVIEW, BUDI_INTERVIEW, MOU), (), Status.TRIANGULATED),
        # Two informants from two parties, an interview and a field note.
        ((SARI_INTERVIEW, BUDI_FIELD_NOTE), (), Status.TRIANGULATED),
        # No party involved at all: the party rule does not apply.
        ((PATIENT_INTERVIEW, seg(20, 106, FIELD_NOTE, 14), MOU), (), Status.TRIANGULATED),
        # One informant, however often quoted and in however many interviews.
        ((SARI_INTERVIEW, SARI_AGAIN, SARI_SECOND_INTERVIEW), (), Status.SINGLE_SOURCE),
        # One informant backed by a document: two kinds of source, yet one informant.
        ((SARI_INTERVIEW, MOU), (), Status.SINGLE_SOURCE),
        # Two informants, but interviews only: one kind of source.
        ((SARI_INTERVIEW, BUDI_INTERVIEW), (), Status.SINGLE_SOURCE),
        # Two informants, two kinds, but both speak for Dinkes (the patient has no party).
        ((SARI_INTERVIEW, PATIENT_INTERVIEW, MOU), (), Status.SINGLE_SOURCE),
        # Documents and observations alone: no informant at all.
        ((MOU, OBSERVED), (), Status.SINGLE_SOURCE),
        # Nothing cited.
        ((), (), Status.UNSUPPORTED),
        # Only a withdrawn informant's material: nothing usable is left.
        ((SARI_WITHDRAWN,), (), Status.UNSUPPORTED),
        # Withdrawal turns a triangulated finding into a single-source one.
        ((SARI_INTERVIEW, BUDI_WITHDRAWN, MOU), (), Status.SINGLE_SOURCE),
        # Weaker contradiction (weight 1 against 4) leaves the finding standing.
        (
            (SARI_INTERVIEW, BUDI_INTERVIEW, PATIENT_INTERVIEW, MOU),
            (OBSERVED,),
            Status.TRIANGULATED,
        ),
        # Comparable contradiction (weight 2 against 3) contests it.
        ((SARI_INTERVIEW, BUDI_INTERVIEW, MOU), (PATIENT_INTERVIEW, OBSERVED), Status.CONTESTED),
        # Exactly half the supporting weight is comparable (1 against 2).
        ((SARI_INTERVIEW, BUDI_FIELD_NOTE), (PATIENT_INTERVIEW,), Status.CONTESTED),
        # Many quotations of one contradicting voice weigh as one (1 against 3).
        (
            (SARI_INTERVIEW, BUDI_INTERVIEW, MOU),
            (PATIENT_INTERVIEW, seg(21, 103, INTERVIEW, PATIENT)),
            Status.TRIANGULATED,
        ),
        # A withdrawn contradicting informant no longer contests anything.
        ((SARI_INTERVIEW, BUDI_INTERVIEW, MOU), (BUDI_WITHDRAWN,), Status.TRIANGULATED),
        # Contradiction with no support at all.
        ((), (OBSERVED,), Status.CONTESTED),
        # Contradiction outranks an otherwise single-source finding.
        ((SARI_INTERVIEW,), (BUDI_INTERVIEW,), Status.CONTESTED),
    ],
)
def test_status_follows_the_default_rules(
    supporting: tuple[EvidenceSegment, ...],
    contradicting: tuple[EvidenceSegment, ...],
    status: Status,
) -> None:
    result = triangulate(supporting=supporting, contradicting=contradicting)
    assert result.status is status
    assert result.holds is (status is Status.TRIANGULATED)


@pytest.mark.parametrize(
    ("rules", "supporting", "status"),
    [
        # A study that accepts one informant when a document backs it.
        (RuleSet(min_informants=1), (SARI_INTERVIEW, MOU), Status.SINGLE_SOURCE),
        (RuleSet(min_informants=1, min_parties=0), (SARI_INTERVIEW, MOU), Status.TRIANGULATED),
        # A study that wants three informants.
        (RuleSet(min_informants=3), (SARI_INTERVIEW, BUDI_FIELD_NOTE), Status.SINGLE_SOURCE),
        (
            RuleSet(min_informants=3),
            (SARI_INTERVIEW, BUDI_FIELD_NOTE, PATIENT_INTERVIEW),
            Status.TRIANGULATED,
        ),
        # A study content with interviews alone, from both parties.
        (RuleSet(min_source_kinds=1), (SARI_INTERVIEW, BUDI_INTERVIEW), Status.TRIANGULATED),
        # The party rule switched off.
        (RuleSet(min_parties=1), (SARI_INTERVIEW, PATIENT_INTERVIEW, MOU), Status.TRIANGULATED),
        # Three sources demanded: two informants in two sources are not enough.
        (RuleSet(min_sources=3), (SARI_INTERVIEW, BUDI_FIELD_NOTE), Status.SINGLE_SOURCE),
    ],
)
def test_status_follows_the_studys_own_rules(
    rules: RuleSet, supporting: tuple[EvidenceSegment, ...], status: Status
) -> None:
    assert triangulate(supporting=supporting, rules=rules).status is status


@pytest.mark.parametrize(
    ("ratio", "status"),
    [(Fraction(1, 2), Status.CONTESTED), (Fraction(1), Status.TRIANGULATED)],
)
def test_what_counts_as_comparable_is_the_studys_choice(ratio: Fraction, status: Status) -> None:
    result = triangulate(
        supporting=(SARI_INTERVIEW, BUDI_INTERVIEW, PATIENT_INTERVIEW, MOU),
        contradicting=(OBSERVED, seg(22, 301, OBSERVATION)),
        rules=RuleSet(contested_ratio=ratio),
    )
    assert result.status is status


def test_counts_are_of_distinct_informants_kinds_sources_and_parties() -> None:
    result = triangulate(
        supporting=(SARI_INTERVIEW, SARI_AGAIN, SARI_SECOND_INTERVIEW, BUDI_INTERVIEW, MOU),
        contradicting=(PATIENT_INTERVIEW, OBSERVED, seg(23, 300, OBSERVATION)),
    )
    support = result.supporting
    assert (support.segments, support.informants, support.source_kinds) == (5, 2, 2)
    assert (support.sources, support.parties, support.weight) == (4, 2, 3)
    against = result.contradicting
    assert (against.segments, against.informants, against.sources, against.weight) == (3, 1, 2, 2)


def test_withdrawn_material_is_excluded_and_reported() -> None:
    result = triangulate(
        supporting=(SARI_INTERVIEW, BUDI_WITHDRAWN, MOU), contradicting=(SARI_WITHDRAWN,)
    )
    assert [(e.segment_id, e.side) for e in result.excluded] == [
        (10, Side.SUPPORTING),
        (9, Side.CONTRADICTING),
    ]
    assert result.supporting.informants == 1
    assert result.contradicting.segments == 0
    excluded = next(r for r in result.reasons if r.code == "excluded")
    assert str(excluded) == (
        "2 segmen dikecualikan karena informannya menarik persetujuan / "
        "2 segments excluded because the informant withdrew consent"
    )
    assert not excluded.blocking


def test_reasons_are_indonesian_first_then_english() -> None:
    result = triangulate(supporting=(SARI_INTERVIEW, SARI_AGAIN))
    lines = {r.code: str(r) for r in result.reasons}
    assert (
        lines["informants"]
        == "Didukung 1 informan (perlu ≥ 2) / Supported by 1 informant (needs ≥ 2)"
    )
    assert lines["source_kinds"] == (
        "Dari 1 jenis sumber (perlu ≥ 2) / From 1 kind of source (needs ≥ 2)"
    )
    assert lines["sources"] == "Dari 1 sumber (perlu ≥ 2) / From 1 source (needs ≥ 2)"
    assert lines["parties"] == "Dari 1 pihak (perlu ≥ 2) / From 1 party (needs ≥ 2)"
    assert all(r.blocking for r in result.reasons)


def test_a_triangulated_finding_has_no_blocking_reason() -> None:
    result = triangulate(supporting=(SARI_INTERVIEW, BUDI_INTERVIEW, MOU))
    assert not any(r.blocking for r in result.reasons)
    assert str(next(r for r in result.reasons if r.code == "informants")) == (
        "Didukung 2 informan (perlu ≥ 2) / Supported by 2 informants (needs ≥ 2)"
    )


def test_the_party_rule_says_when_it_does_not_apply() -> None:
    result = triangulate(supporting=(MOU, OBSERVED))
    parties = next(r for r in result.reasons if r.code == "parties")
    assert not parties.blocking
    assert "does not apply" in parties.english
    assert "tidak berlaku" in parties.indonesian


@pytest.mark.parametrize(
    ("contradicting", "blocking", "english"),
    [
        (
            (PATIENT_INTERVIEW, OBSERVED),
            True,
            "Contradicting evidence of comparable weight (weight 2 against 3)",
        ),
        ((OBSERVED,), False, "Weaker contradicting evidence exists (weight 1 against 3)"),
    ],
)
def test_contradicting_evidence_is_always_mentioned(
    contradicting: tuple[EvidenceSegment, ...], blocking: bool, english: str
) -> None:
    result = triangulate(
        supporting=(SARI_INTERVIEW, BUDI_INTERVIEW, MOU), contradicting=contradicting
    )
    reason = next(r for r in result.reasons if r.code == "contradicting")
    assert (reason.blocking, reason.english) == (blocking, english)


def test_no_support_is_said_first() -> None:
    result = triangulate(supporting=())
    assert result.reasons[0].code == "no_support"
    assert str(result.reasons[0]) == (
        "Tidak ada bukti pendukung yang dapat dipakai / No usable supporting evidence"
    )


def test_the_default_rules_are_two_informants_two_kinds_two_parties() -> None:
    assert (DEFAULT_RULES.min_informants, DEFAULT_RULES.min_source_kinds) == (2, 2)
    assert DEFAULT_RULES.min_parties == 2
    assert DEFAULT_RULES.contested_ratio == Fraction(1, 2)


@pytest.mark.parametrize(
    "arguments",
    [{"min_informants": -1}, {"min_parties": -2}, {"contested_ratio": Fraction(0)}],
)
def test_nonsensical_rules_are_refused(arguments: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        RuleSet(**arguments)  # type: ignore[arg-type]


def test_string_keys_work_as_well_as_database_ids() -> None:
    result = triangulate(
        supporting=(
            EvidenceSegment("a", "interview-1", INTERVIEW, informant_id="sari"),
            EvidenceSegment("b", "mou", DOCUMENT),
            EvidenceSegment("c", "interview-2", INTERVIEW, informant_id="budi"),
        )
    )
    assert result.status is Status.TRIANGULATED
