"""A REFI-QDA project document read as a stream of elements, never as a whole tree.

A project with a hundred thousand selections is a document of tens of megabytes; as a tree it
would take ten times that. Here the document is parsed piece by piece: each object (a code, a
source, a selection, a note, ...) is read when its element ends, then the element is cleared
and dropped. Selections are taken out of their source as they end, so that even one source
with all the selections holds only one at a time in the tree. What the tree holds at any
moment, and every object kept, is charged to the :class:`MemoryBudget`.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from lxml import etree

from semanggi.archives import DoctypeFound, chunks_without_doctype, safe_pull_parser
from semanggi.refiqda.budget import MemoryBudget
from semanggi.refiqda.errors import InvalidXmlError
from semanggi.refiqda.model import Case, Code, Link, Note, Set, TextSource, User
from semanggi.refiqda.offsets import SourceText
from semanggi.refiqda.reader import (
    MEDIA_SELECTIONS,
    MEDIA_SOURCES,
    ElementReader,
    PendingMedia,
    RawSelection,
    _content,
)

CHUNK = 64 * 1024
# What an element costs while it is in the tree (libxml2's node, and per attribute its node,
# its value's text node and the value): released when the element is dropped.
ELEMENT_BYTES = 200
ATTRIBUTE_BYTES = 250
# Checking against the schema needs the document as a tree, and the checker keeps every error
# it finds (several hundred bytes each; a hostile document can have one per element): only
# documents up to this size are checked.
VALIDATE_MAX_BYTES = 512 * 1024

# Children of the project's parts that are read one by one, and what reads them.
_ITEMS = {
    "Users": "User",
    "Variables": "Variable",
    "Cases": "Case",
    "Notes": "Note",
    "Links": "Link",
    "Sets": "Set",
    "Graphs": "Graph",
}


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def damaged(what: str, what_en: str, line: int | None) -> InvalidXmlError:
    where = f" (baris {line})" if line else ""
    where_en = f" (line {line})" if line else ""
    return InvalidXmlError(
        f"{what} rusak: isinya bukan XML yang utuh{where}. Ekspor ulang berkasnya dari "
        "aplikasi asalnya.",
        f"{what_en} is damaged: its content is not complete XML{where_en}. Export the file "
        "again from the program that made it.",
    )


def doctype_refused(what: str, what_en: str) -> InvalidXmlError:
    return InvalidXmlError(
        f"{what} memuat deklarasi DOCTYPE/entitas, yang tidak diizinkan",
        f"{what_en} contains a DOCTYPE or entity declaration, which is not allowed",
    )


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class XmlStream:
    """``(event, element)`` for every element of an untrusted XML stream: no entities, no
    DTD, no network, and a DOCTYPE refused. With ``keep``, the document's bytes are kept in
    ``kept`` as they pass (for a small document, to be checked against the schema)."""

    def __init__(self, stream: Readable, what: str, what_en: str, *, keep: bool = False) -> None:
        self.stream = stream
        self.what, self.what_en = what, what_en
        self.keep = keep
        self.kept = b""

    def __iter__(self) -> Iterator[tuple[str, etree._Element]]:
        parser = safe_pull_parser()
        kept = []
        try:
            for chunk in chunks_without_doctype(self.stream, CHUNK):
                if self.keep:
                    kept.append(chunk)
                parser.feed(chunk)
                yield from _elements(parser)
            parser.close()
            yield from _elements(parser)
        except DoctypeFound:
            raise doctype_refused(self.what, self.what_en) from None
        except etree.XMLSyntaxError as error:
            raise damaged(self.what, self.what_en, error.lineno) from None
        self.kept = b"".join(kept)


def _elements(parser: etree.XMLPullParser) -> Iterator[tuple[str, etree._Element]]:
    for event, element in parser.read_events():
        yield event, cast(etree._Element, element)  # only start and end were asked for


@dataclass
class ProjectParts:
    """What a project document holds, read; texts are not yet normalised, nor positions
    converted (that needs every source)."""

    attributes: dict[str, str] = field(default_factory=dict)
    description: str | None = None
    users: list[User] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    sources: list[TextSource] = field(default_factory=list)
    # Source GUID → its text, and how it was stored: (BOM, encoding, CR in it).
    texts: dict[str, SourceText] = field(default_factory=dict)
    stored: dict[str, tuple[bool, str, bool]] = field(default_factory=dict)
    selections: list[RawSelection] = field(default_factory=list)
    source_cases: list[Case] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sets: list[Set] = field(default_factory=list)
    project_notes: list[str | None] = field(default_factory=list)
    parts: Counter[str] = field(default_factory=Counter)
    tags: set[str] = field(default_factory=set)


class ProjectWalker:
    """Reads the events of a ``<Project>`` document into :class:`ProjectParts`."""

    def __init__(self, reader: ElementReader, budget: MemoryBudget, document: str) -> None:
        self.reader = reader
        self.budget = budget
        self.document = document  # the document's name in the archive, for messages
        self.parts = ProjectParts()

    def _hold(self, element: etree._Element) -> None:
        self.budget.charge(ELEMENT_BYTES + ATTRIBUTE_BYTES * len(element.attrib))

    def _drop(self, element: etree._Element) -> None:
        """Clear a read element and take it out of the tree; its cost is released."""
        held = sum(ELEMENT_BYTES + ATTRIBUTE_BYTES * len(e.attrib) for e in element.iter())
        self.budget.charge(-held)
        element.clear()
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)

    def walk(self, events: Iterable[tuple[str, etree._Element]]) -> ProjectParts:
        parts = self.parts
        path: list[str] = []
        # Codes being read: (its GUID, its children read so far), outermost first.
        codes: list[tuple[str | None, list[Code]]] = []
        selections: list[RawSelection] = []
        media: PendingMedia | None = None
        unknown_sources: Counter[str] = Counter()
        for event, element in events:
            if event == "start":
                name = _local(element.tag)
                if isinstance(element.tag, str):
                    parts.tags.add(element.tag)
                path.append(name)
                self._hold(element)
                depth = len(path)
                if depth == 1:
                    if name != "Project":
                        raise InvalidXmlError(
                            f"Akar {self.document} adalah <{name}>, bukan <Project>",
                            f"The root of {self.document} is <{name}>, not <Project>",
                        )
                    parts.attributes = {str(k): str(v) for k, v in element.attrib.items()}
                elif depth == 2:
                    if name:
                        parts.parts[name] += 1
                elif self._in_codes(path):
                    codes.append((self.reader.code_start(element), []))
                elif depth == 3 and path[1] == "Sources" and name in MEDIA_SOURCES:
                    media = PendingMedia()
                continue

            name, depth = path[-1], len(path)
            path.pop()
            if depth == 1:
                continue
            if depth == 2:
                if name == "Description" and parts.description is None:
                    parts.description = _content(element)
                    self.budget.string(parts.description)
                elif name == "NoteRef":
                    parts.project_notes.append(self.reader.ref(element.get("targetGUID")))
                elif name == "Sources":
                    for tag, count in sorted(unknown_sources.items()):
                        self.reader.report.dropped(
                            "unknown_element",
                            f"{count} elemen <{tag}> yang tidak dikenal di dalam <Sources> dibuang",
                            f"{count} unknown <{tag}> element(s) inside <Sources> dropped",
                            tag,
                        )
                    unknown_sources.clear()
                self._drop(element)
            elif self._in_codes([*path, name]):
                guid, children = codes.pop()
                read = self.reader.code_end(element, guid, children)
                (codes[-1][1] if codes else parts.codes).extend(read)
                self._drop(element)
            elif path[1] == "Sources":
                if depth == 3:
                    self._source(element, name, selections, media, unknown_sources)
                    media = None
                    self._drop(element)
                elif depth == 4 and path[2] == "TextSource" and name == "PlainTextSelection":
                    selections.append(self.reader.raw_selection(element))
                    self._drop(element)
                elif media is not None and name in MEDIA_SELECTIONS:
                    media.add(element)
                    self._drop(element)
            elif depth == 3:
                self._item(path[1], name, element)
                self._drop(element)
        return parts

    @staticmethod
    def _in_codes(path: list[str]) -> bool:
        """True for a ``<Code>`` of the codebook: Project/CodeBook/Codes/Code[/Code...]."""
        return (
            len(path) >= 4
            and path[1] == "CodeBook"
            and path[2] == "Codes"
            and all(name == "Code" for name in path[3:])
        )

    def _source(
        self,
        element: etree._Element,
        tag: str,
        selections: list[RawSelection],
        media: PendingMedia | None,
        unknown: Counter[str],
    ) -> None:
        parts = self.parts
        if tag == "TextSource":
            read = self.reader.text_source(element, selections)
            if read is not None:
                source, decoded, case = read
                parts.sources.append(source)
                parts.texts[source.guid] = SourceText(decoded.raw)
                parts.stored[source.guid] = (
                    decoded.had_bom,
                    decoded.encoding,
                    "\r" in decoded.raw,
                )
                parts.selections.extend(selections)
                if case is not None:
                    parts.source_cases.append(case)
            selections.clear()
        elif tag in MEDIA_SOURCES:
            self.reader.media_source(element, tag, media)
        elif tag:
            unknown[tag] += 1

    def _item(self, part: str, tag: str, element: etree._Element) -> None:
        """One child of a part (a user, a case, a note, ...), read as a whole."""
        if _ITEMS.get(part) != tag:
            return
        parts, reader = self.parts, self.reader
        if tag == "User":
            if (user := reader.user(element)) is not None:
                parts.users.append(user)
        elif tag == "Variable":
            reader.variable(element)
        elif tag == "Case":
            if (case := reader.case(element)) is not None:
                parts.cases.append(case)
        elif tag == "Note":
            if (note := reader.note(element)) is not None:
                parts.notes.append(note)
        elif tag == "Link":
            if (link := reader.link(element)) is not None:
                parts.links.append(link)
        elif tag == "Set":
            if (item := reader.set_(element)) is not None:
                parts.sets.append(item)
        else:
            name = element.get("name") or element.get("guid") or ""
            reader.report.dropped(
                "graph",
                f"Graf {name!r} dibuang (grafik jaringan tidak didukung)",
                f"Graph {name!r} dropped (network graphs are not supported)",
                name,
            )
