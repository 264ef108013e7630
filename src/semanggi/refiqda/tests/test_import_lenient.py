"""Real files bend the standard; the importer takes them as they come and says what it did."""

import codecs
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from semanggi.refiqda.import_ import (
    CodebookImportResult,
    ImportResult,
    import_qdc,
    import_qdpx,
)
from semanggi.refiqda.model import LinkDirection
from semanggi.refiqda.offsets import OffsetUnit
from semanggi.refiqda.report import Action

CODE = "3C51EFBB-071F-43A7-9F32-228B89668E8D"
OTHER_CODE = "40E4AACC-0C89-4814-A42D-296C24E486E4"
SOURCE = "56A79789-D535-4FB8-BEDD-A915504C54BA"
SELECTION = "FD960901-8191-4DB1-A3DD-A91626D56C4B"
SECOND_SELECTION = "157909B9-FD55-41E5-A5DD-A91626D56CCA"
NOTE = "E41BE463-FDF3-4ED0-B668-119C53D8D687"
VARIABLE = "0B5B7F7E-8A44-4D55-9C1E-1F6C1C1A0101"

CODEBOOK = f"""<CodeBook><Codes>
  <Code guid="{{{CODE}}}" name="Perencanaan" isCodable="true" color="#f80"/>
  <Code guid="{OTHER_CODE}" name="Pelaksanaan" isCodable="true"/>
</Codes></CodeBook>"""


def project_xml(
    body: str, *, origin: str = "Test tool", namespace: str = "urn:QDA-XML:project:1.0"
) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project xmlns="{namespace}" name="Uji" origin="{origin}">{body}</Project>'
    ).encode()


def qdpx(
    document: bytes, files: dict[str, bytes] | None = None, name: str = "project.qde"
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, document)
        for path, data in (files or {}).items():
            archive.writestr(path, data)
    return buffer.getvalue()


def text_source(selections: str = "", *, guid: str = SOURCE, extra: str = "") -> str:
    return (
        f'<Sources><TextSource guid="{guid}" name="Wawancara" '
        f'plainTextPath="internal://{guid}.txt" {extra}>{selections}</TextSource></Sources>'
    )


def selection(
    start: int, end: int, *, guid: str = SELECTION, code: str = CODE, inner: str = ""
) -> str:
    return (
        f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="445A6AEC-1400-4502-919D-0867832FF211"><CodeRef targetGUID="{code}"/>'
        f"{inner}</Coding></PlainTextSelection>"
    )


def entries(result: ImportResult | CodebookImportResult, code: str) -> list[str]:
    return [e.english for e in result.report.entries_for(code)]


# Positions ------------------------------------------------------------------------------------

# A text written on Windows: BOM, CRLF, and emoji (two UTF-16 units each) before the words.
RAW_TEXT = "Halo 😀😀 semua.\r\nKami 🙏 menyusun rencana bersama.\r\nBank menyediakan dana.\r\n"
NORMALISED = RAW_TEXT.replace("\r\n", "\n")
WORDS = ["menyusun rencana bersama", "Bank menyediakan dana", "semua"]


def utf16_span(part: str) -> tuple[int, int]:
    start = RAW_TEXT.index(part)
    before = len(RAW_TEXT[:start].encode("utf-16-le")) // 2
    return before, before + len(part.encode("utf-16-le")) // 2


def utf8_span(part: str) -> tuple[int, int]:
    start = RAW_TEXT.index(part)
    before = len(RAW_TEXT[:start].encode("utf-8"))
    return before, before + len(part.encode("utf-8"))


def code_point_span(part: str) -> tuple[int, int]:
    start = RAW_TEXT.index(part)
    return start, start + len(part)


def lf_span(part: str) -> tuple[int, int]:
    start = NORMALISED.index(part)
    return start, start + len(part)


def import_positions(spans: list[tuple[int, int]], *, origin: str = "Test tool") -> ImportResult:
    guids = [SELECTION, SECOND_SELECTION, "9AD860A5-3D53-4BDE-B5EE-A8FC613C1652"]
    body = CODEBOOK + text_source(
        "".join(selection(s, e, guid=g) for (s, e), g in zip(spans, guids, strict=False))
    )
    files = {f"Sources/{SOURCE}.txt": codecs.BOM_UTF8 + RAW_TEXT.encode("utf-8")}
    return import_qdpx(qdpx(project_xml(body, origin=origin), files))


