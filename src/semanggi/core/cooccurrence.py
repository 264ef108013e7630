"""Code co-occurrence: which codes are applied together, on overlapping stretches of one
source and in the same source.

Two codings overlap when their segments share at least one character: segments are
half-open ranges ``[start, end)`` of code points, so ``[0, 5)`` and ``[5, 9)`` touch but do not
overlap, and a segment overlaps itself (two codes on one segment count once as a pair). The
count for a pair of codes is the number of (coding of the first, coding of the second) pairs
whose segments overlap.

The sweep visits the segments of a source in order of their start, keeping the segments
still open (a heap by end) and how many of them carry each code: sorting costs O(n log n)
for n segments, and each segment adds its codes against the codes still open, never against
every other segment.
"""

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class CodedSpan:
    """A segment of a source with the codes applied to it."""

    source: int
    start: int
    end: int
    codes: frozenset[int]


@dataclass(frozen=True)
class PairCount:
    overlapping: int  # pairs of codings of the two codes on overlapping segments
    same_source: int  # sources in which both codes are applied


def _overlaps(spans: list[CodedSpan], counts: dict[tuple[int, int], list[int]]) -> None:
    """Add the overlapping pairs among ``spans`` (one source) to ``counts``."""
    spans.sort(key=lambda s: (s.start, s.end))
    open_ends: list[tuple[int, int]] = []  # (end, index into spans) of the open segments
    open_codes: Counter[int] = Counter()
    for index, span in enumerate(spans):
        while open_ends and open_ends[0][0] <= span.start:
            _, closed = heapq.heappop(open_ends)
            open_codes.subtract(spans[closed].codes)
        for code in span.codes:
            for other, number in open_codes.items():
                if number and other != code:
                    counts[(min(code, other), max(code, other))][0] += number
        for first, second in combinations(sorted(span.codes), 2):
            counts[(first, second)][0] += 1
        heapq.heappush(open_ends, (span.end, index))
        open_codes.update(span.codes)
        # Codes no open segment carries any more are forgotten, so that each segment only
        # meets the codes that are really open.
        for code in [c for c, n in open_codes.items() if n == 0]:
            del open_codes[code]


def code_pairs(spans: Iterable[CodedSpan]) -> dict[tuple[int, int], PairCount]:
    """Every pair of codes (smaller id first) applied together, with its counts. Segments
    without a character (``end <= start``) overlap nothing and are left out."""
    by_source: dict[int, list[CodedSpan]] = defaultdict(list)
    for span in spans:
        if span.end > span.start and span.codes:
            by_source[span.source].append(span)
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for source_spans in by_source.values():
        used = sorted({code for span in source_spans for code in span.codes})
        for pair in combinations(used, 2):
            counts[pair][1] += 1
        _overlaps(source_spans, counts)
    return {pair: PairCount(n[0], n[1]) for pair, n in counts.items()}
