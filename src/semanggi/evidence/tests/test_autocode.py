"""Auto-coding: every hit of a search coded in one step, all or nothing, skipping what is
coded already, bounded, in a fixed number of statements; and codes created while coding."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from semanggi.core.coding import PALETTE
from semanggi.evidence.autocode import AUTOCODE_MAX_HITS, segments_autocode
from semanggi.evidence.models import Code, Segment
from semanggi.evidence.services import ServiceError, code_create, segment_create
from semanggi.evidence.tests.factories import CodeFactory, SourceFactory, StudyFactory
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

TEXT = "Bank menyusun rencana. Dinkes dan bank rapat. 👍 BANK membayar.\n"


@pytest.fixture
def source(world: World) -> Any:
    return SourceFactory(study=world.study, text=TEXT)


@pytest.fixture
def code(world: World) -> Code:
    return CodeFactory(study=world.study, name="Bank")


def _spans(source: Any) -> list[tuple[int, int]]:
    return list(Segment.objects.filter(source=source).order_by("start").values_list("start", "end"))


def test_every_hit_is_coded_ignoring_case(world: World, source: Any, code: Code) -> None:
    outcome = segments_autocode(source=source, query=" bank ", code_ids=[code.pk], actor=world.eva)
    assert (outcome.hits, outcome.created, outcome.added, outcome.skipped) == (3, 3, 0, 0)
    assert [TEXT[s:e] for s, e in _spans(source)] == ["Bank", "bank", "BANK"]
    assert all(set(s.codes.all()) == {code} for s in Segment.objects.all())
    # Positions are code points: the emoji before the last hit counts once.
    assert _spans(source)[-1][0] == TEXT.index("BANK")
    first = Segment.objects.order_by("start").first()
    assert first is not None and first.created_by == world.eva
    history = first.history.get()
    assert history.history_type == "+" and [c.code_id for c in history.codes.all()] == [code.pk]


def test_coding_again_skips_identical_spans_and_adds_only_missing_codes(
    world: World, source: Any, code: Code
) -> None:
    other = CodeFactory(study=world.study, name="Uang")
    start = TEXT.index("bank")
    segment_create(source=source, start=start, end=start + 4, code_ids=[code.pk], actor=world.eva)
    once = segments_autocode(source=source, query="bank", code_ids=[code.pk], actor=world.eva)
    assert (once.created, once.added, once.skipped) == (2, 0, 1)
    twice = segments_autocode(source=source, query="bank", code_ids=[code.pk], actor=world.eva)
    assert (twice.created, twice.added, twice.skipped) == (0, 0, 3)
    assert Segment.objects.count() == 3 and Segment.codes.through.objects.count() == 3
    more = segments_autocode(
        source=source, query="bank", code_ids=[code.pk, other.pk], actor=world.eva
    )
    assert (more.created, more.added, more.skipped) == (0, 3, 0)
    assert Segment.codes.through.objects.count() == 6
    assert twice.segment_ids == more.segment_ids == once.segment_ids
    history = Segment.objects.get(start=start).history.order_by("history_date", "history_id")
    assert [h.history_type for h in history] == ["+", "~"]


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("b", "2–200 characters"),
        ("x" * 201, "2–200 characters"),
        ("gedung", "does not occur in this source"),
    ],
)
def test_bad_searches_are_refused_with_a_reason(
    world: World, source: Any, code: Code, query: str, reason: str
) -> None:
    with pytest.raises(ServiceError, match=reason) as refused:
        segments_autocode(source=source, query=query, code_ids=[code.pk], actor=world.eva)
    assert refused.value.message.id  # said in Indonesian too
    assert not Segment.objects.exists()


def test_too_many_hits_are_refused_and_nothing_is_saved(world: World, code: Code) -> None:
    source = SourceFactory(study=world.study, text="ya " * (AUTOCODE_MAX_HITS + 1))
    with pytest.raises(ServiceError, match=f"more than {AUTOCODE_MAX_HITS} times"):
        segments_autocode(source=source, query="ya", code_ids=[code.pk], actor=world.eva)
    assert not Segment.objects.exists()
    exactly = SourceFactory(study=world.study, text="ya " * AUTOCODE_MAX_HITS)
    outcome = segments_autocode(source=exactly, query="ya", code_ids=[code.pk], actor=world.eva)
    assert outcome.created == AUTOCODE_MAX_HITS


def test_codes_must_be_the_studys_and_applicable(world: World, source: Any) -> None:
    foreign = CodeFactory(study=StudyFactory())
    group = CodeFactory(study=world.study, codable=False)
    for codes in ([foreign.pk], [group.pk], []):
        with pytest.raises(ServiceError):
            segments_autocode(source=source, query="bank", code_ids=codes, actor=world.eva)
    assert not Segment.objects.exists()


def test_a_new_code_is_created_on_the_way_or_not_at_all(world: World, source: Any) -> None:
    outcome = segments_autocode(
        source=source, query="bank", code_ids=[], new_code="Pihak bank", actor=world.eva
    )
    created = Code.objects.get(name="Pihak bank")
    assert outcome.code_ids == (created.pk,) and created.colour in PALETTE
    # Refused later (a foreign code beside it): the new code is not kept either.
    foreign = CodeFactory(study=StudyFactory())
    with pytest.raises(ServiceError):
        segments_autocode(
            source=source, query="rapat", code_ids=[foreign.pk], new_code="Rapat", actor=world.eva
        )
    assert not Code.objects.filter(name="Rapat").exists()


def test_auto_coding_costs_a_fixed_number_of_statements(world: World, code: Code) -> None:
    def statements(hits: int) -> int:
        source = SourceFactory(study=world.study, text="ya tidak " * hits)
        with CaptureQueriesContext(connection) as captured:
            segments_autocode(source=source, query="ya", code_ids=[code.pk], actor=world.eva)
        return len(captured.captured_queries)

    # The same statements for few and many hits; at the limit, SQLite's cap on parameters
    # splits the inserts into a few batches, still far from a statement per hit.
    assert statements(2) == statements(60)
    assert statements(AUTOCODE_MAX_HITS) < 30


def test_inline_codes_take_distinct_palette_colours_and_reuse_names(world: World) -> None:
    made = [code_create(study_id=world.study.pk, name=f"Kode {n}") for n in range(len(PALETTE))]
    assert sorted(c.colour for c in made) == sorted(PALETTE)
    again = code_create(study_id=world.study.pk, name="  Kode   3 ")
    assert again.pk == made[3].pk
    child = code_create(study_id=world.study.pk, name="Kode 3", parent_id=made[0].pk)
    assert child.pk != made[3].pk and child.parent_id == made[0].pk
    for bad in ("", "   ", "x" * 201):
        with pytest.raises(ServiceError):
            code_create(study_id=world.study.pk, name=bad)
    other_study = StudyFactory()
    with pytest.raises(ServiceError, match="Unknown parent"):
        code_create(study_id=other_study.pk, name="Anak", parent_id=made[0].pk)


def test_the_default_codebook_gives_applied_codes_distinct_colours(world: World) -> None:
    from semanggi.evidence.services import codebook_create_default

    codebook_create_default(study=world.study)
    applied = list(Code.objects.filter(study=world.study, codable=True).order_by("pk"))
    colours = [c.colour for c in applied]
    assert colours[: len(PALETTE)] == list(PALETTE)  # the first ten all differ
    counts = {colour: colours.count(colour) for colour in PALETTE}
    assert max(counts.values()) - min(counts.values()) <= 1  # then spread evenly
    assert not Code.objects.filter(study=world.study, codable=False).exclude(colour="").exists()
