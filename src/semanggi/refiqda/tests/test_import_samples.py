"""The REFI-QDA samples in tests/samples: one real ATLAS.ti export (test data only: its texts
belong to others, and the checks below quote none of it), and three files of our own shaped like
NVivo's, MAXQDA's and Taguette's exports (make_samples.py writes them)."""

import codecs
import hashlib
import importlib.util
import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from semanggi.iati.codelists import safe_parser
from semanggi.refiqda.import_ import ImportResult, import_qdc, import_qdpx
from semanggi.refiqda.offsets import OffsetUnit
from semanggi.refiqda.report import Action, ImportCounts
from semanggi.refiqda.tests import SAMPLES

NVIVO = SAMPLES / "nvivo-like_partnership-comments.qdpx"
ATLAS = SAMPLES / "atlasti8.4-mac_standard-project.qdpx"
MAXQDA = SAMPLES / "maxqda-like_partnership-reports.qdpx"
TAGUETTE = SAMPLES / "taguette-like_codebook.qdc"


@pytest.fixture(scope="module")
def nvivo() -> ImportResult:
    return import_qdpx(NVIVO)


@pytest.fixture(scope="module")
def atlas() -> ImportResult:
    return import_qdpx(ATLAS)


@pytest.fixture(scope="module")
def maxqda() -> ImportResult:
    return import_qdpx(MAXQDA)


def codes_of(result: ImportResult) -> Counter[str]:
    return Counter(e.code for e in result.report.entries)


def at_word_boundary(text: str, position: int) -> bool:
    if position in (0, len(text)):
        return True
    return not (text[position - 1].isalnum() and text[position].isalnum())


def test_samples_are_the_repository_copies_of_the_published_files() -> None:
    # In the repository (never beside it), byte-identical to the file its README lists.
    package = Path(__file__).resolve().parents[1]
    assert SAMPLES.is_relative_to(package)
    readme = (SAMPLES / "README.md").read_text()
    assert hashlib.sha256(ATLAS.read_bytes()).hexdigest() in readme


def test_our_samples_are_what_their_generator_writes(tmp_path: Path) -> None:
    # The committed imitations are exactly what the generator writes from its own texts.
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    make_samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_samples)
    make_samples.main(["make_samples.py", str(tmp_path)])
    written = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert set(written) == {NVIVO.name, MAXQDA.name, TAGUETTE.name}
    assert written[TAGUETTE.name] == TAGUETTE.read_bytes()
    # The archives: same entries in the same order, same timestamps, same bytes inside (the
    # compressed stream itself may differ with the zlib build).
    for sample in (NVIVO, MAXQDA):
        assert archive_contents(written[sample.name]) == archive_contents(sample.read_bytes())


