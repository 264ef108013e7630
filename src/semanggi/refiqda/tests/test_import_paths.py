"""Every way real tools name a source's text file (REFI-QDA 1.5, "Sources": internal and
external files), read from a QualCoder-shaped project generated here."""

import io
import zipfile

import pytest

from semanggi.refiqda.import_ import import_qdpx
from semanggi.refiqda.reader import archive_path

CODE = "6a1b7f0e-2c4d-4e8f-9a0b-1c2d3e4f5a6b"
SOURCES = [
    "0b7e3f0a-1111-4c2d-8e9f-000000000001",
    "0b7e3f0a-1111-4c2d-8e9f-000000000002",
    "0b7e3f0a-1111-4c2d-8e9f-000000000003",
    "0b7e3f0a-1111-4c2d-8e9f-000000000004",
    "0b7e3f0a-1111-4c2d-8e9f-000000000005",
]
TEXT = "Kami menyusun rencana bersama dengan bank.\n"


def _selection(number: int, start: int, end: int) -> str:
    guid = f"5e1ec710-0000-4000-8000-{number:012d}"
    return (
        f'<PlainTextSelection guid="{guid}" name="{TEXT[start:end]}" startPosition="{start}" '
        f'endPosition="{end}" creatingUser="{CODE}" creationDateTime="2024-01-02T03:04:05Z">'
        f'<Coding guid="c0d10000-0000-4000-8000-{number:012d}" creatingUser="{CODE}">'
        f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
    )


def qualcoder_project() -> bytes:
    """A project as QualCoder writes it: bare file names in ``plainTextPath``, the files in
    ``sources/``, a source without a name, and one text only on its author's disk."""
    paths = [
        f"{SOURCES[0]}.txt",  # bare name, as QualCoder writes it
        f"sources/{SOURCES[1]}.txt",  # a plain relative path inside the archive
        f"internal://{SOURCES[2]}.txt",  # the standard's own form
        "relative:///Wawancara%20kepala%20desa.txt",  # external, but packed with the project
        "absolute:///C:/Users/peneliti/Documents/catatan-lapangan.txt",  # external, not packed
    ]
    names = ["Wawancara 1", "", "Wawancara 3", "Wawancara 4", "Catatan"]
    sources = "".join(
        f'<TextSource guid="{guid}" name="{name}" plainTextPath="{path}" '
        f'creatingUser="{CODE}" creationDateTime="2024-01-02T03:04:05Z">'
        f"{_selection(number, 5, 13)}{_selection(number + 10, 22, 29)}</TextSource>"
        for number, (guid, name, path) in enumerate(zip(SOURCES, names, paths, strict=True))
    )
    document = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="penelitian" origin="QualCoder 3.5" '
        'creationDateTime="2024-01-02T03:04:05Z">'
        f'<Users><User guid="{CODE[:-1]}c" name="default"/></Users>'
        f'<CodeBook><Codes><Code guid="{CODE}" name="Perencanaan" isCodable="true" '
        'color="#F5A9A9"/></Codes></CodeBook>'
        f"<Sources>{sources}</Sources></Project>"
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", document)
        for guid in SOURCES[:3]:
            archive.writestr(f"sources/{guid}.txt", TEXT)
        archive.writestr("sources/Wawancara kepala desa.txt", TEXT)
    return buffer.getvalue()


def test_a_qualcoder_project_keeps_its_sources_selections_and_codings() -> None:
    result = import_qdpx(qualcoder_project())
    project = result.project
    assert len(project.sources) == 4
    assert len(project.selections) == 8
    assert all(s.codings == (CODE,) for s in project.selections)
    texts = {s.guid: s.text for s in project.sources}
    assert sorted(texts[s.source_guid][s.start : s.end] for s in project.selections) == 4 * [
        "bersama"
    ] + 4 * ["menyusun"]
    dropped = result.report.dropped
    assert [e.code for e in dropped] == ["source_external", "selection_on_dropped_source"]
    assert "C:/Users/peneliti" in dropped[0].english
    assert "is not included in it" in dropped[0].english


def test_an_unnamed_source_gets_a_title() -> None:
    result = import_qdpx(qualcoder_project())
    titles = [s.name for s in result.project.sources]
    assert titles == ["Wawancara 1", "Sumber tanpa nama 1", "Wawancara 3", "Wawancara 4"]
    (entry,) = result.report.entries_for("source_unnamed")
    assert entry.english == "An unnamed source was given the title 'Sumber tanpa nama 1'"


@pytest.mark.parametrize(
    ("path", "inside", "external"),
    [
        ("internal://a.txt", "a.txt", False),
        ("INTERNAL://a.txt", "a.txt", False),
        ("a.txt", "a.txt", False),
        ("sources/a.txt", "sources/a.txt", False),
        ("sources\\a.txt", "sources/a.txt", False),
        ("relative:///AR/John.txt", "AR/John.txt", True),
        ("absolute:///C:/PROJECT/John.txt", "C:/PROJECT/John.txt", True),
        ("file:///home/p/John.txt", "home/p/John.txt", True),
        ("C:\\PROJECT\\John.txt", "C:/PROJECT/John.txt", True),
        ("/home/p/John.txt", "home/p/John.txt", True),
        ("https://example.org/John.txt", "", True),
    ],
)
def test_every_form_of_path_is_read(path: str, inside: str, external: bool) -> None:
    assert archive_path(path) == (inside, external)
