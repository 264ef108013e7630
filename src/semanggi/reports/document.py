"""A report as plain data: headings, paragraphs, tables, charts.

Builders turn records into a ``Report``; renderers turn one ``Report`` into HTML (printable),
PDF and DOCX. Because the three formats render the same value, they cannot say different
things. Text is already in the reader's language when it reaches this model.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """A definition list: (term, value) pairs."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    # Indexes of the columns that hold numbers (right-aligned).
    numeric: tuple[int, ...] = ()
    empty: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    # What the bar's value reads as in text ("Rp 1.250.000", "75 %").
    shown: str
    # A pattern name, so that bars differ by more than colour: solid, hatched, dotted.
    pattern: str = "solid"


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars; the renderers also print every value as text."""

    title: str
    bars: tuple[Bar, ...]
    description: str = ""


@dataclass(frozen=True)
class Figure:
    """A ready-made drawing (SVG markup produced by Semanggi's own code) with its text
    alternative. DOCX shows the text alternative only."""

    title: str
    svg: str
    alternative: str


@dataclass(frozen=True)
class Note:
    """A remark set apart: ``kind`` is info, warning or privacy."""

    text: str
    kind: str = "info"


Block = Paragraph | Bullets | Facts | Table | BarChart | Figure | Note


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple["Section", ...] = ()


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    language: str
    # (term, value) pairs printed under the title: who, where, when generated.
    meta: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    footer: str = ""
    slug: str = field(default="report")