@pytest.mark.parametrize(
    ("span", "origin", "unit"),
    [
        (utf16_span, "NVivo for Windows 12.6", OffsetUnit.UTF16),
        (utf16_span, "Some other tool", OffsetUnit.UTF16),
        (code_point_span, "ATLAS.ti 8.4", OffsetUnit.CODE_POINTS),
        (utf8_span, "A tool counting bytes", OffsetUnit.UTF8_BYTES),
        (lf_span, "A tool counting after LF", OffsetUnit.CODE_POINTS_LF),
    ],
)
def test_positions_in_any_unit_land_on_the_same_words(
    span: Callable[[str], tuple[int, int]], origin: str, unit: OffsetUnit
) -> None:
    result = import_positions([span(w) for w in WORDS], origin=origin)
    assert result.report.offset_unit is unit
    text = result.project.sources[0].text
    assert text == NORMALISED
    selected = sorted(text[s.start : s.end] for s in result.project.selections)
    assert selected == sorted(WORDS)


def test_the_unit_chosen_is_reported_with_its_evidence() -> None:
    result = import_positions([utf16_span(w) for w in WORDS], origin="NVivo 14")
    (entry,) = result.report.entries_for("offset_unit")
    assert entry.action is Action.CHANGED
    assert entry.english.startswith("Selection positions read as UTF-16 code units")
    assert "6 of 6 ends fall on word boundaries" in entry.english
    assert set(entries(result, "text_bom")) == {"Byte order mark removed from 1 source"}
    assert entries(result, "text_line_ends") == ["Line ends (CRLF/CR) changed to LF in 1 source"]


def test_positions_outside_the_text_drop_the_selection() -> None:
    result = import_positions([(0, 4), (10, 10_000)])
    assert len(result.project.selections) == 1
    assert len(entries(result, "selection_out_of_range")) == 1


def test_a_zero_length_selection_is_kept_and_mentioned() -> None:
    result = import_positions([(0, 4), (5, 5)])
    assert len(result.project.selections) == 2
    assert entries(result, "selection_empty") == ["1 selection covers no character (start = end)"]


def test_text_that_is_not_utf8_is_read_as_windows_1252() -> None:
    body = CODEBOOK + text_source(selection(0, 4))
    files = {f"sources/{SOURCE}.txt": "Café di Solo".encode("cp1252")}
    result = import_qdpx(qdpx(project_xml(body), files))
    assert result.project.sources[0].text == "Café di Solo"
    assert entries(result, "text_encoding")


# Archives as tools pack them -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("inner", "folder"),
    [
        ("project.qde", "sources"),
        ("Project.qde", "Sources"),
        ("Trial.QDE", "SOURCES"),
        ("Trial.qde", ""),
    ],
)
def test_inner_file_and_sources_folder_are_found_whatever_their_names(
    inner: str, folder: str
) -> None:
    path = f"{folder}/{SOURCE.lower()}.txt" if folder else f"{SOURCE.lower()}.txt"
    document = project_xml(CODEBOOK + text_source(selection(0, 4)))
    result = import_qdpx(qdpx(document, {path: b"Halo semua"}, name=inner))
    assert [s.text for s in result.project.sources] == ["Halo semua"]
    assert bool(result.report.entries_for("project_file_name")) is (inner != "project.qde")


def test_files_and_paths_are_accepted_as_well_as_bytes(tmp_path: Path) -> None:
    archive = qdpx(project_xml(CODEBOOK))
    path = tmp_path / "studi.qdpx"
    path.write_bytes(archive)
    for source in (path, str(path), io.BytesIO(archive)):
        assert import_qdpx(source).report.counts.codes == 2


def test_missing_external_and_styled_only_sources_are_dropped_and_reported() -> None:
    body = CODEBOOK + (
        "<Sources>"
        f'<TextSource guid="{SOURCE}" name="hilang" plainTextPath="internal://{SOURCE}.txt">'
        f"{selection(0, 4)}</TextSource>"
        f'<TextSource guid="{OTHER_CODE[:-1]}9" name="di luar" plainTextPath="relative:///a.txt"/>'
        f'<TextSource guid="{NOTE}" name="docx saja" richTextPath="internal://{NOTE}.docx"/>'
        "</Sources>"
    )
    result = import_qdpx(qdpx(project_xml(body)))
    assert result.project.sources == ()
    assert [e.subject for e in result.report.dropped] == [
        "hilang",
        "hilang",
        "di luar",
        "docx saja",
    ]
    assert [e.code for e in result.report.dropped] == [
        "source_missing_file",
        "selection_on_dropped_source",
        "source_external",
        "source_rich_text_only",
    ]


