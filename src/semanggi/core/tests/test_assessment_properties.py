"""Properties every assessment keeps, on generated cases (hypothesis).

- adding evidence that supports a label never lowers it; adding evidence against never
  raises it;
- without any evidence no label is above weak, and records alone never make one strong;
- the same segment coded twice counts once;
- renaming or reordering the parties changes nothing.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semanggi.core.assessment import Assessment, Strength, assess, load_framework
from semanggi.core.assessment.frameworks import Aggregate, Framework, Reading, Rule, Term
from semanggi.core.assessment.inputs import (
    INDICATOR_CODES,
    Agreement,
    AgreementKind,
    Case,
    Contribution,
    ContributionKind,
    Decision,
    DecisionSubject,
    Dependence,
    DependenceKind,
    Direction,
    EvidenceItem,
    Objective,
    OrganisationKind,
    Participation,
    Party,
    PartyParticipation,
    Standing,
)
from semanggi.core.triangulation import SourceKind, Status

RANK = {Strength.ABSENT: 0, Strength.WEAK: 1, Strength.MODERATE: 2, Strength.STRONG: 3}
FRAMEWORKS: dict[str, Framework] = {
    framework_id: load_framework(framework_id)
    for framework_id in ("sulistiyani-life", "sulistiyani-development")
}
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@dataclass(frozen=True)
class Spec:
    """A case with parties named by position, so that it can be built under any names."""

    standings: tuple[Standing, ...]
    contributions: tuple[tuple[int, ContributionKind, int | None], ...]
    decisions: tuple[tuple[DecisionSubject, tuple[Participation, ...]], ...]
    objectives: tuple[tuple[int | None, bool | None, tuple[int, ...]], ...]
    dependences: tuple[tuple[int, int, DependenceKind], ...]
    mou: bool
    evidence: tuple[tuple[str, Direction, int | None, int | None, Status, SourceKind], ...]


def build(spec: Spec, names: tuple[str, ...] = ("p0", "p1", "p2")) -> Case:
    count = len(spec.standings)

    def pid(index: int) -> str:
        return names[index % count]

    parties = tuple(
        Party(pid(i), f"Pihak {pid(i)}", OrganisationKind.OTHER, standing=standing)
        for i, standing in enumerate(spec.standings)
    )
    return Case(
        id="generated",
        title="generated",
        parties=parties,
        contributions=tuple(
            Contribution(
                f"c{i}", pid(p), kind, planned_value=None if v is None else Decimal(v * 1_000_000)
            )
            for i, (p, kind, v) in enumerate(spec.contributions)
        ),
        decisions=tuple(
            Decision(
                f"d{i}",
                subject,
                tuple(PartyParticipation(pid(p), level) for p, level in enumerate(levels[:count])),
            )
            for i, (subject, levels) in enumerate(spec.decisions)
        ),
        objectives=tuple(
            Objective(
                f"o{i}",
                None if p is None else pid(p),
                f"tujuan {i}",
                met=met,
                held_by=tuple(dict.fromkeys(pid(h) for h in held)) if p is None else (),
            )
            for i, (p, met, held) in enumerate(spec.objectives)
        ),
        dependences=tuple(
            Dependence(f"x{i}", pid(p), pid(q), kind)
            for i, (p, q, kind) in enumerate(spec.dependences)
        ),
        agreements=(
            (Agreement("mou", AgreementKind.MOU, tuple(party.id for party in parties)),)
            if spec.mou
            else ()
        ),
        evidence=tuple(
            EvidenceItem(
                indicator=code,
                direction=direction,
                triangulation=status,
                segment=f"s{i}",
                source=f"sumber {i}",
                source_kind=kind,
                party_id=None if p is None else pid(p),
                informant=None if informant is None else f"I{informant}",
            )
            for i, (code, direction, p, informant, status, kind) in enumerate(spec.evidence)
        ),
    )


party_index = st.integers(min_value=0, max_value=2)
specs = st.builds(
    Spec,
    standings=st.lists(
        st.sampled_from([Standing.PARTNER, Standing.PARTNER, Standing.SUPERVISOR]),
        min_size=2,
        max_size=3,
    ).map(tuple),
    contributions=st.lists(
        st.tuples(
            party_index,
            st.sampled_from(list(ContributionKind)),
            st.one_of(st.none(), st.integers(min_value=0, max_value=1000)),
        ),
        max_size=4,
    ).map(tuple),
    decisions=st.lists(
        st.tuples(
            st.sampled_from(list(DecisionSubject)),
            st.lists(st.sampled_from(list(Participation)), min_size=3, max_size=3).map(tuple),
        ),
        max_size=3,
    ).map(tuple),
    objectives=st.lists(
        st.tuples(
            st.one_of(st.none(), party_index),
            st.one_of(st.none(), st.booleans()),
            st.lists(party_index, max_size=3).map(tuple),
        ),
        max_size=4,
    ).map(tuple),
    dependences=st.lists(
        st.tuples(party_index, party_index, st.sampled_from(list(DependenceKind))), max_size=3
    ).map(tuple),
    mou=st.booleans(),
    evidence=st.lists(
        st.tuples(
            st.sampled_from(INDICATOR_CODES),
            st.sampled_from(list(Direction)),
            st.one_of(st.none(), party_index),
            st.one_of(st.none(), st.integers(min_value=0, max_value=3)),
            st.sampled_from(list(Status)),
            st.sampled_from([SourceKind.INTERVIEW, SourceKind.DOCUMENT, SourceKind.OBSERVATION]),
        ),
        max_size=8,
    ).map(tuple),
)


def terms(rule: Rule) -> list[Term]:
    found: list[Term] = []
    for part in rule.terms:
        found.extend([part] if isinstance(part, Term) else terms(part))
    return found


# Every term evidence can move in one known direction: spreads move either way, facets are
# read from records alone.
TARGETS = [
    (framework_id, label.id, term)
    for framework_id, framework in FRAMEWORKS.items()
    for axis in framework.axes
    for label in axis.labels
    for element in label.elements
    for term in terms(element.rule)
    if term.facet is None and term.aggregate is not Aggregate.SPREAD
]


def label_of(result: Assessment, label_id: str) -> tuple[int, float]:
    label = result.label(label_id)
    return RANK[label.strength], label.score if label.score is not None else -1.0


def with_segment(case: Case, term: Term, toward: bool, party: int | None) -> Case:
    supports = (term.reading is Reading.HIGH) == toward
    party_id = None if party is None else case.parties[party % len(case.parties)].id
    item = EvidenceItem(
        indicator=term.indicator,
        direction=Direction.SUPPORTS if supports else Direction.CONTRADICTS,
        triangulation=Status.TRIANGULATED,
        segment="added",
        source="sumber baru",
        source_kind=SourceKind.INTERVIEW,
        party_id=party_id,
        informant="I-new",
    )
    return replace(case, evidence=(*case.evidence, item))


@SETTINGS
@given(spec=specs, target=st.sampled_from(TARGETS), party=st.one_of(st.none(), party_index))
def test_adding_supporting_evidence_never_lowers_a_label(
    spec: Spec, target: tuple[str, str, Term], party: int | None
) -> None:
    framework_id, label_id, term = target
    case = build(spec)
    before = label_of(assess(case, FRAMEWORKS[framework_id]), label_id)
    after = label_of(
        assess(with_segment(case, term, True, party), FRAMEWORKS[framework_id]), label_id
    )
    assert after[0] >= before[0]
    assert after[1] >= before[1]


@SETTINGS
@given(spec=specs, target=st.sampled_from(TARGETS), party=st.one_of(st.none(), party_index))
def test_adding_contradicting_evidence_never_raises_a_label(
    spec: Spec, target: tuple[str, str, Term], party: int | None
) -> None:
    framework_id, label_id, term = target
    case = build(spec)
    before = label_of(assess(case, FRAMEWORKS[framework_id]), label_id)
    after = assess(with_segment(case, term, False, party), FRAMEWORKS[framework_id])
    assert label_of(after, label_id)[0] <= before[0]
    score = after.label(label_id).score
    if score is not None and before[1] >= 0:
        assert score <= before[1]


@SETTINGS
@given(spec=specs)
def test_without_evidence_no_label_is_above_weak_and_records_alone_never_strong(
    spec: Spec,
) -> None:
    case = build(spec)
    for framework in FRAMEWORKS.values():
        bare = assess(Case(id="bare", title="bare", parties=case.parties), framework)
        assert all(RANK[label.strength] <= RANK[Strength.WEAK] for label in bare.labels())
        records = assess(replace(case, evidence=()), framework)
        assert all(label.strength is not Strength.STRONG for label in records.labels())


@SETTINGS
@given(spec=specs)
def test_the_same_segment_counted_twice_counts_once(spec: Spec) -> None:
    case = build(spec)
    twice = replace(case, evidence=case.evidence + case.evidence)
    for framework in FRAMEWORKS.values():
        once, doubled = assess(case, framework), assess(twice, framework)
        assert once.axes == doubled.axes
        assert once.indicators == doubled.indicators


def outline(result: Assessment) -> list[tuple[object, ...]]:
    return [
        (
            label.label_id,
            label.strength,
            label.score,
            label.sufficiency,
            label.rank,
            tuple((e.id, e.status, e.score, len(e.voices)) for e in label.elements),
        )
        for label in result.labels()
    ]


@SETTINGS
@given(spec=specs, order=st.permutations([0, 1, 2]))
def test_renaming_or_reordering_parties_changes_nothing(spec: Spec, order: list[int]) -> None:
    case = build(spec)
    renamed = build(spec, ("zeta", "alfa", "mu"))
    count = len(case.parties)
    positions = [index for index in order if index < count]
    reordered = replace(case, parties=tuple(case.parties[index] for index in positions))
    for framework in FRAMEWORKS.values():
        expected = outline(assess(case, framework))
        assert outline(assess(renamed, framework)) == expected
        assert outline(assess(reordered, framework)) == expected
