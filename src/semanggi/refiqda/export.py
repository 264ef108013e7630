"""Writing REFI-QDA 1.5 files: a ``.qdpx`` project archive and a ``.qdc`` codebook.

The output is deterministic: the same project always gives the same bytes (elements in the
model's order, selections by position within their source, fixed attribute order and
indentation, fixed timestamps inside the zip). GUIDs are written in canonical lower-case form,
dates in ISO 8601 UTC, and no container the schema requires to be non-empty is ever written
empty.
"""

import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from lxml import etree

from semanggi.refiqda.errors import ExportError
from semanggi.refiqda.model import (
    Case,
    Code,
    Codebook,
    InvalidGuid,
    Link,
    Note,
    PlainTextSelection,
    Project,
    Set,
    TextSource,
    Variable,
    VariableType,
    VariableValue,
    canonical_guid,
    derived_guid,
)

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_FILE = "project.qde"
SOURCES_DIR = "sources"

_COLOR = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
# Characters XML 1.0 cannot carry at all; they have no meaning in a name or a memo.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

Destination = str | Path | IO[bytes]


def _guid(value: str, what: str) -> str:
    try:
        return canonical_guid(value)
    except InvalidGuid:
        raise ExportError(
            f"GUID tidak sah pada {what}: {value!r}", f"Invalid GUID on {what}: {value!r}"
        ) from None


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _datetime(value: datetime, what: str) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ExportError(
            f"Waktu tanpa zona waktu pada {what}", f"Date and time without a time zone on {what}"
        )
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _color(value: str, what: str) -> str:
    if not _COLOR.match(value):
        raise ExportError(f"Warna tidak sah pada {what}: {value!r}", f"Invalid colour on {what}")
    return value


class _Builder:
    """Writes one namespace's elements, and knows which notes point at which GUIDs."""

    def __init__(self, namespace: str, note_refs: dict[str, list[str]] | None = None) -> None:
        self.namespace = namespace
        self.note_refs = note_refs or {}
        self.used_note_targets: set[str] = set()

    def root(self, tag: str) -> etree._Element:
        # The default namespace is keyed by None, which lxml-stubs does not allow for.
        nsmap: Any = {None: self.namespace}
        return etree.Element(f"{{{self.namespace}}}{tag}", nsmap=nsmap)

    def sub(
        self, parent: etree._Element, tag: str, attributes: Iterable[tuple[str, str | None]] = ()
    ) -> etree._Element:
        element = etree.SubElement(parent, f"{{{self.namespace}}}{tag}")
        for name, value in attributes:
            if value is not None:
                element.set(name, _text(value))
        return element

    def text(self, parent: etree._Element, tag: str, value: str) -> None:
        self.sub(parent, tag).text = _text(value)

    def description(self, parent: etree._Element, value: str) -> None:
        if value:
            self.text(parent, "Description", value)

    def notes_on(self, parent: etree._Element, guid: str) -> None:
        for note in self.note_refs.get(guid, ()):
            self.sub(parent, "NoteRef", [("targetGUID", note)])
        if guid in self.note_refs:
            self.used_note_targets.add(guid)


def _code_element(builder: _Builder, parent: etree._Element, code: Code, *, project: bool) -> None:
    guid = _guid(code.guid, f"code {code.name!r}")
    element = builder.sub(
        parent,
        "Code",
        [
            ("guid", guid),
            ("name", code.name),
            ("isCodable", "true" if code.is_codable else "false"),
            ("color", _color(code.color, f"code {code.name!r}") if code.color else None),
        ],
    )
    builder.description(element, code.description)
    if project:
        builder.notes_on(element, guid)
    for child in code.children:
        _code_element(builder, element, child, project=project)


