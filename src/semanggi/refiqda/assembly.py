"""A REFI-QDA document read as a whole: sources' texts normalised, positions converted,
references between objects checked, and the leftovers reported."""

from collections.abc import Sequence
from dataclasses import replace
from typing import overload

from lxml import etree

from semanggi.refiqda.model import (
    Case,
    Code,
    Codebook,
    Link,
    Note,
    PlainTextSelection,
    Project,
    Set,
)
from semanggi.refiqda.offsets import UNIT_NAMES, OffsetUnit, SourceText, detect_unit
from semanggi.refiqda.reader import (
    ElementReader,
    RawSelection,
    kid,
    kids,
    local_name,
    parse_datetime,
    plural,
)
from semanggi.refiqda.report import Action, Reporter
from semanggi.refiqda.stream import ProjectParts


def _report_texts(
    reader: ElementReader, stored: dict[str, tuple[bool, str, bool]], names: dict[str, str]
) -> None:
    """``stored``: source GUID → (had a BOM, encoding read, held a CR)."""
    checks = (
        ("text_bom", 0, "BOM dihapus dari", "Byte order mark removed from"),
        (
            "text_line_ends",
            2,
            "Akhir baris (CRLF/CR) diubah menjadi LF pada",
            "Line ends (CRLF/CR) changed to LF in",
        ),
        (
            "text_encoding",
            1,
            "Teks bukan UTF-8 dan dibaca sebagai UTF-16/Windows-1252 pada",
            "Text that was not UTF-8 was read as UTF-16/Windows-1252 in",
        ),
    )
    for code, index, indonesian, english in checks:
        hits = [
            names[guid]
            for guid, flags in stored.items()
            if (flags[1] not in ("utf-8", "xml") if index == 1 else flags[index])
        ]
        if hits:
            reader.report.changed(
                code,
                f"{indonesian} {len(hits)} sumber",
                f"{english} {plural(len(hits), 'source', 'sources')}",
                ", ".join(hits),
            )


