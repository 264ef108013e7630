"""Source texts as tools write them, and the positions tools give inside them.

REFI-QDA counts positions in Unicode code points of the text file. Real files differ: NVivo
counts UTF-16 code units (a character outside the BMP, such as an emoji, counts twice), after a
UTF-8 BOM that it does not count, in a text with CRLF line ends that count as two. Other tools
have been seen counting bytes, or counting after turning CRLF into LF.

Semanggi keeps every text normalised (no BOM, LF line ends) and every position as a code point
of that normalised text. :class:`SourceText` converts a position in any of the units below into
that form, and :func:`detect_unit` picks, for a whole project, the unit in which the selections
start and end at word boundaries most often: a wrong unit cuts words in half.
"""

import codecs
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class OffsetUnit(StrEnum):
    # Code points of the text as stored, line ends as they are (the standard's unit).
    CODE_POINTS = "code-points"
    # Code points after CRLF has become LF.
    CODE_POINTS_LF = "code-points-lf"
    # UTF-16 code units, as NVivo counts.
    UTF16 = "utf-16"
    # Bytes of the UTF-8 encoding.
    UTF8_BYTES = "utf-8-bytes"


UNIT_NAMES = {
    OffsetUnit.CODE_POINTS: ("titik kode Unicode", "Unicode code points"),
    OffsetUnit.CODE_POINTS_LF: (
        "titik kode Unicode setelah CRLF menjadi LF",
        "Unicode code points after CRLF became LF",
    ),
    OffsetUnit.UTF16: ("unit kode UTF-16 (gaya NVivo)", "UTF-16 code units (NVivo style)"),
    OffsetUnit.UTF8_BYTES: ("bita UTF-8", "UTF-8 bytes"),
}


@dataclass(frozen=True)
class DecodedText:
    """A text file's content as stored (``raw``, BOM removed) and how it was read."""

    raw: str
    had_bom: bool
    encoding: str


def decode_text(data: bytes) -> DecodedText:
    """Read a source file: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(data[3:].decode("utf-8", errors="replace"), True, "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(data.decode("utf-16", errors="replace"), True, "utf-16")
    try:
        return DecodedText(data.decode("utf-8"), False, "utf-8")
    except UnicodeDecodeError:
        return DecodedText(data.decode("cp1252", errors="replace"), False, "cp1252")


def normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Positions are mapped through checkpoints every _BLOCK characters: the maps hold one number
# per block, never one per character, so they stay a small fraction of the text.
_BLOCK = 1024


class _Measure:
    """A non-decreasing count over the text's prefixes (``measure(i)`` for ``raw[:i]``),
    kept at every block boundary; within a block it is counted again, in C."""

    def __init__(self, raw: str, piece: Callable[[int, int], int]) -> None:
        self.raw = raw
        self.piece = piece  # the count over raw[start:end]
        marks = array("q", [0])
        total = 0
        for start in range(0, len(raw), _BLOCK):
            total += piece(start, min(start + _BLOCK, len(raw)))
            marks.append(total)
        self.marks = marks

    @property
    def total(self) -> int:
        return self.marks[-1]

    def at(self, index: int) -> int:
        block = index // _BLOCK
        if block >= len(self.marks) - 1:
            return self.total
        return self.marks[block] + self.piece(block * _BLOCK, index)

    def index_of(self, value: int, plus_index: bool) -> int | None:
        """The index ``i`` with ``f(i) == value``, where ``f(i) = at(i)`` (or ``i + at(i)``
        when ``plus_index``); None when no index gives exactly ``value``."""

        def f(i: int) -> int:
            return (i if plus_index else 0) + self.at(i)

        length = len(self.raw)
        if value < 0 or value > f(length):
            return None
        # The block in which f reaches value, from the checkpoints; then bisect inside it.
        # (The last mark is the whole text's count, not a block's start.)
        low_block, high_block = 0, max(len(self.marks) - 2, 0)
        while low_block < high_block:
            middle = (low_block + high_block + 1) // 2
            start = middle * _BLOCK
            if (start if plus_index else 0) + self.marks[middle] <= value:
                low_block = middle
            else:
                high_block = middle - 1
        low, high = low_block * _BLOCK, min(length, (low_block + 1) * _BLOCK)
        while low < high:
            middle = (low + high) // 2
            if f(middle) < value:
                low = middle + 1
            else:
                high = middle
        return low if f(low) == value else None


@dataclass
class SourceText:
    """One source's raw text, its normalised form, and the maps between positions."""

    raw: str
    normalised: str = field(init=False)
    _crlf: "_Measure" = field(init=False)
    _utf16: "_Measure | None" = field(default=None, init=False)
    _utf8: "_Measure | None" = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.normalised = normalise_line_ends(self.raw)
        raw = self.raw
        # CRs that CRLF → LF removes, before index i: the "\r\n" pairs starting before i.
        self._crlf = _Measure(raw, lambda start, end: raw.count("\r\n", start, end + 1))

    @property
    def is_plain(self) -> bool:
        """True when every unit gives the same positions (ASCII, no CR)."""
        return self.raw.isascii() and "\r" not in self.raw

    def _raw_to_normalised(self, index: int) -> int:
        return index - self._crlf.at(index)

    def _normalised_to_raw(self, index: int) -> int:
        # The raw index whose normalised position is ``index``: skip past the removed CRs.
        low, high = index, index + self._crlf.total
        while low < high:
            middle = (low + high) // 2
            if self._raw_to_normalised(middle) < index:
                low = middle + 1
            else:
                high = middle
        return low

    def _units16(self) -> "_Measure":
        # Characters outside the BMP before index i: each is two UTF-16 units.
        if self._utf16 is None:
            raw = self.raw
            self._utf16 = _Measure(
                raw,
                lambda start, end: (
                    len(raw[start:end].encode("utf-16-le", "surrogatepass")) // 2 - (end - start)
                ),
            )
        return self._utf16

    def _bytes8(self) -> "_Measure":
        # UTF-8 bytes of raw[:i].
        if self._utf8 is None:
            raw = self.raw
            self._utf8 = _Measure(
                raw, lambda start, end: len(raw[start:end].encode("utf-8", "surrogatepass"))
            )
        return self._utf8

    def to_raw(self, offset: int, unit: OffsetUnit) -> int | None:
        """The raw code-point index of ``offset``; None when it cannot be a position."""
        if offset < 0:
            return None
        if unit is OffsetUnit.CODE_POINTS:
            index: int | None = offset
        elif unit is OffsetUnit.CODE_POINTS_LF:
            if offset > len(self.normalised):
                return None
            index = self._normalised_to_raw(offset)
        elif unit is OffsetUnit.UTF16:
            # None inside a surrogate pair or past the end.
            index = self._units16().index_of(offset, plus_index=True)
        else:
            # None inside a multi-byte character or past the end.
            index = self._bytes8().index_of(offset, plus_index=False)
        return index if index is not None and index <= len(self.raw) else None

    def convert(self, offset: int, unit: OffsetUnit) -> int | None:
        """``offset`` in ``unit`` as a code point of the normalised text, or None."""
        index = self.to_raw(offset, unit)
        return None if index is None else self._raw_to_normalised(index)

    def at_boundary(self, offset: int, unit: OffsetUnit) -> bool:
        """True when ``offset`` falls between words (not inside a word, nor inside CRLF)."""
        index = self.to_raw(offset, unit)
        if index is None:
            return False
        if 0 < index < len(self.raw) and self.raw[index - 1] == "\r" and self.raw[index] == "\n":
            return False
        position = self._raw_to_normalised(index)
        text = self.normalised
        if position in (0, len(text)):
            return True
        return not (text[position - 1].isalnum() and text[position].isalnum())


