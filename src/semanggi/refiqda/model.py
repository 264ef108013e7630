"""What Semanggi exchanges with other qualitative-analysis tools through REFI-QDA 1.5.

Only plain-text material is modelled: Semanggi codes text. Positions are Unicode code points of
the source's LF-normalised text (no BOM, ``\\n`` line ends), ``start`` inclusive and ``end``
exclusive, so ``source.text[selection.start:selection.end]`` is the selected text.

GUIDs are held in canonical form: lower case, unbraced, ``8-4-4-4-12`` hex digits.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

# Derived GUIDs (for codings, and for objects the importer has to create or rename) come from
# this namespace, so the same input always yields the same GUIDs.
SEMANGGI_NAMESPACE = uuid.UUID("5b1f0d0e-3c59-5c6a-9b0e-2f1c7a6d4e21")


class InvalidGuid(ValueError):
    pass


def canonical_guid(value: str) -> str:
    """``value`` as a canonical GUID; braces, case and stray whitespace are forgiven."""
    text = value.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    parts = text.split("-")
    if [len(p) for p in parts] != [8, 4, 4, 4, 12]:
        raise InvalidGuid(value)
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise InvalidGuid(value) from None


def derived_guid(*parts: str) -> str:
    """A GUID that depends only on ``parts``."""
    return str(uuid.uuid5(SEMANGGI_NAMESPACE, "/".join(parts)))


class VariableType(StrEnum):
    TEXT = "Text"
    BOOLEAN = "Boolean"
    INTEGER = "Integer"
    FLOAT = "Float"
    DATE = "Date"
    DATETIME = "DateTime"


class LinkDirection(StrEnum):
    """REFI-QDA's three directions. A two-way link is ``Bidirectional`` in the schema."""

    ASSOCIATIVE = "Associative"
    ONE_WAY = "OneWay"
    BIDIRECTIONAL = "Bidirectional"


VariableValueData = str | bool | int | Decimal | date | datetime


@dataclass(frozen=True)
class User:
    guid: str
    name: str = ""


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    color: str | None = None
    description: str = ""
    is_codable: bool = True
    children: tuple["Code", ...] = ()

    def walk(self) -> "tuple[Code, ...]":
        """This code and all its descendants, depth first."""
        return (self, *(c for child in self.children for c in child.walk()))


@dataclass(frozen=True)
class TextSource:
    guid: str
    name: str
    text: str
    description: str = ""
    creating_user: str | None = None
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class PlainTextSelection:
    guid: str
    source_guid: str
    start: int
    end: int
    codings: tuple[str, ...] = ()
    description: str = ""
    name: str = ""


@dataclass(frozen=True)
class Variable:
    guid: str
    name: str
    type: VariableType = VariableType.TEXT
    description: str = ""


@dataclass(frozen=True)
class VariableValue:
    variable_guid: str
    value: VariableValueData


@dataclass(frozen=True)
class Case:
    guid: str
    name: str
    description: str = ""
    values: tuple[VariableValue, ...] = ()
    source_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    """A memo. ``targets`` are the GUIDs of what it comments on (codes, sources, selections,
    notes, links); each target carries a ``NoteRef`` to the note in the exchange file, so an
    import gives them back in the order the targets appear in the file."""

    guid: str
    name: str
    text: str
    description: str = ""
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Set:
    guid: str
    name: str
    description: str = ""
    member_codes: tuple[str, ...] = ()
    member_sources: tuple[str, ...] = ()
    member_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    guid: str
    origin: str
    target: str
    direction: LinkDirection | None = LinkDirection.ONE_WAY
    name: str = ""


@dataclass(frozen=True)
class Project:
    name: str
    origin: str = "Semanggi"
    users: tuple[User, ...] = ()
    codes: tuple[Code, ...] = ()
    sources: tuple[TextSource, ...] = ()
    selections: tuple[PlainTextSelection, ...] = ()
    cases: tuple[Case, ...] = ()
    variables: tuple[Variable, ...] = ()
    notes: tuple[Note, ...] = ()
    sets: tuple[Set, ...] = ()
    links: tuple[Link, ...] = ()
    description: str = ""
    creating_user: str | None = None
    created: datetime | None = None
    modifying_user: str | None = None
    modified: datetime | None = None
    # Notes about the project as a whole.
    note_refs: tuple[str, ...] = ()

    def all_codes(self) -> tuple[Code, ...]:
        """Every code, parents before their children."""
        return tuple(c for code in self.codes for c in code.walk())


@dataclass(frozen=True)
class Codebook:
    """What a ``.qdc`` file carries: codes, and sets of codes."""

    codes: tuple[Code, ...]
    sets: tuple[Set, ...] = ()
    origin: str = "Semanggi"