def _value_text(variable: Variable, value: object) -> tuple[str, str]:
    """The element name and text of a variable's value, checked against its type."""
    kind = variable.type
    wrong = ExportError(
        f"Nilai variabel {variable.name!r} tidak sesuai jenisnya ({kind})",
        f"The value of variable {variable.name!r} does not match its type ({kind})",
    )
    if kind is VariableType.TEXT:
        if not isinstance(value, str):
            raise wrong
        return "TextValue", value
    if kind is VariableType.BOOLEAN:
        if not isinstance(value, bool):
            raise wrong
        return "BooleanValue", "true" if value else "false"
    if kind is VariableType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong
        return "IntegerValue", str(value)
    if kind is VariableType.FLOAT:
        if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
            raise wrong
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            raise wrong
        # xsd:decimal has no exponent notation.
        return "FloatValue", format(number, "f")
    if kind is VariableType.DATE:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise wrong
        return "DateValue", value.isoformat()
    if not isinstance(value, datetime):
        raise wrong
    return "DateTimeValue", _datetime(value, f"variable {variable.name!r}")


def _case_element(
    builder: _Builder, parent: etree._Element, case: Case, variables: dict[str, Variable]
) -> None:
    element = builder.sub(
        parent, "Case", [("guid", _guid(case.guid, "case")), ("name", case.name or None)]
    )
    builder.description(element, case.description)
    for value in case.values:
        _variable_value(builder, element, value, variables, f"case {case.name!r}")
    for source in case.source_refs:
        builder.sub(element, "SourceRef", [("targetGUID", _guid(source, "case source"))])


def _variable_value(
    builder: _Builder,
    parent: etree._Element,
    value: VariableValue,
    variables: dict[str, Variable],
    what: str,
) -> None:
    guid = _guid(value.variable_guid, what)
    variable = variables.get(guid)
    if variable is None:
        raise ExportError(
            f"Variabel yang tidak dikenal pada {what}", f"Unknown variable referred to by {what}"
        )
    element = builder.sub(parent, "VariableValue")
    builder.sub(element, "VariableRef", [("targetGUID", guid)])
    tag, text = _value_text(variable, value.value)
    builder.text(element, tag, text)


def _source_element(
    builder: _Builder,
    parent: etree._Element,
    source: TextSource,
    guid: str,
    selections: Sequence[PlainTextSelection],
) -> None:
    element = builder.sub(
        parent,
        "TextSource",
        [
            ("guid", guid),
            ("name", source.name),
            ("plainTextPath", f"internal://{guid}.txt"),
            (
                "creatingUser",
                _guid(source.creating_user, "source") if source.creating_user else None,
            ),
            (
                "creationDateTime",
                _datetime(source.created, f"source {source.name!r}") if source.created else None,
            ),
        ],
    )
    builder.description(element, source.description)
    length = len(source.text)
    for selection in sorted(selections, key=lambda s: (s.start, s.end, canonical_guid(s.guid))):
        if not 0 <= selection.start <= selection.end <= length:
            raise ExportError(
                f"Seleksi {selection.guid} berada di luar teks sumber {source.name!r}",
                f"Selection {selection.guid} lies outside the text of source {source.name!r}",
            )
        selection_guid = _guid(selection.guid, "selection")
        item = builder.sub(
            element,
            "PlainTextSelection",
            [
                ("guid", selection_guid),
                ("name", selection.name or None),
                ("startPosition", str(selection.start)),
                ("endPosition", str(selection.end)),
            ],
        )
        builder.description(item, selection.description)
        for code in selection.codings:
            code_guid = _guid(code, "coding")
            coding = builder.sub(
                item, "Coding", [("guid", derived_guid("coding", selection_guid, code_guid))]
            )
            builder.sub(coding, "CodeRef", [("targetGUID", code_guid)])
        builder.notes_on(item, selection_guid)
    builder.notes_on(element, guid)


def _note_element(builder: _Builder, parent: etree._Element, note: Note) -> None:
    guid = _guid(note.guid, "note")
    element = builder.sub(parent, "Note", [("guid", guid), ("name", note.name or None)])
    builder.description(element, note.description)
    builder.text(element, "PlainTextContent", note.text)
    builder.notes_on(element, guid)