@dataclass(frozen=True)
class UnitChoice:
    unit: OffsetUnit
    boundaries: int  # selection ends at word boundaries under the chosen unit
    ends: int  # selection ends looked at
    ambiguous: bool  # the units would have given different positions


def detect_unit(
    selections: Iterable[tuple[SourceText, int, int]], *, origin: str = ""
) -> UnitChoice:
    """The unit that puts the most selection ends at word boundaries.

    Ties go to the standard's code points, except for files NVivo wrote, where they go to
    UTF-16 code units.
    """
    items = list(selections)
    preference: Sequence[OffsetUnit] = (
        (OffsetUnit.UTF16, OffsetUnit.CODE_POINTS, OffsetUnit.CODE_POINTS_LF, OffsetUnit.UTF8_BYTES)
        if origin.strip().lower().startswith("nvivo")
        else (
            OffsetUnit.CODE_POINTS,
            OffsetUnit.CODE_POINTS_LF,
            OffsetUnit.UTF16,
            OffsetUnit.UTF8_BYTES,
        )
    )
    ends = 2 * len(items)
    ambiguous = any(
        len({text.convert(offset, unit) for unit in preference}) > 1
        for text, start, end in items
        if not text.is_plain
        for offset in (start, end)
    )
    if not ambiguous:
        score = sum(
            text.at_boundary(start, OffsetUnit.CODE_POINTS)
            + text.at_boundary(end, OffsetUnit.CODE_POINTS)
            for text, start, end in items
        )
        return UnitChoice(OffsetUnit.CODE_POINTS, score, ends, ambiguous=False)
    scores = {
        unit: sum(
            text.at_boundary(start, unit) + text.at_boundary(end, unit)
            for text, start, end in items
        )
        for unit in preference
    }
    best = max(preference, key=lambda unit: (scores[unit], -preference.index(unit)))
    return UnitChoice(best, scores[best], ends, ambiguous=True)
