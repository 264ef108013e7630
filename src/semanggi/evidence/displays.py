"""Data displays (Miles & Huberman): matrices of counts of coded segments, code
co-occurrence, and the rows the referral graph and the source timeline are drawn from.

Every display is a few aggregate queries (GROUP BY in the database), whatever the number of
segments, and leaves out the material of informants who withdrew consent; the same rules
pick the segments behind a cell (``selectors.segment_list``), so a list is as long as its
count.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F
from django.utils.translation import gettext as _

from semanggi.core.cooccurrence import CodedSpan, code_pairs
from semanggi.evidence.models import Function, Informant, Source, SourceKind, Study
from semanggi.evidence.selectors import (
    code_tree,
    codings,
    party_of_coding,
    party_of_speaker,
    withdrawn_sources,
)
from semanggi.partnerships.models import Party

Key = int | str | None
NONE = "none"  # the URL value of "no party"


@dataclass(frozen=True)
class Axis:
    key: Key
    label: str
    param: str  # name of the segment-list filter this axis sets
    depth: int = 0
    parent: Key = None  # the parent code of a code row

    @property
    def value(self) -> str:
        return NONE if self.key is None else str(self.key)


@dataclass(frozen=True)
class Cell:
    count: int
    query: str  # the segment list's query string


@dataclass(frozen=True)
class Matrix:
    name: str
    title: str
    corner: str
    rows: tuple[Axis, ...]
    columns: tuple[Axis, ...]
    counts: dict[tuple[Key, Key], int] = field(default_factory=dict)

    def used_rows(self) -> tuple[Axis, ...]:
        """Rows with a count, and the parent codes above them: what a display shows unless
        every code is asked for."""
        parents = {row.key: row.parent for row in self.rows}
        keep = {row for (row, _), n in self.counts.items() if n}
        for key in list(keep):
            while (key := parents.get(key)) is not None and key not in keep:
                keep.add(key)
        return tuple(row for row in self.rows if row.key in keep)

    def cells(self, *, every_row: bool = True) -> Iterator[tuple[Axis, list[Cell]]]:
        for row in self.rows if every_row else self.used_rows():
            yield (
                row,
                [
                    Cell(
                        self.counts.get((row.key, column.key), 0),
                        urlencode({row.param: row.value, column.param: column.value}),
                    )
                    for column in self.columns
                ],
            )

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def table(self) -> tuple[list[str], list[list[str | int]]]:
        """Headers and rows for CSV and XLSX."""
        headers = [self.corner, *(c.label for c in self.columns)]
        rows: list[list[str | int]] = [
            [("  " * row.depth) + row.label, *(cell.count for cell in cells)]
            for row, cells in self.cells()
        ]
        return headers, rows


def _code_axes(study: Study) -> tuple[Axis, ...]:
    return tuple(
        Axis(r.code.pk, r.code.name, "code", r.depth, r.code.parent_id)
        for r in code_tree(study=study)
    )


def _party_label(party: Party) -> str:
    return party.organisation.acronym or party.organisation.name


def _parties(ids: set[Any]) -> tuple[Axis, ...]:
    parties = Party.objects.filter(pk__in=[i for i in ids if i is not None]).select_related(
        "organisation"
    )
    axes = [Axis(p.pk, _party_label(p), "party") for p in sorted(parties, key=_party_label)]
    if None in ids:
        axes.append(Axis(None, _("(no party)"), "party"))
    return tuple(axes)


def code_informant(*, study: Study) -> Matrix:
    """Code × informant: segments of each code in the sources of each informant."""
    counts = {
        (row["code_id"], row["informant"]): row["n"]
        for row in codings(study=study)
        .filter(segment__source__informants__isnull=False)
        .values("code_id", informant=F("segment__source__informants"))
        .annotate(n=Count("segment_id", distinct=True))
        .order_by()
    }
    informants = Informant.objects.filter(study=study, consent_withdrawn_on__isnull=True)
    columns = tuple(
        Axis(pk, f"{code} ({label})", "informant")
        for pk, code, label in informants.order_by("code", "pk").values_list("pk", "code", "label")
    )
    return Matrix(
        "code-informant", _("Code × informant"), _("Code"), _code_axes(study), columns, counts
    )


def code_kind(*, study: Study) -> Matrix:
    """Code × kind of source."""
    counts = {
        (row["code_id"], row["segment__source__kind"]): row["n"]
        for row in codings(study=study)
        .values("code_id", "segment__source__kind")
        .annotate(n=Count("segment_id"))
        .order_by()
    }
    columns = tuple(Axis(value, str(label), "kind") for value, label in SourceKind.choices)
    return Matrix(
        "code-kind", _("Code × kind of source"), _("Code"), _code_axes(study), columns, counts
    )


def code_party(*, study: Study) -> Matrix:
    """Code × party the segment comes from (the document's party, else the informant's)."""
    counts = {
        (row["code_id"], row["party"]): row["n"]
        for row in codings(study=study)
        .values("code_id", party=party_of_speaker())
        .annotate(n=Count("segment_id", distinct=True))
        .order_by()
    }
    columns = _parties({party for _, party in counts})
    return Matrix("code-party", _("Code × party"), _("Code"), _code_axes(study), columns, counts)


def party_function(*, study: Study) -> Matrix:
    """Party × management function: segments coded with a P/O/A/C code, by the party the code
    is about (else the party the segment comes from)."""
    counts = {
        (row["party"], row["code__function"]): row["n"]
        for row in codings(study=study)
        .exclude(code__function="")
        .values("code__function", party=party_of_coding())
        .annotate(n=Count("segment_id", distinct=True))
        .order_by()
    }
    rows = _parties({party for party, _ in counts})
    columns = tuple(Axis(value, str(label), "function") for value, label in Function.choices)
    return Matrix(
        "party-function", _("Party × management function"), _("Party"), rows, columns, counts
    )


MATRICES: dict[str, Callable[..., Matrix]] = {
    "code-informant": code_informant,
    "code-kind": code_kind,
    "code-party": code_party,
    "party-function": party_function,
}


# --- Co-occurrence ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    first_id: int
    second_id: int
    overlapping: int  # codings of the two that overlap (the same segment included)
    same_source: int  # sources in which both are applied


_SPAN_FIELDS = ("segment_id", "segment__source_id", "segment__start", "segment__end", "code_id")


def _coded_spans(study: Study) -> Iterator[CodedSpan]:
    """Each segment of the study with its codes, read in one query, in segment order."""
    rows = (
        codings(study=study)
        .order_by("segment_id")
        .values_list(
            "segment_id", "segment__source_id", "segment__start", "segment__end", "code_id"
        )
        .iterator(chunk_size=5000)
    )
    current: tuple[int, int, int, int] | None = None
    codes: set[int] = set()
    for segment, source, start, end, code in rows:
        if current is not None and segment != current[0]:
            yield CodedSpan(current[1], current[2], current[3], frozenset(codes))
            codes = set()
        current = (segment, source, start, end)
        codes.add(code)
    if current is not None:
        yield CodedSpan(current[1], current[2], current[3], frozenset(codes))


def cooccurrence(*, study: Study) -> list[Pair]:
    """Pairs of codes applied together: on overlapping segments, and in the same source.
    One query reads the codings; the counting is the core's sweep (O(n log n) per source,
    where a self-join grew with the square of the segments)."""
    counts = code_pairs(_coded_spans(study))
    names = {row.code.pk: row.code.name for row in code_tree(study=study)}
    pairs = [
        Pair(names[a], names[b], a, b, n.overlapping, n.same_source)
        for (a, b), n in counts.items()
        if a in names and b in names
    ]
    pairs.sort(key=lambda p: (-p.overlapping, -p.same_source, p.first, p.second))
    return pairs


# --- Graph and timeline rows ------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    pk: int
    label: str
    sampling: str
    referred_by: int | None
    withdrawn: bool


def referral_nodes(*, study: Study) -> list[Node]:
    rows = Informant.objects.filter(study=study).order_by("code", "pk")
    return [
        Node(pk, f"{code} ({label})", sampling, referrer, withdrawn is not None)
        for pk, code, label, sampling, referrer, withdrawn in rows.values_list(
            "pk", "code", "label", "sampling", "referred_by_id", "consent_withdrawn_on"
        )
    ]


@dataclass(frozen=True)
class Dated:
    pk: int
    title: str
    kind: str
    on: date | None
    withdrawn: bool


def timeline_rows(*, study: Study) -> list[Dated]:
    withdrawn = set(withdrawn_sources(study.pk).values_list("source_id", flat=True))
    rows = Source.objects.filter(study=study).order_by("collected_on", "pk")
    return [
        Dated(pk, title, kind, on, pk in withdrawn)
        for pk, title, kind, on in rows.values_list("pk", "title", "kind", "collected_on")
    ]
