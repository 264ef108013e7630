"""Export → import → export gives back the same project and the same bytes."""

import io

import pytest

from semanggi.refiqda.export import codebook_xml, export_qdc, export_qdpx, project_xml
from semanggi.refiqda.import_ import import_qdc, import_qdpx
from semanggi.refiqda.model import Codebook, Project, Set
from semanggi.refiqda.report import Action
from semanggi.refiqda.tests import SAMPLES, projects
from semanggi.refiqda.tests.projects import founding_project


def qdpx_bytes(project: Project) -> bytes:
    buffer = io.BytesIO()
    export_qdpx(project, buffer)
    return buffer.getvalue()


def test_a_semanggi_project_survives_the_round_trip() -> None:
    project = founding_project()
    first = qdpx_bytes(project)
    result = import_qdpx(first)
    assert result.project == project
    assert qdpx_bytes(result.project) == first
    # Nothing was lost or changed on the way.
    assert result.report.dropped == ()
    assert result.report.with_action(Action.CHANGED) == ()


def test_the_round_trip_keeps_every_selected_text() -> None:
    project = founding_project()
    again = import_qdpx(qdpx_bytes(project)).project
    texts = {s.guid: s.text for s in project.sources}
    for before, after in zip(project.selections, again.selections, strict=True):
        assert (
            texts[after.source_guid][after.start : after.end]
            == (texts[before.source_guid][before.start : before.end])
        )


@pytest.mark.parametrize(
    "sample",
    [
        "nvivo-like_partnership-comments.qdpx",
        "atlasti8.4-mac_standard-project.qdpx",
        "maxqda-like_partnership-reports.qdpx",
    ],
)
def test_an_imported_project_survives_the_round_trip(sample: str) -> None:
    imported = import_qdpx(SAMPLES / sample).project
    first = qdpx_bytes(imported)
    again = import_qdpx(first).project
    assert again == imported
    assert project_xml(again) == project_xml(imported)
    assert qdpx_bytes(again) == first


def test_a_codebook_survives_the_round_trip() -> None:
    codebook = Codebook(
        codes=founding_project().codes,
        sets=(Set(projects.FINDING_SET, "K2", member_codes=(projects.JOINT_PLANNING,)),),
        origin="Semanggi 0.1.0",
    )
    buffer = io.BytesIO()
    export_qdc(codebook.codes, buffer, sets=codebook.sets, origin=codebook.origin)
    result = import_qdc(buffer.getvalue())
    assert result.codebook == codebook
    assert codebook_xml(result.codebook) == buffer.getvalue()
    assert result.report.entries == ()


def test_an_imported_codebook_survives_the_round_trip() -> None:
    imported = import_qdc(SAMPLES / "taguette-like_codebook.qdc").codebook
    document = codebook_xml(imported)
    again = import_qdc(document)
    assert again.codebook == imported
    assert codebook_xml(again.codebook) == document
    assert again.report.entries == ()