def test_inline_text_is_imported_too() -> None:
    body = CODEBOOK + (
        f'<Sources><TextSource guid="{SOURCE}" name="inline">'
        f"<PlainTextContent>Halo semua</PlainTextContent>{selection(5, 10)}</TextSource></Sources>"
    )
    result = import_qdpx(qdpx(project_xml(body)))
    source = result.project.sources[0]
    (chosen,) = result.project.selections
    assert source.text[chosen.start : chosen.end] == "semua"


# GUIDs ----------------------------------------------------------------------------------------


def test_braced_and_upper_case_guids_are_normalised_and_still_match() -> None:
    body = CODEBOOK + text_source(selection(0, 4, code="{" + CODE.lower() + "}"))
    result = import_qdpx(qdpx(project_xml(body), {f"sources/{SOURCE}.txt": b"Halo semua"}))
    code = result.project.codes[0]
    assert code.guid == CODE.lower()
    assert result.project.selections[0].codings == (code.guid,)
    assert result.project.sources[0].guid == SOURCE.lower()
    assert entries(result, "guid_normalised")


def test_duplicate_guids_keep_the_first_code_and_rename_the_later_selection() -> None:
    codebook = CODEBOOK.replace(
        "</Codes>", f'<Code guid="{CODE}" name="Duplikat" isCodable="true"/></Codes>'
    )
    selections = selection(0, 4) + selection(5, 10)  # the same GUID twice
    body = codebook + text_source(selections)
    result = import_qdpx(qdpx(project_xml(body), {f"sources/{SOURCE}.txt": b"Halo semua"}))
    assert [c.name for c in result.project.codes] == ["Perencanaan", "Pelaksanaan"]
    guids = [s.guid for s in result.project.selections]
    assert len(set(guids)) == 2 and SELECTION.lower() in guids
    dropped, renamed = result.report.entries_for("duplicate_guid")
    assert dropped.action is Action.DROPPED and "Duplikat" in dropped.english
    assert renamed.action is Action.CHANGED and "new GUID" in renamed.english


def test_an_invalid_guid_drops_its_object() -> None:
    body = (
        '<CodeBook><Codes><Code guid="not-a-guid" name="Rusak" isCodable="true"/>'
        "</Codes></CodeBook>"
    )
    result = import_qdpx(qdpx(project_xml(body)))
    assert result.project.codes == ()
    assert entries(result, "invalid_guid") == ["Code 'Rusak' dropped: invalid GUID ('not-a-guid')"]


# Namespaces and empty containers -------------------------------------------------------------


@pytest.mark.parametrize(
    "namespace",
    ["urn:QDA-XML:codebook:0:4", "urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:1.0"],
)
def test_older_codebook_namespaces_are_accepted(namespace: str) -> None:
    document = (
        f'<CodeBook xmlns="{namespace}" origin="ATLAS.ti"><Codes>'
        f'<Code guid="{CODE}" name="A" isCodable="true">'
        f'<Code guid="{OTHER_CODE}" name="B" isCodable="false"/></Code>'
        "</Codes><Sets/></CodeBook>"
    ).encode()
    result = import_qdc(document)
    (parent,) = result.codebook.codes
    assert [c.name for c in parent.walk()] == ["A", "B"]
    assert parent.children[0].is_codable is False
    assert bool(result.report.entries_for("namespace")) is (namespace != "urn:QDA-XML:codebook:1.0")


def test_a_project_with_a_hand_edited_codebook_in_an_old_namespace_is_read() -> None:
    body = (
        '<CodeBook xmlns="urn:QDA-XML:codebook:0:4"><Codes>'
        f'<Code guid="{CODE}" name="A" isCodable="true"/></Codes></CodeBook><Sets/>'
    )
    result = import_qdpx(qdpx(project_xml(body)))
    assert [c.name for c in result.project.codes] == ["A"]
    assert result.project.sets == ()
    assert entries(result, "namespace") == [
        "Elements in namespace urn:QDA-XML:codebook:0:4 were read as urn:QDA-XML:project:1.0"
    ]
    assert entries(result, "schema_invalid")