def _link_element(builder: _Builder, parent: etree._Element, link: Link) -> None:
    guid = _guid(link.guid, "link")
    element = builder.sub(
        parent,
        "Link",
        [
            ("guid", guid),
            ("name", link.name or None),
            ("direction", link.direction.value if link.direction else None),
            ("originGUID", _guid(link.origin, "link origin")),
            ("targetGUID", _guid(link.target, "link target")),
        ],
    )
    builder.notes_on(element, guid)


def _set_element(builder: _Builder, parent: etree._Element, item: Set, *, project: bool) -> None:
    element = builder.sub(parent, "Set", [("guid", _guid(item.guid, "set")), ("name", item.name)])
    builder.description(element, item.description)
    # The codebook schema names the member's attribute "guid", the project schema "targetGUID".
    attribute = "targetGUID" if project else "guid"
    for code in item.member_codes:
        builder.sub(element, "MemberCode", [(attribute, _guid(code, "set member"))])
    if not project:
        return
    for source in item.member_sources:
        builder.sub(element, "MemberSource", [(attribute, _guid(source, "set member"))])
    for note in item.member_notes:
        builder.sub(element, "MemberNote", [(attribute, _guid(note, "set member"))])


def _check_references(project: Project) -> None:
    """GUIDs are unique, and every reference points at something the project holds: an
    importer would drop a dangling one, and the round trip would no longer be exact."""
    kinds = {
        "users": [u.guid for u in project.users],
        "codes": [c.guid for c in project.all_codes()],
        "sources": [s.guid for s in project.sources],
        "selections": [s.guid for s in project.selections],
        "cases": [c.guid for c in project.cases],
        "variables": [v.guid for v in project.variables],
        "notes": [n.guid for n in project.notes],
        "sets": [s.guid for s in project.sets],
        "links": [link.guid for link in project.links],
    }
    known: dict[str, set[str]] = {}
    everything: set[str] = set()
    for kind, raws in kinds.items():
        known[kind] = set()
        for raw in raws:
            guid = _guid(raw, kind)
            if guid in everything:
                raise ExportError(f"GUID ganda: {guid}", f"Duplicate GUID: {guid}")
            known[kind].add(guid)
            everything.add(guid)

    def check(refs: Iterable[str], among: set[str], what: str) -> None:
        for ref in refs:
            if _guid(ref, what) not in among:
                raise ExportError(
                    f"{what} menunjuk ke sesuatu yang tidak ada dalam proyek: {ref}",
                    f"{what} points at something the project does not hold: {ref}",
                )

    for selection in project.selections:
        check([selection.source_guid], known["sources"], f"selection {selection.guid}")
        check(selection.codings, known["codes"], f"coding of selection {selection.guid}")
    for case in project.cases:
        check(case.source_refs, known["sources"], f"case {case.name!r}")
    for item in project.sets:
        check(item.member_codes, known["codes"], f"set {item.name!r}")
        check(item.member_sources, known["sources"], f"set {item.name!r}")
        check(item.member_notes, known["notes"], f"set {item.name!r}")
    check(project.note_refs, known["notes"], "project")
    for link in project.links:
        check((link.origin, link.target), everything, f"link {link.name!r}")


