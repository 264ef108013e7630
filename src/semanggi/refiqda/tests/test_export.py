"""Exports validate against the official schemas and are the same bytes every time."""

import hashlib
import io
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from semanggi.refiqda.errors import ExportError
from semanggi.refiqda.export import codebook_xml, export_qdc, export_qdpx, project_xml
from semanggi.refiqda.model import (
    Case,
    Code,
    Codebook,
    Link,
    Note,
    PlainTextSelection,
    Project,
    Set,
    TextSource,
    Variable,
    VariableType,
    VariableValue,
)
from semanggi.refiqda.tests import projects
from semanggi.refiqda.tests.projects import founding_project
from semanggi.refiqda.validation import (
    CODEBOOK_XSD,
    PROJECT_XSD,
    validate_codebook_xml,
    validate_project_xml,
)


def qdpx_bytes(project: Project) -> bytes:
    buffer = io.BytesIO()
    export_qdpx(project, buffer)
    return buffer.getvalue()


def test_shipped_schemas_are_the_official_ones() -> None:
    # The checksums of the upstream files, as recorded in schemas/README.md.
    readme = (PROJECT_XSD.parent / "README.md").read_text()
    for schema in (PROJECT_XSD, CODEBOOK_XSD):
        digest = hashlib.sha256(schema.read_bytes()).hexdigest()
        assert f"`{schema.name}` | `docs/schemas/" in readme
        assert digest in readme
    assert digest == "bc4706a6fdb736cc3248de1753366f2b1f5b13e6828d319cea2874deb7e61b52"


def test_project_export_validates_against_project_xsd() -> None:
    document = project_xml(founding_project())
    assert validate_project_xml(document) == []


def test_codebook_export_validates_against_codebook_xsd() -> None:
    project = founding_project()
    buffer = io.BytesIO()
    export_qdc(project.codes, buffer, sets=project.sets, origin="Semanggi 0.1.0")
    assert validate_codebook_xml(buffer.getvalue()) == []
    assert validate_codebook_xml(buffer.getvalue(), CODEBOOK_XSD) == []
    # A codebook's set keeps its codes only, under the codebook schema's own attribute name.
    assert b'<MemberCode guid="' in buffer.getvalue()
    assert b"MemberSource" not in buffer.getvalue()


def test_codebook_written_to_a_path(tmp_path: Path) -> None:
    target = tmp_path / "codebook.qdc"
    export_qdc(founding_project().codes, target)
    assert validate_codebook_xml(target.read_bytes()) == []


@pytest.mark.parametrize(
    "project",
    [
        Project(name="kosong"),
        Project(name="hanya kode", codes=(Code(projects.K3, "K3"),)),
        Project(name="", sets=(Set(projects.FINDING_SET, "tanpa anggota"),)),
    ],
)
def test_no_empty_container_is_ever_written(project: Project) -> None:
    document = project_xml(project)
    assert validate_project_xml(document) == []
    for container in (b"<Sets/>", b"<Users/>", b"<Sources/>", b"<Notes/>", b"<Links/>"):
        assert container not in document


def test_an_empty_codebook_cannot_be_exported() -> None:
    with pytest.raises(ExportError, match="empty codebook"):
        codebook_xml(Codebook(codes=()))
    document = codebook_xml(Codebook(codes=(Code(projects.K3, "K3"),)))
    assert b"<Sets" not in document
    assert validate_codebook_xml(document) == []


def test_export_is_deterministic() -> None:
    assert qdpx_bytes(founding_project()) == qdpx_bytes(founding_project())


def test_selection_order_does_not_change_the_output() -> None:
    project = founding_project()
    shuffled = replace(project, selections=tuple(reversed(project.selections)))
    assert project_xml(shuffled) == project_xml(project)


def test_archive_holds_the_project_and_one_utf8_text_per_source() -> None:
    archive = zipfile.ZipFile(io.BytesIO(qdpx_bytes(founding_project())))
    names = archive.namelist()
    assert names == [
        "project.qde",
        f"sources/{projects.INTERVIEW_SARI}.txt",
        f"sources/{projects.MOU}.txt",
        f"sources/{projects.OBSERVATION}.txt",
    ]
    text = archive.read(f"sources/{projects.INTERVIEW_SARI}.txt")
    assert not text.startswith(b"\xef\xbb\xbf")
    assert text.decode("utf-8") == projects.INTERVIEW_TEXT


