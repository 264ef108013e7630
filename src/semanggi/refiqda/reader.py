"""REFI-QDA elements read into Semanggi's model objects, leniently, reporting what was left out.

Elements are matched by local name, whatever their namespace, so that files in the older draft
namespaces (``urn:QDA-XML:codebook:0:4``, ``urn:QDA-XML:codebook:1:0``, ...) and hand-edited
mixtures still read. Objects are kept on a first-come basis when GUIDs repeat.
"""

import posixpath
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote

from lxml import etree

from semanggi.core import utf8
from semanggi.refiqda.budget import OBJECT_BYTES, SELECTION_BYTES, MemoryBudget
from semanggi.refiqda.model import (
    Case,
    Code,
    InvalidGuid,
    Link,
    LinkDirection,
    Note,
    Set,
    TextSource,
    User,
    Variable,
    VariableType,
    VariableValue,
    VariableValueData,
    canonical_guid,
    derived_guid,
)
from semanggi.refiqda.offsets import (
    DecodedText,
    decode_text,
    normalise_line_ends,
)
from semanggi.refiqda.report import Reporter

# Reads an internal file of the archive by the name after ``internal://``; None when missing.
FileLookup = Callable[[str], bytes | None]

MEDIA_SOURCES = {
    "PDFSource": ("PDF", "PDF"),
    "PictureSource": ("gambar", "Picture"),
    "AudioSource": ("audio", "Audio"),
    "VideoSource": ("video", "Video"),
}
MEDIA_SELECTIONS = {
    "PDFSelection": ("PDF", "PDF"),
    "PictureSelection": ("gambar", "Picture"),
    "AudioSelection": ("audio", "Audio"),
    "VideoSelection": ("video", "Video"),
    "TranscriptSelection": ("transkrip", "Transcript"),
    "PlainTextSelection": ("teks pada representasi", "Representation text"),
}
_KINDS = {
    "user": ("Pengguna", "User"),
    "code": ("Kode", "Code"),
    "variable": ("Variabel", "Variable"),
    "case": ("Kasus", "Case"),
    "source": ("Sumber", "Source"),
    "selection": ("Seleksi", "Selection"),
    "note": ("Catatan", "Note"),
    "link": ("Tautan", "Link"),
    "set": ("Set", "Set"),
}
_VALUE_TAGS = {
    VariableType.TEXT: "TextValue",
    VariableType.BOOLEAN: "BooleanValue",
    VariableType.INTEGER: "IntegerValue",
    VariableType.FLOAT: "FloatValue",
    VariableType.DATE: "DateValue",
    VariableType.DATETIME: "DateTimeValue",
}
_DIRECTIONS = {
    "associative": LinkDirection.ASSOCIATIVE,
    "oneway": LinkDirection.ONE_WAY,
    "bidirectional": LinkDirection.BIDIRECTIONAL,
    "twoway": LinkDirection.BIDIRECTIONAL,
    "twoways": LinkDirection.BIDIRECTIONAL,
}


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def kids(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if local_name(child) == name)


def kid(element: etree._Element, name: str) -> etree._Element | None:
    return next(kids(element, name), None)


