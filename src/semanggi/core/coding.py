"""Coding a text: the colours codes get, their short labels, and the stretches of text a
person selects with the keyboard (sentences, paragraphs, search hits).

Positions are Unicode code points of the text (Python's own string indices), start
inclusive, end exclusive: the same positions segments are stored in.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Ten colours for codes, in the order new codes receive them. Each has at least 3:1 contrast
# against white (a band under the text stays visible) and any two differ by a CIEDE2000
# distance of at least 11 for normal vision and for simulated protanopia, deuteranopia and
# tritanopia (tested in core/tests/test_coding.py). Past ten codes colours repeat: the code's
# label, its band and the name on hover and focus tell them apart, never the colour alone.
PALETTE: tuple[str, ...] = (
    "#3399ee",
    "#665500",
    "#cc2266",
    "#3333ff",
    "#999900",
    "#008877",
    "#992299",
    "#bb77aa",
    "#887733",
    "#006644",
)

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def is_colour(value: str) -> bool:
    """Whether ``value`` is a colour written #rrggbb."""
    return bool(_HEX.match(value or ""))


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else float(((c + 0.055) / 1.055) ** 2.4)


def luminance(colour: str) -> float:
    """The relative luminance of a #rrggbb colour (WCAG 2)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(first: str, second: str = "#ffffff") -> float:
    """The WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def colour_for_new_code(taken: Iterable[str]) -> str:
    """The palette colour a new code receives: the one fewest of the study's codes carry
    (the first of those in palette order), so that the first ten codes all differ and later
    ones spread evenly."""
    uses = dict.fromkeys(PALETTE, 0)
    for colour in taken:
        key = (colour or "").lower()
        if key in uses:
            uses[key] += 1
    fewest = min(uses.values())
    return next(colour for colour in PALETTE if uses[colour] == fewest)


def shown_colour(colour: str, key: int) -> str:
    """The colour a code is drawn in: its own, or (without one) a palette colour chosen by
    ``key`` (its id), so that the same code always looks the same."""
    if is_colour(colour):
        return colour.lower()
    return PALETTE[key % len(PALETTE)]


_NUMBERED = re.compile(r"^([A-Z]{1,3}\d{1,3}[+\-−]?)(?=\s|:|$)")
_BRACKETED = re.compile(r"\(([^()\s]{1,5})\)\s*$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def abbreviation(name: str) -> str:
    """A short label for a code, readable beside the highlight: a leading number such as
    "K1+" or "P2", a short token in brackets at the end ("Perencanaan (P)" → "P"), else the
    initials of up to three words, or the first three letters of a single word."""
    name = name.strip()
    if match := _NUMBERED.match(name):
        return match.group(1)
    if match := _BRACKETED.search(name):
        return match.group(1)
    words: list[str] = _WORD.findall(name)
    if len(words) >= 2:
        return "".join(w[0].upper() for w in words[:3])
    if words:
        return words[0][:3].capitalize()
    return name[:3]


# --- Stretches of text --------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A stretch [start, end) of a text, in code points."""

    start: int
    end: int


_TERMINALS = ".!?…"
_CLOSERS = "\"')]}»”’"
# Words that end with a full stop without ending a sentence (Indonesian and English).
ABBREVIATIONS = frozenset(
    {
        "a.n",
        "bpk",
        "bu",
        "dll",
        "dr",
        "dra",
        "drs",
        "dsb",
        "dst",
        "e.g",
        "hlm",
        "i.e",
        "ibu",
        "ir",
        "jl",
        "kab",
        "kec",
        "kel",
        "mr",
        "mrs",
        "ms",
        "no",
        "pak",
        "prof",
        "rp",
        "sdr",
        "tgl",
        "tsb",
        "u.p",
        "vs",
        "yth",
    }
)


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def paragraphs(text: str) -> tuple[Span, ...]:
    """The paragraphs of a text: each line (text between line ends) that is not blank,
    without its surrounding spaces. A transcript's turn, a document's paragraph."""
    spans = []
    start = 0
    for line in text.split("\n"):
        span = _trimmed(text, start, start + len(line))
        if span is not None:
            spans.append(span)
        start += len(line) + 1
    return tuple(spans)


def _ends_sentence(text: str, stop: int, line_start: int) -> bool:
    """Whether the full stop at ``stop`` ends a sentence rather than an abbreviation or an
    initial ("dr.", "Rp.", "A.")."""
    if text[stop] != ".":
        return True
    word_start = stop
    while word_start > line_start and (
        text[word_start - 1].isalpha() or text[word_start - 1] == "."
    ):
        word_start -= 1
    word = text[word_start:stop].lower()
    if not word:
        return True
    if len(word) == 1 and word.isalpha():
        return False  # an initial
    return word not in ABBREVIATIONS


def _boundary(text: str, end: int, line_end: int) -> bool:
    """Whether a sentence may end just before ``end``: at the end of the line, or before a
    space followed by something other than a lower-case letter ("kata «selesai!» katanya"
    goes on)."""
    if end == line_end:
        return True
    if not text[end].isspace():
        return False
    following = end
    while following < line_end and text[following].isspace():
        following += 1
    return following == line_end or not text[following].islower()


def sentences(text: str) -> tuple[Span, ...]:
    """The sentences of a text, each inside one paragraph: a sentence ends with ``.``,
    ``!``, ``?`` or ``…`` (and any closing quotes or brackets) before a space and a word
    that does not begin in lower case, or at the end of its line. Abbreviations such as
    "dr." or "Rp." and initials do not end one."""
    spans = []
    for paragraph in paragraphs(text):
        start = paragraph.start
        i = paragraph.start
        while i < paragraph.end:
            if text[i] in _TERMINALS:
                end = i + 1
                while end < paragraph.end and text[end] in _TERMINALS + _CLOSERS:
                    end += 1
                if _boundary(text, end, paragraph.end) and _ends_sentence(text, i, paragraph.start):
                    span = _trimmed(text, start, end)
                    if span is not None:
                        spans.append(span)
                    start = end
                i = end
            else:
                i += 1
        last = _trimmed(text, start, paragraph.end)
        if last is not None:
            spans.append(last)
    return tuple(spans)


def units(text: str, by: str) -> tuple[Span, ...]:
    """The sentences (``by="sentence"``) or paragraphs (``by="paragraph"``) of a text."""
    if by == "paragraph":
        return paragraphs(text)
    if by == "sentence":
        return sentences(text)
    raise ValueError(f"unknown unit: {by!r}")


def find_hits(text: str, query: str, limit: int) -> tuple[Span, ...]:
    """Where ``query`` occurs in ``text``, ignoring case, without overlaps, in order: at
    most ``limit + 1`` hits, so that a caller can tell that there are more than ``limit``.
    Positions are those of the text itself (a letter whose lower case is longer, such as
    "İ", does not shift them)."""
    if not query:
        return ()
    hits = []
    for match in re.finditer(re.escape(query), text, flags=re.IGNORECASE):
        hits.append(Span(match.start(), match.end()))
        if len(hits) > limit:
            break
    return tuple(hits)


def shifted(spans: Iterable[Span], base: int) -> tuple[Span, ...]:
    """Spans of a part of a text that starts at ``base``, as positions in the whole text."""
    return tuple(Span(s.start + base, s.end + base) for s in spans)