def archive_contents(data: bytes) -> list[tuple[str, tuple[int, ...], bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(i.filename, i.date_time, archive.read(i)) for i in archive.infolist()]


# Shaped like NVivo 12.6 (Windows) ----------------------------------------------------------------


def test_nvivo_counts(nvivo: ImportResult) -> None:
    assert nvivo.report.counts == ImportCounts(
        users=2, codes=14, sources=1, selections=21, codings=21
    )
    assert nvivo.report.dropped == ()
    # Three levels of codes.
    assert any(
        grandchild for c in nvivo.project.codes for ch in c.children for grandchild in ch.children
    )


def test_nvivo_report_explains_every_change(nvivo: ImportResult) -> None:
    # GUIDs are already lower case and unbraced: nothing to say about them.
    assert codes_of(nvivo) == Counter(
        ["sources_folder", "text_bom", "text_line_ends", "offset_unit", "source_rich_text_ignored"]
    )
    offsets = nvivo.report.entries_for("offset_unit")[0]
    assert offsets.action is Action.CHANGED
    assert "UTF-16" in offsets.english and "42 of 42" in offsets.english
    assert "UTF-16" in offsets.indonesian


def test_nvivo_offsets_are_utf16_units_converted_to_code_points(nvivo: ImportResult) -> None:
    assert nvivo.report.offset_unit is OffsetUnit.UTF16
    source = nvivo.project.sources[0]
    text = source.text
    assert not text.startswith("\ufeff") and "\r" not in text
    # An independent reading of the same positions: slice the raw file as UTF-16 code units
    # (BOM not counted, CRLF counted as two), then normalise the slice's line ends.
    with zipfile.ZipFile(NVIVO) as archive:
        raw = archive.read(f"Sources/{source.guid}.txt")
    assert raw.startswith(codecs.BOM_UTF8)
    units = raw[3:].decode("utf-8").encode("utf-16-le")
    document = archive_project(NVIVO)
    positions = {guid: (int(start), int(end)) for guid, start, end in selection_positions(document)}
    assert b"\r\n" in raw and any(ord(c) > 0xFFFF for c in raw[3:].decode("utf-8"))
    shifted = 0
    for selection in nvivo.project.selections:
        start, end = positions[selection.guid]
        expected = units[2 * start : 2 * end].decode("utf-16-le").replace("\r\n", "\n")
        assert text[selection.start : selection.end] == expected
        assert at_word_boundary(text, selection.start)
        assert at_word_boundary(text, selection.end)
        shifted += (selection.start, selection.end) != (start, end)
    # Emoji and CRLF come before every selection and move it: the conversion mattered.
    assert shifted == len(nvivo.project.selections)


def test_nvivo_selections_keep_their_single_coding(nvivo: ImportResult) -> None:
    codes = {c.guid for c in nvivo.project.all_codes()}
    assert all(len(s.codings) == 1 and s.codings[0] in codes for s in nvivo.project.selections)
    assert all(s.description == "" and s.name == "" for s in nvivo.project.selections)


# ATLAS.ti 8.4 (macOS) ----------------------------------------------------------------------------


def test_atlas_counts(atlas: ImportResult) -> None:
    assert atlas.report.counts == ImportCounts(users=3, codes=14, notes=2, sets=16)
    assert atlas.project.sources == () and atlas.project.selections == ()


def test_atlas_inner_file_with_a_capital_p_is_found(atlas: ImportResult) -> None:
    (entry,) = atlas.report.entries_for("project_file_name")
    assert "Project.qde" in entry.english and "Project.qde" in entry.indonesian


def test_atlas_missing_source_files_are_reported_not_fatal(atlas: ImportResult) -> None:
    missing = atlas.report.entries_for("source_missing_file")
    assert len(missing) == 6
    assert all(e.action is Action.DROPPED for e in missing)
    assert {e.subject for e in missing} >= {"Mabel.txt", "Simon.docx"}
    # The text selections on those sources go with them, and say so.
    with_it = atlas.report.entries_for("selection_on_dropped_source")
    assert sorted(e.english.split()[0] for e in with_it) == ["1", "1", "1", "3"]


def test_atlas_media_sources_and_selections_are_dropped_and_reported(atlas: ImportResult) -> None:
    sources = atlas.report.entries_for("source_unsupported_kind")
    assert Counter(e.english.split()[0] for e in sources) == Counter(
        {"PDF": 2, "Picture": 1, "Audio": 1, "Video": 2}
    )
    selections = atlas.report.entries_for("selection_unsupported_kind")
    assert Counter(e.english.split()[0] for e in selections) == Counter(
        {"PDF": 4, "Representation": 2, "Picture": 1, "Video": 2}
    )
    assert len(atlas.report.entries_for("graph")) == 1
    # The one link points at a video selection, so it cannot come along.
    assert len(atlas.report.entries_for("link_to_dropped")) == 1


def test_atlas_flat_code_hierarchy_is_kept_flat_and_reported(atlas: ImportResult) -> None:
    names = [c.name for c in atlas.project.codes]
    assert "Coke::diet Coke" in names and "Coke" in names
    assert all(not c.children for c in atlas.project.codes)
    (entry,) = atlas.report.entries_for("code_flat_hierarchy")
    assert entry.subject == "Coke::full-fat Coke, Coke::diet Coke"
    assert '"rushed"' in names


def test_atlas_sets_lose_only_the_members_not_imported(atlas: ImportResult) -> None:
    sets = {s.name: s for s in atlas.project.sets}
    assert len(sets["Feelings"].member_codes) == 6
    assert sets["Text files"].member_sources == ()
    assert len(atlas.report.entries_for("set_member_dropped")) == 11


def test_atlas_notes_are_kept(atlas: ImportResult) -> None:
    notes = {n.name: n for n in atlas.project.notes}
    assert set(notes) == {"Research Plan", "My favorite Coke ad"}
    assert notes["Research Plan"].description.startswith("day to day log")


def test_atlas_guids_are_canonical(atlas: ImportResult) -> None:
    assert all(c.guid == c.guid.lower() for c in atlas.project.codes)
    assert atlas.report.entries_for("guid_normalised")


# Shaped like MAXQDA 24.7 -------------------------------------------------------------------------


def test_maxqda_counts(maxqda: ImportResult) -> None:
    assert maxqda.report.counts == ImportCounts(users=1, codes=14, sources=6, sets=2)
    assert maxqda.report.dropped == ()
    assert maxqda.report.offset_unit is None
    assert len(maxqda.project.codes) == 4
    assert all(
        not grandchild
        for c in maxqda.project.codes
        for ch in c.children
        for grandchild in ch.children
    )


def test_maxqda_sources_hold_their_whole_texts(maxqda: ImportResult) -> None:
    with zipfile.ZipFile(MAXQDA) as archive:
        for source in maxqda.project.sources:
            raw = archive.read(f"sources/{source.guid.upper()}.txt")
            assert source.text == raw.decode("utf-8")
    assert maxqda.project.created is None and maxqda.project.modified is not None


def test_maxqda_codes_keep_colours_and_descriptions(maxqda: ImportResult) -> None:
    codes = maxqda.project.all_codes()
    assert all(c.color and c.color.startswith("#") and len(c.color) == 7 for c in codes)
    assert all(c.description for c in codes)


def test_maxqda_document_groups_become_sets(maxqda: ImportResult) -> None:
    assert [len(s.member_sources) for s in maxqda.project.sets] == [3, 3]


# Shaped like Taguette 1.4.1 ----------------------------------------------------------------------


def test_taguette_codebook_with_empty_sets_is_accepted() -> None:
    result = import_qdc(TAGUETTE)
    assert result.report.counts == ImportCounts(codes=4)
    assert [c.name for c in result.codebook.codes] == [
        "rapat bersama",
        "dana CSR",
        "pelatihan: kader desa",
        "air bersih",
    ]
    assert all(c.children == () and c.color is None for c in result.codebook.codes)
    assert result.codebook.sets == ()
    assert result.codebook.origin == "Taguette 1.4.1"
    (invalid,) = result.report.entries_for("schema_invalid")
    assert invalid.action is Action.NOTE and "Sets" in invalid.subject


# Helpers reading the samples' own positions ------------------------------------------------------


def archive_project(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


def selection_positions(document: bytes) -> list[tuple[str, str, str]]:
    root = etree.fromstring(document, safe_parser())
    found = root.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")
    return [
        (e.get("guid", "").lower(), e.get("startPosition", ""), e.get("endPosition", ""))
        for e in found
    ]
