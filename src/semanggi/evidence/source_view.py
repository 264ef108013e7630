"""Reads of the coding view of a source (beside ``selectors``): the text cut into pieces
under their codes, the segments as quotations, the code sidebar with its counts, search
hits, sentences and paragraphs, and the memos beside the text. Each in a fixed number of
queries; the text itself is the one the page has already loaded."""

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from semanggi.core import coding
from semanggi.evidence.models import Code, Memo, Segment, Source, Study
from semanggi.evidence.selectors import SNIPPET, SourceWindow, code_tree

# Hits of a search listed beside the text (auto-coding takes up to AUTOCODE_MAX_HITS).
HITS_LISTED = 200
HIT_CONTEXT = 50
# Memos beside the text, newest first; the rest are on the study's page and in the API.
MEMOS_LISTED = 100
# Bands drawn under a stretch coded with several codes (more are named in the label).
BANDS = 4


@dataclass(frozen=True)
class CodeMark:
    """A code as the coding view draws it: its colour and short label beside its name."""

    id: int
    name: str
    colour: str
    abbreviation: str


def code_mark(code: Code) -> CodeMark:
    return CodeMark(code.pk, code.name, code.shown_colour, code.abbreviation)


@dataclass(frozen=True)
class Piece:
    """A stretch of a source's text under the same segments (and the same search hit)."""

    text: str
    segments: tuple[int, ...]
    colour: str
    codes: tuple[CodeMark, ...] = ()
    # Segments that begin here: the first names the piece (seg-<id>), all name its label.
    starting: tuple[int, ...] = ()
    label: str = ""
    hit: int | None = None  # index of the search hit over it
    hit_starts: bool = False

    @property
    def bands(self) -> tuple[CodeMark, ...]:
        return self.codes[:BANDS]

    @property
    def names(self) -> str:
        return " · ".join(c.name for c in self.codes)