def test_a_codebook_can_be_taken_from_a_project_file() -> None:
    result = import_qdc(project_xml(CODEBOOK))
    assert len(result.codebook.codes) == 2
    assert entries(result, "codebook_from_project")


# What Semanggi keeps in another shape ---------------------------------------------------------


def test_variables_on_a_source_move_to_a_case_of_its_own() -> None:
    variables = (
        f'<Variables><Variable guid="{VARIABLE}" name="usia" typeOfVariable="Integer"/></Variables>'
    )
    value = (
        f'<VariableValue><VariableRef targetGUID="{VARIABLE}"/>'
        "<IntegerValue>47</IntegerValue></VariableValue>"
    )
    body = CODEBOOK + variables + text_source(selection(0, 4) + value)
    result = import_qdpx(qdpx(project_xml(body), {f"sources/{SOURCE}.txt": b"Halo semua"}))
    (case,) = result.project.cases
    assert case.name == "Wawancara" and case.source_refs == (SOURCE.lower(),)
    assert [(v.variable_guid, v.value) for v in case.values] == [(VARIABLE.lower(), 47)]
    assert entries(result, "source_variables")


def test_a_note_on_a_coding_moves_to_its_selection() -> None:
    notes = (
        f'<Notes><Note guid="{NOTE}" name="memo">'
        "<PlainTextContent>isi</PlainTextContent></Note></Notes>"
    )
    coded = selection(0, 4, inner=f'<NoteRef targetGUID="{NOTE}"/>')
    result = import_qdpx(
        qdpx(project_xml(CODEBOOK + text_source(coded) + notes), {f"sources/{SOURCE}.txt": b"Halo"})
    )
    assert result.project.notes[0].targets == (SELECTION.lower(),)
    assert entries(result, "note_on_coding") == ["1 note on codings moved to their selection"]


def test_codings_of_unknown_codes_and_of_whole_sources_are_dropped() -> None:
    whole = (
        '<Coding guid="2284BF5B-8F78-45B6-A6EF-A128D991408B">'
        f'<CodeRef targetGUID="{CODE}"/></Coding>'
    )
    body = CODEBOOK + text_source(selection(0, 4, code=NOTE) + whole)
    result = import_qdpx(qdpx(project_xml(body), {f"sources/{SOURCE}.txt": b"Halo"}))
    assert result.project.selections[0].codings == ()
    assert len(entries(result, "coding_unknown_code")) == 1
    assert len(entries(result, "source_coding")) == 1


def test_link_directions_are_read_leniently() -> None:
    notes = (
        f'<Notes><Note guid="{NOTE}" name="a"><PlainTextContent/></Note>'
        f'<Note guid="{VARIABLE}" name="b"><PlainTextContent/></Note></Notes>'
    )
    links = (
        f'<Links><Link guid="{SELECTION}" name="dua arah" direction="TwoWays" '
        f'originGUID="{NOTE}" targetGUID="{VARIABLE}"/>'
        f'<Link guid="{SECOND_SELECTION}" name="aneh" direction="Sideways" '
        f'originGUID="{NOTE}" targetGUID="{VARIABLE}"/></Links>'
    )
    result = import_qdpx(qdpx(project_xml(notes + links)))
    assert [link.direction for link in result.project.links] == [LinkDirection.BIDIRECTIONAL, None]
    assert len(entries(result, "link_direction")) == 1


def test_colours_are_normalised_and_bad_ones_removed() -> None:
    codebook = CODEBOOK.replace('name="Pelaksanaan"', 'name="Pelaksanaan" color="merah"')
    result = import_qdpx(qdpx(project_xml(codebook)))
    assert [c.color for c in result.project.codes] == ["#FF8800", None]
    assert entries(result, "invalid_color") == [
        "The colour of code 'Pelaksanaan' is invalid ('merah') and was removed"
    ]


def test_the_summary_names_what_was_imported_in_both_languages() -> None:
    body = CODEBOOK + text_source(selection(0, 4))
    result = import_qdpx(qdpx(project_xml(body), {f"sources/{SOURCE}.txt": b"Halo semua"}))
    assert result.report.lines()[0] == (
        "Diimpor: 2 kode, 1 sumber, 1 seleksi, 1 pengodean / "
        "Imported: 2 codes, 1 source, 1 selection, 1 coding"
    )