def _content(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return "".join(t for t in element.itertext() if isinstance(t, str))


def description(element: etree._Element) -> str:
    return _content(kid(element, "Description"))


def parse_datetime(value: str | None) -> datetime | None:
    """An xsd:dateTime; a value without a zone is taken as UTC. None when unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _boolean(value: str) -> bool:
    text = value.strip().lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError(value)


def _parse_value(tag: str, text: str) -> VariableValueData | None:
    """The value of a ``TextValue``, ``IntegerValue``, ... element; None when unreadable."""
    try:
        if tag == "TextValue":
            return text
        if tag == "BooleanValue":
            return _boolean(text)
        if tag == "IntegerValue":
            return int(text.strip())
        if tag == "FloatValue":
            number = Decimal(text.strip())
            return number if number.is_finite() else None
        if tag == "DateValue":
            return date.fromisoformat(text.strip())
        if tag == "DateTimeValue":
            return parse_datetime(text)
    except (ValueError, InvalidOperation):
        return None
    return None


def plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def archive_path(path: str) -> tuple[str, bool]:
    """Where a source's file is looked for inside the archive, and whether the path names a
    file outside it.

    REFI-QDA 1.5 (section "Sources") names internal files ``internal://<file>`` inside the
    archive's ``sources`` folder, and external ones ``relative://<path>`` (below the project's
    ``basePath``) or ``absolute://<path>``. Tools also write a bare file name or a plain relative
    path (QualCoder), ``file://`` URLs and Windows paths. An external file is still taken from
    the archive when a file of that name was packed with it.
    """
    text = path.strip().replace("\\", "/")
    scheme, separator, rest = text.partition("://")
    scheme = scheme.lower() if separator else ""
    rest = unquote(rest)  # URLs may carry %20 and the like
    if scheme == "internal":
        return rest.lstrip("/"), False
    if scheme in ("relative", "absolute", "file"):
        return rest.lstrip("/"), True
    if separator:  # http://, ftp://, ...: never looked up
        return "", True
    absolute = text.startswith("/") or (len(text) > 1 and text[1] == ":")
    return text.lstrip("/"), absolute


# A coding as written: its code's GUID (None when missing), with the notes on it if any.
RawCoding = str | tuple[str | None, tuple[str, ...]] | None


@dataclass(slots=True)  # one per selection: a project may hold hundreds of thousands
class RawSelection:
    """A ``PlainTextSelection`` as written, kept until its source has been read (its GUID is
    claimed then, its positions converted once every text is known). Strings that repeat
    (code GUIDs) are shared, and empty parts share one empty value."""

    guid: str
    source_guid: str
    start: int | None
    end: int | None
    # GUIDs of the codes as written; a coding with notes on it is (code GUID, note GUIDs).
    codings: tuple["RawCoding", ...]
    description: str
    name: str
    notes: tuple[str, ...] = ()


def _position(raw: str | None) -> int | None:
    try:
        return int((raw or "").strip())
    except ValueError:
        return None


class ElementReader:
    """Reads elements into model objects, claiming GUIDs and reporting what it drops."""

    def __init__(
        self, files: FileLookup, reporter: Reporter, budget: MemoryBudget | None = None
    ) -> None:
        self.files = files
        self.report = reporter
        self.budget = budget or MemoryBudget(None)
        # Raw GUIDs that repeat (the codes of codings) → one canonical string each; and the
        # raw strings themselves, one of each while selections wait for their source.
        self.shared: dict[str, str] = {}
        self.interned: dict[str, str] = {}
        self.guids: dict[str, str] = {}
        self.noncanonical: set[str] = set()
        self.variables: dict[str, Variable] = {}
        # Note GUID → GUIDs of what it comments on, in document order.
        self.note_targets: dict[str, list[str]] = defaultdict(list)
        self.coding_notes = 0
        self.rich_text_too: list[str] = []
        self.unnamed = 0

    # GUIDs -----------------------------------------------------------------------------------

    def ref(self, raw: str | None) -> str | None:
        if raw is None:
            return None
        try:
            guid = canonical_guid(raw)
        except InvalidGuid:
            return None
        if guid != raw:
            self.noncanonical.add(guid)
        return guid

    def claim(self, raw: str | None, kind: str, subject: str) -> str | None:
        """The object's canonical GUID, or None when it cannot be kept (reported)."""
        guid = self.ref(raw)
        kind_id, kind_en = _KINDS[kind]
        if guid is None:
            self.report.dropped(
                "invalid_guid",
                f"{kind_id} {subject!r} dibuang: GUID tidak sah ({raw!r})",
                f"{kind_en} {subject!r} dropped: invalid GUID ({raw!r})",
                subject,
            )
            return None
        if guid in self.guids:
            if kind == "selection":
                # A selection is referred to by little; keep it under a new, derived GUID.
                number = 1
                while (new := derived_guid("duplicate", guid, str(number))) in self.guids:
                    number += 1
                self.guids[new] = kind
                self.report.changed(
                    "duplicate_guid",
                    f"GUID seleksi {guid} sudah dipakai; seleksi diberi GUID baru {new}",
                    f"Selection GUID {guid} was already in use; the selection got a new GUID {new}",
                    guid,
                )
                return new
            other_id, other_en = _KINDS[self.guids[guid]]
            self.report.dropped(
                "duplicate_guid",
                f"{kind_id} {subject!r} dibuang: GUID {guid} sudah dipakai ({other_id.lower()})",
                f"{kind_en} {subject!r} dropped: GUID {guid} is already used ({other_en.lower()})",
                guid,
            )
            return None
        self.guids[guid] = kind
        return guid

    def note_refs(self, element: etree._Element, target: str) -> None:
        for ref in kids(element, "NoteRef"):
            self._note_ref(ref.get("targetGUID") or "", target)

    def ref_shared(self, raw: str | None) -> str | None:
        """:meth:`ref` for GUIDs that repeat (the codes of codings): one string each."""
        if raw is None:
            return None
        known = self.shared.get(raw)
        if known is None:
            guid = self.ref(raw)
            if guid is None:
                return None
            known = self.shared.setdefault(raw, guid)
        return known

    # Codes -----------------------------------------------------------------------------------

    def code_start(self, element: etree._Element) -> str | None:
        """A ``<Code>`` begins: its GUID is claimed before its children's, as written."""
        self.budget.charge(OBJECT_BYTES)
        return self.claim(element.get("guid"), "code", element.get("name") or "")

    def code_end(
        self, element: etree._Element, guid: str | None, children: list[Code]
    ) -> list[Code]:
        """The code (with its children, read before it ended), or, when its GUID could not
        be kept, its children in its place."""
        if guid is None:
            return children
        name = element.get("name") or ""
        self.note_refs(element, guid)
        text = description(element)
        self.budget.string(name)
        self.budget.string(text)
        return [
            Code(
                guid=guid,
                name=name,
                color=self.color(element.get("color"), name),
                description=text,
                is_codable=self.codable(element.get("isCodable"), name),
                children=tuple(children),
            )
        ]

    def codes(self, parent: etree._Element) -> list[Code]:
        """The codes under ``parent``, read from a whole tree."""
        result: list[Code] = []
        for element in kids(parent, "Code"):
            guid = self.code_start(element)
            result.extend(self.code_end(element, guid, self.codes(element)))
        return result

    def color(self, raw: str | None, name: str) -> str | None:
        if raw is None:
            return None
        text = raw.strip().upper()
        if len(text) == 4 and text.startswith("#"):
            text = "#" + "".join(2 * ch for ch in text[1:])
        if (
            len(text) == 7
            and text.startswith("#")
            and all(c in "0123456789ABCDEF" for c in text[1:])
        ):
            return text
        self.report.changed(
            "invalid_color",
            f"Warna kode {name!r} tidak sah ({raw!r}) dan dihapus",
            f"The colour of code {name!r} is invalid ({raw!r}) and was removed",
            name,
        )
        return None

    def codable(self, raw: str | None, name: str) -> bool:
        try:
            return True if raw is None else _boolean(raw)
        except ValueError:
            self.report.changed(
                "invalid_codable",
                f"isCodable kode {name!r} tidak terbaca ({raw!r}); dianggap true",
                f"isCodable of code {name!r} is unreadable ({raw!r}); taken as true",
                name,
            )
            return True

    # Variables and cases ---------------------------------------------------------------------

    def variable(self, element: etree._Element) -> None:
        name = element.get("name") or ""
        self.budget.charge(OBJECT_BYTES)
        guid = self.claim(element.get("guid"), "variable", name)
        if guid is None:
            return
        raw_type = element.get("typeOfVariable") or ""
        try:
            kind = VariableType(raw_type.strip())
        except ValueError:
            kind = VariableType.TEXT
            self.report.changed(
                "variable_type",
                f"Jenis variabel {name!r} tidak dikenal ({raw_type!r}); dianggap Text",
                f"Unknown type of variable {name!r} ({raw_type!r}); taken as Text",
                name,
            )
        text = description(element)
        self.budget.string(name)
        self.budget.string(text)
        self.variables[guid] = Variable(guid, name, kind, text)

    def value(self, element: etree._Element, owner: str) -> VariableValue | None:
        reference = kid(element, "VariableRef")
        guid = self.ref(reference.get("targetGUID")) if reference is not None else None
        variable = self.variables.get(guid or "")
        if guid is None or variable is None:
            self.report.dropped(
                "variable_value",
                f"Nilai variabel pada {owner!r} dibuang: variabelnya tidak dikenal",
                f"A variable value on {owner!r} was dropped: its variable is unknown",
                owner,
            )
            return None
        holder = next((c for c in element if local_name(c) not in ("", "VariableRef")), None)
        if holder is None:
            return None  # the schema allows a variable without a value
        tag, text = local_name(holder), _content(holder)
        self.budget.charge(OBJECT_BYTES // 4)
        self.budget.string(text)
        parsed = _parse_value(tag, text)
        if parsed is None or tag != _VALUE_TAGS[variable.type]:
            if variable.type is VariableType.TEXT and tag in _VALUE_TAGS.values():
                return VariableValue(guid, text)
            self.report.dropped(
                "variable_value",
                f"Nilai {variable.name!r} pada {owner!r} dibuang: tidak terbaca sebagai "
                f"{variable.type}",
                f"The value of {variable.name!r} on {owner!r} was dropped: not readable as "
                f"{variable.type}",
                owner,
            )
            return None
        return VariableValue(guid, parsed)

    def case(self, element: etree._Element) -> Case | None:
        name = element.get("name") or ""
        self.budget.charge(OBJECT_BYTES)
        guid = self.claim(element.get("guid"), "case", name)
        if guid is None:
            return None
        for tag, indonesian, english in (
            ("CodeRef", "pengodean kasus", "codings of the case"),
            ("SelectionRef", "rujukan ke seleksi", "references to selections"),
        ):
            if count := sum(1 for _ in kids(element, tag)):
                self.report.dropped(
                    "case_" + tag.lower(),
                    f"Kasus {name!r}: {count} {indonesian} dibuang (tidak didukung)",
                    f"Case {name!r}: {count} {english} dropped (not supported)",
                    name,
                )
        values = (self.value(v, name) for v in kids(element, "VariableValue"))
        sources = [self.ref(s.get("targetGUID")) for s in kids(element, "SourceRef")]
        self.budget.charge(100 * len(sources))
        text = description(element)
        self.budget.string(name)
        self.budget.string(text)
        return Case(
            guid=guid,
            name=name,
            description=text,
            values=tuple(v for v in values if v is not None),
            source_refs=tuple(s for s in sources if s is not None),
        )

    # Sources and selections ------------------------------------------------------------------

    def media_source(
        self, element: etree._Element, tag: str, selections: "PendingMedia | None" = None
    ) -> None:
        """A source Semanggi cannot code, dropped with its selections (those still in the
        element, and those read and cleared before it ended)."""
        name = element.get("name") or element.get("guid") or ""
        kind_id, kind_en = MEDIA_SOURCES[tag]
        self.report.dropped(
            "source_unsupported_kind",
            f"Sumber {kind_id} {name!r} dibuang: Semanggi hanya mengimpor sumber teks",
            f"{kind_en} source {name!r} dropped: Semanggi imports text sources only",
            name,
        )
        found = PendingMedia() if selections is None else selections
        for selection in element.iter():
            found.add(selection)
        for selection_tag, label, guid in found.items:
            sel_id, sel_en = MEDIA_SELECTIONS[selection_tag]
            self.report.dropped(
                "selection_unsupported_kind",
                f"Seleksi {sel_id} {label!r} pada sumber {name!r} dibuang",
                f"{sel_en} selection {label!r} on source {name!r} dropped",
                guid or label,
            )
        self.report.omitted("selection_unsupported_kind", found.more)

    def text_of(
        self, element: etree._Element, what: tuple[str, str], name: str
    ) -> DecodedText | None:
        """The text of a TextSource or Note, inline or from the archive; None when missing.
        The text is charged to the budget as soon as it is read."""
        what_id, what_en = what
        inline = kid(element, "PlainTextContent")
        if inline is not None:
            content = _content(inline)
            inline.clear()  # the parser's copy goes at once
            self.budget.text(content, len(content))
            return DecodedText(content, False, "xml")
        path = (element.get("plainTextPath") or "").strip()
        if not path:
            if element.get("richTextPath"):
                self.report.dropped(
                    "source_rich_text_only",
                    f"{what_id} {name!r} dibuang: hanya ada teks berformat (DOCX), "
                    "tanpa teks polos",
                    f"{what_en} {name!r} dropped: only styled text (DOCX), no plain text",
                    name,
                )
            else:
                self.report.dropped(
                    "source_without_text",
                    f"{what_id} {name!r} dibuang: tidak ada teks",
                    f"{what_en} {name!r} dropped: it has no text",
                    name,
                )
            return None
        inside, external = archive_path(path)
        data = self.files(inside) if inside else None
        if data is None and external:
            self.report.dropped(
                "source_external",
                f"{what_id} {name!r} dibuang: berkasnya di luar arsip ({path}) dan tidak "
                "disertakan di dalamnya",
                f"{what_en} {name!r} dropped: its file lies outside the archive ({path}) and "
                "is not included in it",
                name,
            )
            return None
        if data is None:
            self.report.dropped(
                "source_missing_file",
                f"{what_id} {name!r} dibuang: berkas {inside or path} tidak ada di dalam arsip",
                f"{what_en} {name!r} dropped: file {inside or path} is missing from the archive",
                name,
            )
            return None
        # Charged before it is decoded, at what the string will take (and its bytes, which the
        # database is sent); the bytes go as soon as they are decoded.
        size, expected = len(data), utf8.string_cost(data)
        self.budget.charge(expected + size)
        decoded = decode_text(data)
        del data
        self.budget.charge(max(sys.getsizeof(decoded.raw) - expected, 0))
        return decoded

    def title_for_unnamed(self, element: etree._Element) -> str:
        """A title for a source the file leaves unnamed: its file's name when that says
        something (not a GUID), else "Sumber tanpa nama N"."""
        self.unnamed += 1
        path = element.get("plainTextPath") or element.get("richTextPath") or ""
        stem = posixpath.splitext(posixpath.basename(archive_path(path)[0]))[0].strip()
        try:
            canonical_guid(stem)
            stem = ""
        except InvalidGuid:
            pass
        title = stem or f"Sumber tanpa nama {self.unnamed}"
        self.report.changed(
            "source_unnamed",
            f"Sumber tanpa nama diberi judul {title!r}",
            f"An unnamed source was given the title {title!r}",
            title,
        )
        return title

    def raw_selection(self, element: etree._Element) -> RawSelection:
        """A ``PlainTextSelection`` as written, to be taken once its source is read. The
        element can be cleared afterwards: everything needed is copied out of it. (One pass
        over its children: a project may hold hundreds of thousands.)"""
        codings: list[RawCoding] = []
        notes: list[str] = []
        text: str | None = None
        for child in element:
            tag = local_name(child)
            if tag == "Coding":
                target: str | None = None
                found = False
                on_coding: list[str] = []
                for part in child:
                    part_tag = local_name(part)
                    if part_tag == "CodeRef" and not found:
                        found = True
                        target = part.get("targetGUID")
                    elif part_tag == "NoteRef":
                        on_coding.append(part.get("targetGUID") or "")
                if target is not None:
                    target = self.interned.setdefault(target, target)
                codings.append((target, tuple(on_coding)) if on_coding else target)
            elif tag == "NoteRef":
                notes.append(child.get("targetGUID") or "")
            elif tag == "Description" and text is None:
                text = _content(child)
        name = element.get("name") or ""
        self.budget.charge(SELECTION_BYTES + 100 * max(len(codings) - 1, 0) + 100 * len(notes))
        self.budget.string(text or "")
        self.budget.string(name)
        return RawSelection(
            guid=element.get("guid") or "",
            source_guid="",
            start=_position(element.get("startPosition")),
            end=_position(element.get("endPosition")),
            codings=tuple(codings),
            description=text or "",
            name=name,
            notes=tuple(notes),
        )

    def text_source(
        self, element: etree._Element, selections: list[RawSelection]
    ) -> tuple[TextSource, DecodedText, Case | None] | None:
        """A ``<TextSource>``, with its ``selections`` (read before it ended): those that can
        be kept are left in the list, with their GUIDs claimed; None when the source itself
        cannot be kept (its selections are then dropped with it)."""
        name = element.get("name") or ""
        text = self.text_of(element, ("Sumber", "Source"), name)
        if text is None:
            if selections:
                self.report.dropped(
                    "selection_on_dropped_source",
                    f"{len(selections)} seleksi pada sumber {name!r} ikut dibuang",
                    f"{plural(len(selections), 'selection', 'selections')} on source {name!r} "
                    "dropped with it",
                    name,
                )
                selections.clear()
            return None
        guid = self.claim(element.get("guid"), "source", name)
        if guid is None:
            selections.clear()
            return None
        if not name.strip():
            name = self.title_for_unnamed(element)
        if element.get("richTextPath"):
            self.rich_text_too.append(name)
        self.note_refs(element, guid)
        for coding in kids(element, "Coding"):
            code = kid(coding, "CodeRef")
            self.report.dropped(
                "source_coding",
                f"Pengodean seluruh sumber {name!r} dibuang (hanya seleksi yang didukung)",
                f"Coding of the whole source {name!r} dropped (only selections are supported)",
                (code.get("targetGUID") or "") if code is not None else "",
            )
        values = [v for v in (self.value(e, name) for e in kids(element, "VariableValue")) if v]
        case = None
        if values:
            case = Case(
                guid=derived_guid("source-case", guid),
                name=name,
                values=tuple(values),
                source_refs=(guid,),
            )
            self.guids[case.guid] = "case"
            self.report.changed(
                "source_variables",
                f"Nilai variabel pada sumber {name!r} dipindahkan ke kasus baru {name!r}",
                f"Variable values on source {name!r} moved to a new case {name!r}",
                name,
            )
        about = description(element)
        self.budget.charge(OBJECT_BYTES)
        self.budget.string(name)
        self.budget.string(about)
        source = TextSource(
            guid=guid,
            name=name,
            text="",  # filled in once the text is normalised
            description=about,
            creating_user=self.ref(element.get("creatingUser")),
            created=parse_datetime(element.get("creationDateTime")),
        )
        # Kept in place: the list holds the selections that are, in the order written.
        kept = 0
        for selection in selections:
            if self.selection(selection, guid, name):
                selections[kept] = selection
                kept += 1
        del selections[kept:]
        return source, text, case

    def selection(self, selection: RawSelection, source: str, source_name: str) -> bool:
        """Claim a selection of the source ``source``; False when it is dropped (reported)."""
        raw_guid = selection.guid
        label = selection.name or raw_guid
        if selection.start is None or selection.end is None:
            self.report.dropped(
                "selection_position",
                f"Seleksi {label!r} pada {source_name!r} dibuang: posisinya tidak terbaca",
                f"Selection {label!r} on {source_name!r} dropped: unreadable position",
                raw_guid or label,
            )
            return False
        guid = self.claim(raw_guid or None, "selection", label)
        if guid is None:
            return False
        for note in selection.notes:
            self._note_ref(note, guid)
        codings: list[RawCoding] = []
        for coding in selection.codings:
            raw, notes = coding if isinstance(coding, tuple) else (coding, ())
            target = self.ref_shared(raw)
            if target is None:
                self.report.dropped(
                    "coding_invalid",
                    f"Pengodean tanpa kode yang sah pada seleksi {label!r} dibuang",
                    f"A coding without a valid code on selection {label!r} dropped",
                    guid,
                )
                continue
            codings.append(target)
            for note in notes:
                self.coding_notes += self._note_ref(note, guid)
        selection.guid = guid
        selection.source_guid = source
        selection.codings = tuple(codings)
        selection.notes = ()
        return True

    def _note_ref(self, raw: str, target: str) -> int:
        note = self.ref(raw)
        if note is None:
            return 0
        self.note_targets[note].append(target)
        return 1

    # Notes, links, sets, users ---------------------------------------------------------------

    def note(self, element: etree._Element) -> Note | None:
        name = element.get("name") or ""
        text = self.text_of(element, ("Catatan", "Note"), name)
        if text is None:
            return None
        guid = self.claim(element.get("guid"), "note", name)
        if guid is None:
            return None
        self.note_refs(element, guid)
        about = description(element)
        self.budget.charge(OBJECT_BYTES)
        self.budget.string(name)
        self.budget.string(about)
        return Note(guid=guid, name=name, text=normalise_line_ends(text.raw), description=about)

    def link(self, element: etree._Element) -> Link | None:
        name = element.get("name") or ""
        origin = self.ref(element.get("originGUID"))
        target = self.ref(element.get("targetGUID"))
        if origin is None or target is None:
            self.report.dropped(
                "link_incomplete",
                f"Tautan {name!r} dibuang: asal atau tujuannya tidak ada",
                f"Link {name!r} dropped: its origin or target is missing",
                element.get("guid") or name,
            )
            return None
        guid = self.claim(element.get("guid"), "link", name)
        if guid is None:
            return None
        raw_direction = element.get("direction")
        direction = _DIRECTIONS.get((raw_direction or "").strip().lower())
        if raw_direction is not None and direction is None:
            self.report.changed(
                "link_direction",
                f"Arah tautan {name!r} tidak dikenal ({raw_direction!r}) dan dihapus",
                f"Unknown direction of link {name!r} ({raw_direction!r}) removed",
                guid,
            )
        self.note_refs(element, guid)
        self.budget.charge(OBJECT_BYTES)
        self.budget.string(name)
        return Link(guid, origin, target, direction, name)

    def set_(self, element: etree._Element, *, codebook: bool = False) -> Set | None:
        name = element.get("name") or ""
        guid = self.claim(element.get("guid"), "set", name)
        if guid is None:
            return None

        def members(tag: str) -> tuple[str, ...]:
            refs = (self.ref(m.get("targetGUID") or m.get("guid")) for m in kids(element, tag))
            return tuple(r for r in refs if r is not None)

        kept = Set(
            guid=guid,
            name=name,
            description=description(element),
            member_codes=members("MemberCode"),
            member_sources=() if codebook else members("MemberSource"),
            member_notes=() if codebook else members("MemberNote"),
        )
        self.budget.charge(
            OBJECT_BYTES
            + 100 * (len(kept.member_codes) + len(kept.member_sources) + len(kept.member_notes))
        )
        self.budget.string(name)
        self.budget.string(kept.description)
        return kept

    def user(self, element: etree._Element) -> User | None:
        name = element.get("name") or ""
        self.budget.charge(OBJECT_BYTES)
        guid = self.claim(element.get("guid"), "user", name)
        if guid is None:
            return None
        self.budget.string(name)
        return User(guid, name)

    # Whole containers, for documents read as one tree ----------------------------------------

    def read_variables(self, container: etree._Element) -> None:
        for element in kids(container, "Variable"):
            self.variable(element)

    def read_cases(self, container: etree._Element) -> list[Case]:
        return [c for c in map(self.case, kids(container, "Case")) if c is not None]

    def read_sets(self, container: etree._Element, *, codebook: bool = False) -> list[Set]:
        found = (self.set_(e, codebook=codebook) for e in kids(container, "Set"))
        return [s for s in found if s is not None]


class PendingMedia:
    """Selections of a source Semanggi cannot code, noted as they are read (each element is
    cleared afterwards); a bounded number is named in the report, the rest counted."""

    NAMED = 100

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []
        self.more = 0

    def add(self, element: etree._Element) -> None:
        tag = local_name(element)
        if tag not in MEDIA_SELECTIONS:
            return
        if len(self.items) < self.NAMED:
            guid = element.get("guid") or ""
            self.items.append((tag, element.get("name") or guid, guid))
        else:
            self.more += 1
