"""Code co-occurrence by a sweep over each source's segments, checked against the rule read
pair by pair."""

from itertools import combinations
from random import Random

import pytest

from semanggi.core.cooccurrence import CodedSpan, PairCount, code_pairs


def span(start: int, end: int, *codes: int, source: int = 1) -> CodedSpan:
    return CodedSpan(source, start, end, frozenset(codes))


CASES = [
    ("nothing", [], {}),
    ("one segment, two codes: the segment overlaps itself", [span(0, 5, 1, 2)],
     {(1, 2): PairCount(1, 1)}),
    ("segments that touch do not overlap", [span(0, 5, 1), span(5, 9, 2)],
     {(1, 2): PairCount(0, 1)}),
    ("one shared character is an overlap", [span(0, 5, 1), span(4, 9, 2)],
     {(1, 2): PairCount(1, 1)}),
    ("nested", [span(0, 100, 1), span(10, 20, 2), span(30, 40, 2)],
     {(1, 2): PairCount(2, 1)}),
    ("the same code twice is no pair", [span(0, 5, 1), span(2, 6, 1)], {}),
    ("same start", [span(3, 5, 2), span(3, 9, 1)], {(1, 2): PairCount(1, 1)}),
    ("other sources never overlap",
     [span(0, 5, 1, source=1), span(0, 5, 2, source=2)], {}),
    ("same source without overlap", [span(0, 2, 3), span(10, 12, 1)],
     {(1, 3): PairCount(0, 1)}),
    ("an empty segment overlaps nothing", [span(4, 4, 1), span(0, 9, 2)], {}),
    ("every coding pair counts",
     [span(0, 10, 1, 2), span(5, 15, 1, 2)],
     {(1, 2): PairCount(4, 1)}),  # 1-2 on each segment, and 1-2, 2-1 across them
]  # fmt: skip


@pytest.mark.parametrize(("name", "spans", "expected"), CASES, ids=[c[0] for c in CASES])
def test_code_pairs(
    name: str, spans: list[CodedSpan], expected: dict[tuple[int, int], PairCount]
) -> None:
    assert code_pairs(spans) == expected


def by_definition(spans: list[CodedSpan]) -> dict[tuple[int, int], PairCount]:
    """The rule read literally: every pair of codings, every pair of codes per source."""
    spans = [s for s in spans if s.end > s.start and s.codes]
    overlapping: dict[tuple[int, int], int] = {}
    same: dict[tuple[int, int], int] = {}
    for a in range(len(spans)):
        for b in range(a, len(spans)):
            x, y = spans[a], spans[b]
            if x.source != y.source or not (x.start < y.end and y.start < x.end):
                continue
            for c in x.codes:
                for d in y.codes:
                    if c != d and (a != b or c < d):
                        key = (min(c, d), max(c, d))
                        overlapping[key] = overlapping.get(key, 0) + 1
    for source in {s.source for s in spans}:
        used = sorted({c for s in spans if s.source == source for c in s.codes})
        for key in combinations(used, 2):
            same[key] = same.get(key, 0) + 1
    return {k: PairCount(overlapping.get(k, 0), same[k]) for k in same}


@pytest.mark.parametrize("seed", range(40))
def test_the_sweep_agrees_with_the_rule_read_pair_by_pair(seed: int) -> None:
    random = Random(seed)
    spans = []
    for _ in range(random.randint(0, 60)):
        start = random.randint(0, 80)
        spans.append(
            span(
                start,
                start + random.randint(0, 25),
                *random.sample(range(1, 7), random.randint(1, 3)),
                source=random.randint(1, 3),
            )
        )
    assert code_pairs(spans) == by_definition(spans)
