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

from semanggi.core import utf8


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
        return DecodedText(utf8.decode(data[3:], "replace"), True, "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(data.decode("utf-16", errors="replace"), True, "utf-16")
    try:
        return DecodedText(utf8.decode(data), False, "utf-8")
    except UnicodeDecodeError:
        return DecodedText(data.decode("cp1252", errors="replace"), False, "cp1252")


def normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Positions are mapped through checkpoints every _BLOCK characters: the maps hold one number
# per block, never one per character, so they stay a small fraction of the text.
_BLOCK = 1024
# Bytes that continue a UTF-8 character, and the high bytes of UTF-16 low surrogates (LE).
_NOT_CONTINUATION = bytes(b for b in range(256) if not 0x80 <= b < 0xC0)
_NOT_LOW_SURROGATE = bytes(b for b in range(256) if not 0xDC <= b < 0xE0)


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

    def block_of(self, value: int, plus_index: bool, minus_index: bool = False) -> int:
        """The last block whose start counts at most ``value`` (``f(start) <= value``, where
        ``f(i) = at(i)``, ``i + at(i)`` when ``plus_index``, ``i - at(i)`` when
        ``minus_index``)."""
        # (The last mark is the whole text's count, not a block's start.)
        low, high = 0, max(len(self.marks) - 2, 0)
        while low < high:
            middle = (low + high + 1) // 2
            start = middle * _BLOCK
            if minus_index:
                counted = start - self.marks[middle]
            else:
                counted = (start if plus_index else 0) + self.marks[middle]
            if counted <= value:
                low = middle
            else:
                high = middle - 1
        return low


@dataclass
class SourceText:
    """One source's raw text and the maps from positions in any unit to code points of its
    normalised form (no BOM, LF line ends). Only the raw text is held: the normalised one is
    made once, by :meth:`take_normalised`, when every position has been converted."""

    raw: str
    _crlf: "_Measure" = field(init=False)
    _utf16: "_Measure | None" = field(default=None, init=False)
    _utf8: "_Measure | None" = field(default=None, init=False)
    _plain: bool = field(init=False)

    def __post_init__(self) -> None:
        raw = self.raw
        # CRs that CRLF → LF removes, before index i: the "\r\n" pairs starting before i.
        self._crlf = _Measure(raw, lambda start, end: raw.count("\r\n", start, end + 1))
        self._plain = raw.isascii() and "\r" not in raw

    @property
    def normalised(self) -> str:
        return normalise_line_ends(self.raw)

    def take_normalised(self) -> str:
        """The normalised text; the raw text is let go (positions cannot be converted after).
        When line ends change, the text goes through UTF-8 (about a byte per character) rather
        than holding two copies of it at up to four bytes per character."""
        raw, self.raw = self.raw, ""
        self._utf16 = self._utf8 = None
        self._crlf = _Measure("", lambda start, end: 0)
        if "\r" not in raw:
            return raw
        data = utf8.encode(raw)
        del raw
        data = data.replace(b"\r\n", b"\n")
        data = data.replace(b"\r", b"\n")
        return utf8.decode(data, "surrogatepass")

    @property
    def is_plain(self) -> bool:
        """True when every unit gives the same positions (ASCII, no CR)."""
        return self._plain

    def _raw_to_normalised(self, index: int) -> int:
        return index - self._crlf.at(index)

    def _normalised_to_raw(self, index: int) -> int:
        # The raw index whose normalised position is ``index``: the block from the
        # checkpoints, then past each CR of a CRLF before it (at most one per two characters).
        crlf, raw = self._crlf, self.raw
        block = crlf.block_of(index, plus_index=False, minus_index=True)
        start = block * _BLOCK
        candidate = index + crlf.marks[block]
        found = raw.find("\r\n", start, candidate + 1)
        while found != -1 and found < candidate:
            candidate += 1
            found = raw.find("\r\n", found + 1, candidate + 1)
        return candidate

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

    def _from_utf16(self, offset: int) -> int | None:
        """The raw index at ``offset`` UTF-16 units; None inside a surrogate pair or past the
        end. The block is found from the checkpoints, then counted in C."""
        measure = self._units16()
        if offset > len(self.raw) + measure.total:
            return None
        block = measure.block_of(offset, plus_index=True)
        start = block * _BLOCK
        local = offset - start - measure.marks[block]
        encoded = self.raw[start : start + _BLOCK].encode("utf-16-le", "surrogatepass")
        if 2 * local > len(encoded):
            return None
        if 2 * local < len(encoded) and 0xDC <= encoded[2 * local + 1] < 0xE0:
            return None  # the second half of a pair
        lows = len(encoded[1 : 2 * local : 2].translate(None, _NOT_LOW_SURROGATE))
        return start + local - lows

    def _from_utf8(self, offset: int) -> int | None:
        """The raw index at ``offset`` UTF-8 bytes; None inside a character or past the end."""
        measure = self._bytes8()
        if offset > measure.total:
            return None
        block = measure.block_of(offset, plus_index=False)
        start = block * _BLOCK
        local = offset - measure.marks[block]
        encoded = self.raw[start : start + _BLOCK].encode("utf-8", "surrogatepass")
        if local > len(encoded):
            return None
        if local < len(encoded) and 0x80 <= encoded[local] < 0xC0:
            return None  # a continuation byte
        return start + local - len(encoded[:local].translate(None, _NOT_CONTINUATION))

    def to_raw(self, offset: int, unit: OffsetUnit) -> int | None:
        """The raw code-point index of ``offset``; None when it cannot be a position."""
        if offset < 0:
            return None
        if unit is OffsetUnit.CODE_POINTS or self._plain:
            index: int | None = offset
        elif unit is OffsetUnit.CODE_POINTS_LF:
            if offset > len(self.raw) - self._crlf.total:
                return None
            index = self._normalised_to_raw(offset)
        elif unit is OffsetUnit.UTF16:
            index = self._from_utf16(offset)
        else:
            index = self._from_utf8(offset)
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
        raw = self.raw
        if index in (0, len(raw)):
            return True
        before, after = raw[index - 1], raw[index]
        if before == "\r" and after == "\n":
            return False
        # Line ends are not alphanumeric, so the raw neighbours decide as the normalised do.
        return not (before.isalnum() and after.isalnum())


@dataclass(frozen=True)
class UnitChoice:
    unit: OffsetUnit
    boundaries: int  # selection ends at word boundaries under the chosen unit
    ends: int  # selection ends looked at
    ambiguous: bool  # the units would have given different positions


# Selections looked at to find the unit of a project's positions.
SAMPLE = 5_000


def detect_unit(
    selections: Iterable[tuple[SourceText, int, int]], *, origin: str = ""
) -> UnitChoice:
    """The unit that puts the most selection ends at word boundaries.

    Ties go to the standard's code points, except for files NVivo wrote, where they go to
    UTF-16 code units. Of a project with more than SAMPLE selections, SAMPLE of them spread
    evenly over it are looked at: the unit is one for the whole file, and a sample of that
    size finds it as surely as the whole, in a bounded time.
    """
    if not isinstance(selections, Sequence):
        selections = list(selections)
    count = len(selections)
    if count > SAMPLE:
        items = [selections[index * count // SAMPLE] for index in range(SAMPLE)]
    else:
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