def test_guids_are_written_in_canonical_form() -> None:
    upper = "{" + projects.K3.upper() + "}"
    document = project_xml(Project(name="x", codes=(Code(upper, "K3"),)))
    assert f'guid="{projects.K3}"'.encode() in document


def test_dates_are_iso_in_utc() -> None:
    document = project_xml(founding_project())
    assert b'creationDateTime="2025-03-04T05:06:07Z"' in document


def test_positions_are_code_points_of_the_text() -> None:
    project = founding_project()
    selection = next(s for s in project.selections if s.guid == projects.SELECTION_EMOJI)
    document = project_xml(project).decode()
    assert f'startPosition="{selection.start}" endPosition="{selection.end}"' in document
    assert projects.INTERVIEW_TEXT[selection.start : selection.end].endswith("J: Dinkes")


def test_notes_are_referred_to_from_what_they_comment_on() -> None:
    document = project_xml(founding_project()).decode()
    selection = document.index(f'<PlainTextSelection guid="{projects.SELECTION_PLAN}"')
    assert document.index(f'<NoteRef targetGUID="{projects.MEMO}"/>') > selection


def test_characters_xml_cannot_carry_are_left_out() -> None:
    document = project_xml(Project(name="tab\tand\x0bvertical tab"))
    assert b'name="tab&#9;andvertical tab"' in document


BAD_PROJECTS = {
    "naive date": replace(founding_project(), created=datetime(2025, 1, 1)),
    "selection outside the text": replace(
        founding_project(),
        selections=(PlainTextSelection(projects.SELECTION_MOU, projects.MOU, 0, 10_000),),
    ),
    "selection on a missing source": replace(
        founding_project(),
        selections=(PlainTextSelection(projects.SELECTION_MOU, projects.ANA, 0, 1),),
    ),
    "duplicate GUID": replace(
        founding_project(), users=(), codes=(Code(projects.MOU, "same GUID as a source"),)
    ),
    "bad colour": Project(name="x", codes=(Code(projects.K3, "K3", color="red"),)),
    "bad GUID": Project(name="x", codes=(Code("not-a-guid", "K3"),)),
    "value of the wrong type": Project(
        name="x",
        variables=(Variable(projects.AGE, "usia", VariableType.INTEGER),),
        cases=(Case(projects.SARI, "A", values=(VariableValue(projects.AGE, "empat puluh"),)),),
    ),
    "value of an unknown variable": Project(
        name="x", cases=(Case(projects.SARI, "A", values=(VariableValue(projects.AGE, 47),)),)
    ),
    "note on a case": Project(
        name="x",
        cases=(Case(projects.SARI, "A"),),
        notes=(Note(projects.MEMO, "m", "t", targets=(projects.SARI,)),),
    ),
    "coding of an unknown code": replace(
        founding_project(),
        selections=(
            PlainTextSelection(projects.SELECTION_MOU, projects.MOU, 0, 4, codings=(projects.ANA,)),
        ),
    ),
    "set member that is not there": replace(
        founding_project(), sets=(Set(projects.FINDING_SET, "s", member_notes=(projects.ANA,)),)
    ),
    "link to nothing": replace(
        founding_project(),
        links=(Link(projects.REFERRAL, projects.SARI, projects.FINDING_SET[:-1] + "9"),),
    ),
    "source text with a bad GUID": Project(name="x", sources=(TextSource("{nope}", "s", "teks"),)),
}


@pytest.mark.parametrize("project", BAD_PROJECTS.values(), ids=BAD_PROJECTS.keys())
def test_what_cannot_be_written_validly_is_refused_bilingually(project: Project) -> None:
    with pytest.raises(ExportError) as raised:
        project_xml(project)
    assert raised.value.indonesian and raised.value.english
    assert str(raised.value) == f"{raised.value.indonesian} / {raised.value.english}"