class _Ends(Sequence[tuple[SourceText, int, int]]):
    """The selections' (text, start, end), read from the selections as needed."""

    def __init__(self, raw: list[RawSelection], texts: dict[str, SourceText]) -> None:
        self.raw, self.texts = raw, texts

    def __len__(self) -> int:
        return len(self.raw)

    @overload
    def __getitem__(self, index: int) -> tuple[SourceText, int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[SourceText, int, int]]: ...
    def __getitem__(
        self, index: int | slice
    ) -> tuple[SourceText, int, int] | Sequence[tuple[SourceText, int, int]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        selection = self.raw[index]
        return self.texts[selection.source_guid], selection.start or 0, selection.end or 0


def _selections(
    reader: ElementReader,
    raw: list[RawSelection],
    texts: dict[str, SourceText],
    code_guids: set[str],
    origin: str,
) -> tuple[list[PlainTextSelection], OffsetUnit | None]:
    """The selections with their positions converted, in place: ``raw`` is emptied as the
    result fills, so that a project's selections are held once, not twice."""
    if not raw:
        return [], None
    choice = detect_unit(_Ends(raw, texts), origin=origin)
    if choice.ambiguous:
        unit_id, unit_en = UNIT_NAMES[choice.unit]
        reader.report.add(
            Action.NOTE if choice.unit is OffsetUnit.CODE_POINTS else Action.CHANGED,
            "offset_unit",
            f"Posisi seleksi dibaca sebagai {unit_id} dan diubah ke titik kode teks yang "
            f"dinormalkan; {choice.boundaries} dari {choice.ends} ujung jatuh di batas kata",
            f"Selection positions read as {unit_en} and converted to code points of the "
            f"normalised text; {choice.boundaries} of {choice.ends} ends fall on word "
            "boundaries",
            choice.unit.value,
        )
    result: list[PlainTextSelection] = []
    empty = 0
    raw.reverse()
    while raw:
        selection = raw.pop()  # each is let go of as it is taken
        text = texts[selection.source_guid]
        start = text.convert(selection.start or 0, choice.unit)
        end = text.convert(selection.end or 0, choice.unit)
        if start is None or end is None or start > end:
            reader.report.dropped(
                "selection_out_of_range",
                f"Seleksi {selection.guid} dibuang: posisi {selection.start}–{selection.end} "
                "berada di luar teks sumbernya",
                f"Selection {selection.guid} dropped: positions {selection.start}–"
                f"{selection.end} lie outside its source's text",
                selection.guid,
            )
            continue
        empty += start == end
        codings: list[str] = []
        for code in selection.codings:
            assert isinstance(code, str)  # claimed: notes on codings went to the selection
            if code not in code_guids:
                reader.report.dropped(
                    "coding_unknown_code",
                    f"Pengodean seleksi {selection.guid} dengan kode yang tidak ada ({code}) "
                    "dibuang",
                    f"Coding of selection {selection.guid} with a code that does not exist "
                    f"({code}) dropped",
                    selection.guid,
                )
            elif code not in codings:
                codings.append(code)
        result.append(
            PlainTextSelection(
                guid=selection.guid,
                source_guid=selection.source_guid,
                start=start,
                end=end,
                codings=tuple(codings),
                description=selection.description,
                name=selection.name,
            )
        )
    if empty:
        reader.report.note(
            "selection_empty",
            f"{empty} seleksi tidak memuat satu karakter pun (posisi awal = akhir)",
            f"{plural(empty, 'selection covers', 'selections cover')} no character (start = end)",
        )
    # Within a source, by position: the order the exporter writes, whatever the tool's.
    order = {guid: index for index, guid in enumerate(texts)}
    result.sort(key=lambda s: (order[s.source_guid], s.start, s.end, s.guid))
    return result, choice.unit


def _final_notes(reader: ElementReader, notes: list[Note], notable: set[str]) -> list[Note]:
    note_guids = {n.guid for n in notes}
    for note_guid, targets in reader.note_targets.items():
        if note_guid not in note_guids:
            reader.report.dropped(
                "note_ref_unknown",
                f"{len(targets)} rujukan ke catatan {note_guid} yang tidak ada dibuang",
                f"{plural(len(targets), 'reference', 'references')} to a note that does "
                f"not exist ({note_guid}) dropped",
                note_guid,
            )
    result = []
    lost = 0
    for note in notes:
        wanted = list(dict.fromkeys(reader.note_targets.get(note.guid, [])))
        kept = tuple(t for t in wanted if t in notable)
        lost += len(wanted) - len(kept)
        result.append(replace(note, targets=kept))
    if lost:
        reader.report.changed(
            "note_target_dropped",
            f"{lost} rujukan catatan ke objek yang dibuang dihapus",
            f"{plural(lost, 'note reference', 'note references')} to dropped objects removed",
        )
    if reader.coding_notes:
        reader.report.changed(
            "note_on_coding",
            f"{reader.coding_notes} catatan pada pengodean dipindahkan ke seleksinya",
            f"{plural(reader.coding_notes, 'note', 'notes')} on codings moved to their selection",
        )
    return result


def _final_cases(reader: ElementReader, cases: list[Case], sources: set[str]) -> list[Case]:
    result = []
    for case in cases:
        kept = tuple(dict.fromkeys(s for s in case.source_refs if s in sources))
        if dropped := len(set(case.source_refs)) - len(kept):
            reader.report.changed(
                "case_source_dropped",
                f"Kasus {case.name!r}: {dropped} rujukan ke sumber yang dibuang dihapus",
                f"Case {case.name!r}: {plural(dropped, 'reference', 'references')} to "
                "dropped sources removed",
                case.guid,
            )
        result.append(replace(case, source_refs=kept))
    return result


def _final_sets(
    reader: ElementReader, sets: list[Set], codes: set[str], sources: set[str], notes: set[str]
) -> list[Set]:
    result = []
    for item in sets:
        kept = replace(
            item,
            member_codes=tuple(dict.fromkeys(m for m in item.member_codes if m in codes)),
            member_sources=tuple(dict.fromkeys(m for m in item.member_sources if m in sources)),
            member_notes=tuple(dict.fromkeys(m for m in item.member_notes if m in notes)),
        )
        before = len({*item.member_codes} | {*item.member_sources} | {*item.member_notes})
        after = len(kept.member_codes) + len(kept.member_sources) + len(kept.member_notes)
        if before > after:
            reader.report.changed(
                "set_member_dropped",
                f"Set {item.name!r}: {before - after} anggota dihapus karena tidak diimpor",
                f"Set {item.name!r}: {plural(before - after, 'member', 'members')} removed "
                "because not imported",
                item.guid,
            )
        result.append(kept)
    return result


def _final_links(reader: ElementReader, links: list[Link], known: set[str]) -> list[Link]:
    result = []
    for link in links:
        if link.origin in known and link.target in known:
            result.append(link)
            continue
        reader.report.dropped(
            "link_to_dropped",
            f"Tautan {link.name!r} dibuang: ujungnya menunjuk ke objek yang tidak diimpor",
            f"Link {link.name!r} dropped: an end points at something not imported",
            link.guid,
        )
    return result


def _general_notes(reader: ElementReader, codes: tuple[Code, ...]) -> None:
    if count := len(reader.noncanonical):
        reader.report.changed(
            "guid_normalised",
            f"{count} GUID ditulis ulang dalam bentuk baku (huruf kecil, tanpa kurung kurawal)",
            f"{plural(count, 'GUID', 'GUIDs')} rewritten in canonical form (lower case, no braces)",
        )
    flat = [c.name for code in codes for c in code.walk() if "::" in c.name]
    if flat:
        reader.report.note(
            "code_flat_hierarchy",
            f"{len(flat)} nama kode memakai notasi hierarki '::' (ATLAS.ti); kode dibiarkan datar",
            f"{plural(len(flat), 'code name uses', 'code names use')} the '::' hierarchy "
            "notation (ATLAS.ti); the codes were kept flat",
            ", ".join(flat),
        )
    if reader.rich_text_too:
        count = len(reader.rich_text_too)
        reader.report.note(
            "source_rich_text_ignored",
            f"{count} sumber juga membawa teks berformat (DOCX); hanya teks polos yang diimpor",
            f"{plural(count, 'source also carries', 'sources also carry')} styled text "
            "(DOCX); only the plain text was imported",
            ", ".join(reader.rich_text_too),
        )


_KNOWN_PARTS = {
    "Users",
    "CodeBook",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Links",
    "Sets",
    "Graphs",
    "Description",
    "NoteRef",
}


def finish_project(reader: ElementReader, parts: ProjectParts) -> tuple[Project, OffsetUnit | None]:
    """The project from the parts read: texts normalised, positions converted, references
    between objects checked, and the leftovers reported."""
    reporter = reader.report
    attributes = parts.attributes
    origin = attributes.get("origin") or ""
    # What concerns the whole file comes first in the report.
    for tag, count in sorted(parts.parts.items(), reverse=True):
        if tag not in _KNOWN_PARTS:
            reporter.first(
                Action.DROPPED,
                "unknown_element",
                f"{count} elemen <{tag}> yang tidak dikenal dibuang",
                f"{count} unknown <{tag}> element(s) dropped",
                tag,
            )
    project_notes = parts.project_notes
    if (attributes.get("basePath") or "").strip():
        reporter.note(
            "base_path_ignored",
            "basePath proyek (folder di komputer pembuatnya) tidak disimpan",
            "The project's basePath (a folder on its author's computer) was not kept",
        )

    # Positions follow the texts as they are stored; then each text is normalised, once.
    texts = parts.texts
    sources = parts.sources
    _report_texts(reader, parts.stored, {s.guid: s.name for s in sources})
    codes = tuple(parts.codes)
    code_guids = {c.guid for code in codes for c in code.walk()}
    selections, unit = _selections(reader, parts.selections, texts, code_guids, origin)
    for index, source in enumerate(sources):
        sources[index] = replace(source, text=texts.pop(source.guid).take_normalised())

    users, notes, links, sets = parts.users, parts.notes, parts.links, parts.sets
    source_guids = {s.guid for s in sources}
    selection_guids = {s.guid for s in selections}
    link_guids = {link.guid for link in links}
    note_guids = {n.guid for n in notes}
    notes = _final_notes(
        reader, notes, code_guids | source_guids | selection_guids | note_guids | link_guids
    )
    all_cases = _final_cases(reader, [*parts.cases, *parts.source_cases], source_guids)
    sets = _final_sets(reader, sets, code_guids, source_guids, note_guids)
    known = (
        code_guids
        | source_guids
        | selection_guids
        | note_guids
        | link_guids
        | {c.guid for c in all_cases}
        | set(reader.variables)
        | {s.guid for s in sets}
        | {u.guid for u in users}
    )
    del selection_guids
    links = _final_links(reader, links, known)
    _general_notes(reader, codes)

    project = Project(
        name=attributes.get("name") or "",
        origin=origin,
        users=tuple(users),
        codes=codes,
        sources=tuple(sources),
        selections=tuple(selections),
        cases=tuple(all_cases),
        variables=tuple(reader.variables.values()),
        notes=tuple(notes),
        sets=tuple(sets),
        links=tuple(links),
        description=parts.description or "",
        creating_user=reader.ref(attributes.get("creatingUserGUID")),
        created=parse_datetime(attributes.get("creationDateTime")),
        modifying_user=reader.ref(attributes.get("modifyingUserGUID")),
        modified=parse_datetime(attributes.get("modifiedDateTime")),
        note_refs=tuple(n for n in dict.fromkeys(project_notes) if n in note_guids),
    )
    return project, unit


def read_codebook(root: etree._Element, *, reporter: Reporter) -> Codebook:
    """The codes and code sets of a ``<CodeBook>`` (or of a ``<Project>``'s codebook)."""
    reader = ElementReader(lambda name: None, reporter)
    origin = root.get("origin") or ""
    if local_name(root) == "Project":
        reporter.note(
            "codebook_from_project",
            "Berkas ini sebuah proyek; hanya buku kodenya yang dibaca",
            "This file is a project; only its codebook was read",
        )
        root = next(kids(root, "CodeBook"), root)
    codes_element = kid(root, "Codes")
    codes = tuple(reader.codes(codes_element)) if codes_element is not None else ()
    sets_element = kid(root, "Sets")
    sets = reader.read_sets(sets_element, codebook=True) if sets_element is not None else []
    code_guids = {c.guid for code in codes for c in code.walk()}
    sets = _final_sets(reader, sets, code_guids, set(), set())
    _general_notes(reader, codes)
    return Codebook(codes=codes, sets=tuple(sets), origin=origin)
