"""REFI-QDA elements read into Semanggi's model objects, leniently, reporting what was left out.

Elements are matched by local name, whatever their namespace, so that files in the older draft
namespaces (``urn:QDA-XML:codebook:0:4``, ``urn:QDA-XML:codebook:1:0``, ...) and hand-edited
mixtures still read. Objects are kept on a first-come basis when GUIDs repeat.
"""

import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote

from lxml import etree

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

_MEDIA_SOURCES = {
    "PDFSource": ("PDF", "PDF"),
    "PictureSource": ("gambar", "Picture"),
    "AudioSource": ("audio", "Audio"),
    "VideoSource": ("video", "Video"),
}
_MEDIA_SELECTIONS = {
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
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


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


@dataclass(slots=True)  # one per selection: a project may hold hundreds of thousands
class RawSelection:
    guid: str
    source_guid: str
    start: int
    end: int
    codings: list[str]
    description: str
    name: str


class ElementReader:
    """Reads elements into model objects, claiming GUIDs and reporting what it drops."""

    def __init__(self, files: FileLookup, reporter: Reporter) -> None:
        self.files = files
        self.report = reporter
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
            note = self.ref(ref.get("targetGUID"))
            if note is not None:
                self.note_targets[note].append(target)

    # Codes -----------------------------------------------------------------------------------

    def codes(self, parent: etree._Element) -> list[Code]:
        result: list[Code] = []
        for element in kids(parent, "Code"):
            name = element.get("name") or ""
            guid = self.claim(element.get("guid"), "code", name)
            children = self.codes(element)
            if guid is None:
                result.extend(children)  # its children take its place
                continue
            self.note_refs(element, guid)
            result.append(
                Code(
                    guid=guid,
                    name=name,
                    color=self.color(element.get("color"), name),
                    description=description(element),
                    is_codable=self.codable(element.get("isCodable"), name),
                    children=tuple(children),
                )
            )
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

    def read_variables(self, container: etree._Element) -> None:
        for element in kids(container, "Variable"):
            name = element.get("name") or ""
            guid = self.claim(element.get("guid"), "variable", name)
            if guid is None:
                continue
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
            self.variables[guid] = Variable(guid, name, kind, description(element))

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

    def read_cases(self, container: etree._Element) -> list[Case]:
        cases = []
        for element in kids(container, "Case"):
            name = element.get("name") or ""
            guid = self.claim(element.get("guid"), "case", name)
            if guid is None:
                continue
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
            sources = (self.ref(s.get("targetGUID")) for s in kids(element, "SourceRef"))
            cases.append(
                Case(
                    guid=guid,
                    name=name,
                    description=description(element),
                    values=tuple(v for v in values if v is not None),
                    source_refs=tuple(s for s in sources if s is not None),
                )
            )
        return cases

    # Sources and selections ------------------------------------------------------------------

    def read_sources(
        self, container: etree._Element
    ) -> tuple[list[TextSource], dict[str, DecodedText], list[RawSelection], list[Case]]:
        sources: list[TextSource] = []
        texts: dict[str, DecodedText] = {}
        selections: list[RawSelection] = []
        cases: list[Case] = []
        unknown: Counter[str] = Counter()
        for element in container:
            tag = local_name(element)
            if tag == "TextSource":
                read = self.text_source(element)
                if read is not None:
                    source, text, its_selections, case = read
                    sources.append(source)
                    texts[source.guid] = text
                    selections.extend(its_selections)
                    if case is not None:
                        cases.append(case)
            elif tag in _MEDIA_SOURCES:
                self.media_source(element, tag)
            elif tag:
                unknown[tag] += 1
        for tag, count in sorted(unknown.items()):
            self.report.dropped(
                "unknown_element",
                f"{count} elemen <{tag}> yang tidak dikenal di dalam <Sources> dibuang",
                f"{count} unknown <{tag}> element(s) inside <Sources> dropped",
                tag,
            )
        return sources, texts, selections, cases

    def media_source(self, element: etree._Element, tag: str) -> None:
        name = element.get("name") or element.get("guid") or ""
        kind_id, kind_en = _MEDIA_SOURCES[tag]
        self.report.dropped(
            "source_unsupported_kind",
            f"Sumber {kind_id} {name!r} dibuang: Semanggi hanya mengimpor sumber teks",
            f"{kind_en} source {name!r} dropped: Semanggi imports text sources only",
            name,
        )
        for selection in element.iter():
            selection_tag = local_name(selection)
            if selection_tag not in _MEDIA_SELECTIONS:
                continue
            label = selection.get("name") or selection.get("guid") or ""
            sel_id, sel_en = _MEDIA_SELECTIONS[selection_tag]
            self.report.dropped(
                "selection_unsupported_kind",
                f"Seleksi {sel_id} {label!r} pada sumber {name!r} dibuang",
                f"{sel_en} selection {label!r} on source {name!r} dropped",
                selection.get("guid") or label,
            )

    def text_of(
        self, element: etree._Element, what: tuple[str, str], name: str
    ) -> DecodedText | None:
        """The text of a TextSource or Note, inline or from the archive; None when missing."""
        what_id, what_en = what
        inline = kid(element, "PlainTextContent")
        if inline is not None:
            return DecodedText(_content(inline), False, "xml")
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
        return decode_text(data)

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

    def text_source(
        self, element: etree._Element
    ) -> tuple[TextSource, DecodedText, list[RawSelection], Case | None] | None:
        name = element.get("name") or ""
        selections = list(kids(element, "PlainTextSelection"))
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
            return None
        guid = self.claim(element.get("guid"), "source", name)
        if guid is None:
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
        source = TextSource(
            guid=guid,
            name=name,
            text="",  # filled in once the text is normalised
            description=description(element),
            creating_user=self.ref(element.get("creatingUser")),
            created=parse_datetime(element.get("creationDateTime")),
        )
        raw_selections = [
            s for s in (self.selection(e, guid, name) for e in selections) if s is not None
        ]
        return source, text, raw_selections, case

    def selection(
        self, element: etree._Element, source: str, source_name: str
    ) -> RawSelection | None:
        label = element.get("name") or element.get("guid") or ""
        try:
            start = int((element.get("startPosition") or "").strip())
            end = int((element.get("endPosition") or "").strip())
        except ValueError:
            self.report.dropped(
                "selection_position",
                f"Seleksi {label!r} pada {source_name!r} dibuang: posisinya tidak terbaca",
                f"Selection {label!r} on {source_name!r} dropped: unreadable position",
                element.get("guid") or label,
            )
            return None
        guid = self.claim(element.get("guid"), "selection", label)
        if guid is None:
            return None
        self.note_refs(element, guid)
        codings = []
        for coding in kids(element, "Coding"):
            code = kid(coding, "CodeRef")
            target = self.ref(code.get("targetGUID")) if code is not None else None
            if target is None:
                self.report.dropped(
                    "coding_invalid",
                    f"Pengodean tanpa kode yang sah pada seleksi {label!r} dibuang",
                    f"A coding without a valid code on selection {label!r} dropped",
                    guid,
                )
                continue
            codings.append(target)
            before = sum(len(v) for v in self.note_targets.values())
            self.note_refs(coding, guid)
            self.coding_notes += sum(len(v) for v in self.note_targets.values()) - before
        return RawSelection(
            guid=guid,
            source_guid=source,
            start=start,
            end=end,
            codings=codings,
            description=description(element),
            name=element.get("name") or "",
        )

    # Notes, links, sets, users ---------------------------------------------------------------

    def read_notes(self, container: etree._Element) -> list[Note]:
        notes = []
        for element in kids(container, "Note"):
            name = element.get("name") or ""
            text = self.text_of(element, ("Catatan", "Note"), name)
            if text is None:
                continue
            guid = self.claim(element.get("guid"), "note", name)
            if guid is None:
                continue
            self.note_refs(element, guid)
            notes.append(
                Note(
                    guid=guid,
                    name=name,
                    text=normalise_line_ends(text.raw),
                    description=description(element),
                )
            )
        return notes

    def read_links(self, container: etree._Element) -> list[Link]:
        links = []
        for element in kids(container, "Link"):
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
                continue
            guid = self.claim(element.get("guid"), "link", name)
            if guid is None:
                continue
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
            links.append(Link(guid, origin, target, direction, name))
        return links

    def read_sets(self, container: etree._Element, *, codebook: bool = False) -> list[Set]:
        sets = []
        for element in kids(container, "Set"):
            name = element.get("name") or ""
            guid = self.claim(element.get("guid"), "set", name)
            if guid is None:
                continue

            def members(tag: str, element: etree._Element = element) -> tuple[str, ...]:
                refs = (self.ref(m.get("targetGUID") or m.get("guid")) for m in kids(element, tag))
                return tuple(r for r in refs if r is not None)

            sets.append(
                Set(
                    guid=guid,
                    name=name,
                    description=description(element),
                    member_codes=members("MemberCode"),
                    member_sources=() if codebook else members("MemberSource"),
                    member_notes=() if codebook else members("MemberNote"),
                )
            )
        return sets

    def read_users(self, container: etree._Element) -> list[User]:
        users = []
        for element in kids(container, "User"):
            name = element.get("name") or ""
            guid = self.claim(element.get("guid"), "user", name)
            if guid is not None:
                users.append(User(guid, name))
        return users