def _serialise(root: etree._Element) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def project_xml(project: Project) -> bytes:
    """The ``project.qde`` document of ``project``, valid against Project.xsd."""
    _check_references(project)
    note_refs: dict[str, list[str]] = defaultdict(list)
    for note in project.notes:
        for target in note.targets:
            note_refs[_guid(target, f"note {note.name!r}")].append(_guid(note.guid, "note"))
    builder = _Builder(PROJECT_NS, note_refs)

    root = builder.root("Project")
    for name, value in (
        ("name", project.name),
        ("origin", project.origin or None),
        (
            "creatingUserGUID",
            _guid(project.creating_user, "project") if project.creating_user else None,
        ),
        ("creationDateTime", _datetime(project.created, "project") if project.created else None),
        (
            "modifyingUserGUID",
            _guid(project.modifying_user, "project") if project.modifying_user else None,
        ),
        ("modifiedDateTime", _datetime(project.modified, "project") if project.modified else None),
    ):
        if value is not None:
            root.set(name, _text(value))

    # The schema forbids empty containers (an empty <Sets/> is the classic mistake), hence
    # every "if" below.
    if project.users:
        users = builder.sub(root, "Users")
        for user in project.users:
            builder.sub(
                users, "User", [("guid", _guid(user.guid, "user")), ("name", user.name or None)]
            )

    if project.codes:
        codes = builder.sub(builder.sub(root, "CodeBook"), "Codes")
        for code in project.codes:
            _code_element(builder, codes, code, project=True)

    variables = {_guid(v.guid, "variable"): v for v in project.variables}
    if project.variables:
        container = builder.sub(root, "Variables")
        for guid, variable in variables.items():
            element = builder.sub(
                container,
                "Variable",
                [("guid", guid), ("name", variable.name), ("typeOfVariable", variable.type.value)],
            )
            builder.description(element, variable.description)

    if project.cases:
        container = builder.sub(root, "Cases")
        for case in project.cases:
            _case_element(builder, container, case, variables)

    by_source: dict[str, list[PlainTextSelection]] = defaultdict(list)
    for selection in project.selections:
        by_source[_guid(selection.source_guid, "selection")].append(selection)
    if project.sources:
        container = builder.sub(root, "Sources")
        for source in project.sources:
            guid = _guid(source.guid, f"source {source.name!r}")
            _source_element(builder, container, source, guid, by_source.get(guid, []))

    if project.notes:
        container = builder.sub(root, "Notes")
        for note in project.notes:
            _note_element(builder, container, note)

    if project.links:
        container = builder.sub(root, "Links")
        for link in project.links:
            _link_element(builder, container, link)

    if project.sets:
        container = builder.sub(root, "Sets")
        for item in project.sets:
            _set_element(builder, container, item, project=True)

    builder.description(root, project.description)
    for note_guid in project.note_refs:
        builder.sub(root, "NoteRef", [("targetGUID", _guid(note_guid, "project note"))])

    if unplaced := set(note_refs) - builder.used_note_targets:
        raise ExportError(
            "Catatan menunjuk ke sesuatu yang tidak dapat diberi catatan dalam REFI-QDA: "
            + ", ".join(sorted(unplaced)),
            "Notes point at things that cannot carry a note in REFI-QDA: "
            + ", ".join(sorted(unplaced)),
        )
    return _serialise(root)


def codebook_xml(codebook: Codebook) -> bytes:
    """The ``.qdc`` document of ``codebook``, valid against Codebook.xsd."""
    if not codebook.codes:
        raise ExportError(
            "Buku kode kosong tidak dapat diekspor (REFI-QDA menuntut sedikitnya satu kode)",
            "An empty codebook cannot be exported (REFI-QDA requires at least one code)",
        )
    builder = _Builder(CODEBOOK_NS)
    root = builder.root("CodeBook")
    if codebook.origin:
        root.set("origin", _text(codebook.origin))
    codes = builder.sub(root, "Codes")
    for code in codebook.codes:
        _code_element(builder, codes, code, project=False)
    if codebook.sets:
        container = builder.sub(root, "Sets")
        for item in codebook.sets:
            _set_element(builder, container, item, project=False)
    return _serialise(root)


def _zip_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def export_qdpx(project: Project, file: Destination) -> None:
    """Write ``project`` as a ``.qdpx`` archive: ``project.qde`` and ``sources/<guid>.txt``
    (UTF-8, no BOM) for every text source."""
    document = project_xml(project)
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _zip_entry(archive, PROJECT_FILE, document)
        for source in project.sources:
            guid = canonical_guid(source.guid)
            _zip_entry(archive, f"{SOURCES_DIR}/{guid}.txt", source.text.encode("utf-8"))


def export_qdc(
    codes: Sequence[Code], file: Destination, *, sets: Sequence[Set] = (), origin: str = "Semanggi"
) -> None:
    """Write ``codes`` (and sets of them) as a ``.qdc`` codebook."""
    document = codebook_xml(Codebook(codes=tuple(codes), sets=tuple(sets), origin=origin))
    if isinstance(file, str | Path):
        Path(file).write_bytes(document)
    else:
        file.write(document)