def text_pieces(
    text: str,
    segments: Iterable[Segment],
    base: int = 0,
    *,
    hits: Sequence[coding.Span] = (),
    only_code: int | None = None,
) -> list[Piece]:
    """The text cut at every segment and hit boundary, each piece knowing the segments and
    codes over it, so that the page can highlight it without any markup inside the
    characters themselves. ``text`` may be a part of the source starting at ``base``; hits
    are positions in the whole source; with ``only_code``, only that code is drawn."""
    starts: dict[int, list[Segment]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    marks: dict[int, tuple[CodeMark, ...]] = {}
    length = len(text)
    bounds = {0, length}
    for segment in segments:
        start = min(max(segment.start - base, 0), length)
        end = min(max(segment.end - base, 0), length)
        if start >= end:
            continue
        codes = [c for c in segment.codes.all() if only_code is None or c.pk == only_code]
        marks[segment.pk] = tuple(code_mark(c) for c in codes)
        starts[start].append(segment)
        ends[end].append(segment.pk)
        bounds |= {start, end}
    hit_at: dict[int, int] = {}
    hit_ends: set[int] = set()
    for index, hit in enumerate(hits):
        start, end = max(hit.start - base, 0), min(hit.end - base, length)
        if start < end:
            hit_at[start] = index
            hit_ends.add(end)
            bounds |= {start, end}
    active: dict[int, tuple[CodeMark, ...]] = {}
    current_hit: int | None = None
    pieces = []
    for a, b in itertools.pairwise(sorted(bounds)):
        for pk in ends.get(a, ()):
            active.pop(pk, None)
        begun = starts.get(a, [])
        for segment in begun:
            active[segment.pk] = marks[segment.pk]
        if a in hit_ends:
            current_hit = None
        hit_starts = a in hit_at
        if hit_starts:
            current_hit = hit_at[a]
        codes = tuple(dict.fromkeys(m for group in active.values() for m in group))
        label = " · ".join(
            dict.fromkeys(m.abbreviation for segment in begun for m in marks[segment.pk])
        )
        pieces.append(
            Piece(
                text=text[a:b],
                segments=tuple(active),
                colour=codes[0].colour if codes else "",
                codes=codes,
                starting=tuple(s.pk for s in begun),
                label=label,
                hit=current_hit,
                hit_starts=hit_starts,
            )
        )
    return pieces


@dataclass(frozen=True)
class SegmentRow:
    """A segment in the list beside the text: what it says and its codes, never offsets."""

    segment: Segment
    quote: str
    shortened: bool
    codes: tuple[CodeMark, ...]


def segment_rows(segments: Iterable[Segment], text: str) -> list[SegmentRow]:
    rows = []
    for segment in segments:
        quote = text[segment.start : segment.end]
        rows.append(
            SegmentRow(
                segment,
                quote[:SNIPPET].strip(),
                len(quote) > SNIPPET,
                tuple(code_mark(c) for c in segment.codes.all()),
            )
        )
    return rows


# --- The code sidebar -------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeEntry:
    """A code in the sidebar: where it sits in the hierarchy and how often it is applied."""

    code: Code
    mark: CodeMark
    depth: int
    parent_id: int | None
    has_children: bool
    in_source: int
    in_study: int

    @property
    def indented_name(self) -> str:
        return "· " * self.depth + self.code.name


def source_code_counts(*, source: Source) -> dict[int, int]:
    """How many segments of the source carry each code (one query)."""
    rows = (
        Segment.codes.through.objects.filter(segment__source_id=source.pk)
        .values("code_id")
        .annotate(n=Count("pk"))
        .values_list("code_id", "n")
    )
    return dict(rows)


def code_sidebar(*, study: Study, source: Source) -> list[CodeEntry]:
    """The study's codebook in tree order, each code with its counts in this source and in
    the study (two queries)."""
    rows = code_tree(study=study)
    counts = source_code_counts(source=source)
    parents = {row.code.parent_id for row in rows}
    return [
        CodeEntry(
            code=row.code,
            mark=code_mark(row.code),
            depth=row.depth,
            parent_id=row.code.parent_id,
            has_children=row.code.pk in parents,
            in_source=counts.get(row.code.pk, 0),
            in_study=row.segments,
        )
        for row in rows
    ]


# --- Sentences, paragraphs, search hits -------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A sentence, paragraph or hit of the text, in positions of the whole source."""

    start: int
    end: int
    text: str


def window_units(text: str, window: SourceWindow, by: str) -> list[Unit]:
    """The sentences or paragraphs of the part of the text a page shows."""
    part = text[window.start : window.end]
    return [
        Unit(s.start + window.start, s.end + window.start, part[s.start : s.end])
        for s in coding.units(part, by)
    ]


@dataclass(frozen=True)
class Hit:
    index: int
    start: int
    end: int
    before: str
    match: str
    after: str
    in_window: bool


@dataclass(frozen=True)
class Hits:
    query: str
    items: tuple[Hit, ...]  # the first HITS_LISTED
    count: int  # all of them, up to the auto-coding limit and one more
    over_limit: bool  # more than auto-coding takes

    @property
    def spans(self) -> tuple[coding.Span, ...]:
        return tuple(coding.Span(h.start, h.end) for h in self.items)


def source_hits(text: str, query: str, window: SourceWindow, limit: int) -> Hits:
    """Where ``query`` occurs in the whole source, ignoring case: the first HITS_LISTED with
    their context, and how many there are (counting stops past ``limit``)."""
    q = query.strip()
    spans = coding.find_hits(text, q, limit) if len(q) >= 2 else ()
    items = tuple(
        Hit(
            index=i,
            start=s.start,
            end=s.end,
            before=text[max(s.start - HIT_CONTEXT, 0) : s.start],
            match=text[s.start : s.end],
            after=text[s.end : s.end + HIT_CONTEXT],
            in_window=window.start <= s.start and s.end <= window.end,
        )
        for i, s in enumerate(spans[:HITS_LISTED])
    )
    return Hits(q, items, len(spans), len(spans) > limit)


# --- Memos beside the text --------------------------------------------------------------------


@dataclass(frozen=True)
class MemoRow:
    memo: Memo
    quote: str  # the segment's words, for a memo on a segment


def source_memos(*, study: Study, source: Source, text: str) -> list[MemoRow]:
    """Memos on the source and on its segments, newest first (one query, at most
    MEMOS_LISTED)."""
    memos = (
        Memo.objects.filter(study=study)
        .filter(Q(source=source) | Q(segment__source=source))
        .select_related("created_by", "segment")
        .order_by("-created_at", "-pk")[:MEMOS_LISTED]
    )
    rows = []
    for memo in memos:
        quote = ""
        if memo.segment is not None:
            words = text[memo.segment.start : memo.segment.end]
            quote = words[:120].strip() + ("…" if len(words) > 120 else "")
        rows.append(MemoRow(memo, quote))
    return rows


def positions(spans: Iterable[Any]) -> str:
    """Spans as "start end start end …", for the page's script."""
    return " ".join(f"{s.start} {s.end}" for s in spans)
