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

import bisect
import codecs
import itertools
from collections.abc import Iterable, Sequence
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


@dataclass
class SourceText:
    """One source's raw text, its normalised form, and the maps between positions."""

    raw: str
    normalised: str = field(init=False)
    _removed: list[int] = field(init=False)  # raw indices of the CRs that CRLF → LF removes
    _astral: list[int] | None = field(default=None, init=False)
    _utf8_ends: list[int] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.normalised = normalise_line_ends(self.raw)
        self._removed = [
            i for i, ch in enumerate(self.raw) if ch == "\r" and self.raw[i + 1 : i + 2] == "\n"
        ]

    @property
    def is_plain(self) -> bool:
        """True when every unit gives the same positions (ASCII, no CR)."""
        return self.raw.isascii() and "\r" not in self.raw

    def _raw_to_normalised(self, index: int) -> int:
        return index - bisect.bisect_left(self._removed, index)

    def _normalised_to_raw(self, index: int) -> int:
        # The raw index whose normalised position is ``index``: skip past the removed CRs.
        low, high = index, index + len(self._removed)
        while low < high:
            middle = (low + high) // 2
            if self._raw_to_normalised(middle) < index:
                low = middle + 1
            else:
                high = middle
        return low

    def _astral_starts(self) -> list[int]:
        # UTF-16 start offset of each character outside the BMP.
        if self._astral is None:
            starts: list[int] = []
            for index, ch in enumerate(self.raw):
                if ord(ch) > 0xFFFF:
                    starts.append(index + len(starts))
            self._astral = starts
        return self._astral

    def _utf8(self) -> list[int]:
        # Byte offset at which each character ends.
        if self._utf8_ends is None:
            self._utf8_ends = list(
                itertools.accumulate(len(ch.encode("utf-8", "surrogatepass")) for ch in self.raw)
            )
        return self._utf8_ends

    def to_raw(self, offset: int, unit: OffsetUnit) -> int | None:
        """The raw code-point index of ``offset``; None when it cannot be a position."""
        if offset < 0:
            return None
        if unit is OffsetUnit.CODE_POINTS:
            index = offset
        elif unit is OffsetUnit.CODE_POINTS_LF:
            if offset > len(self.normalised):
                return None
            index = self._normalised_to_raw(offset)
        elif unit is OffsetUnit.UTF16:
            starts = self._astral_starts()
            before = bisect.bisect_left(starts, offset)
            if before and starts[before - 1] == offset - 1:
                return None  # inside a surrogate pair
            index = offset - before
        else:
            if offset == 0:
                index = 0
            else:
                ends = self._utf8()
                found = bisect.bisect_left(ends, offset)
                if found == len(ends) or ends[found] != offset:
                    return None  # inside a multi-byte character, or past the end
                index = found + 1
        return index if index <= len(self.raw) else None

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
