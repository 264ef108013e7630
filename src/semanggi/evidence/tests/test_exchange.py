"""Exchange through REFI-QDA: the export validates against Project.xsd / Codebook.xsd, export
→ import → export gives the same bytes, exports shaped as other tools write them import with a
report, and a file that cannot be read saves nothing."""

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from semanggi.access.models import AccessRequest
from semanggi.access.services import access_request_decide
from semanggi.evidence.exchange import (
    codebook_import_qdc,
    study_import_qdpx,
    study_project,
    study_qdc,
    study_qdpx,
)
from semanggi.evidence.models import Code, Finding, Informant, Memo, Segment, Source, Study
from semanggi.evidence.services import ServiceError
from semanggi.evidence.tests.factories import filled_study
from semanggi.refiqda import validate_codebook_xml, validate_project_xml
from semanggi.refiqda.tests import SAMPLES
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world: World) -> dict[str, Any]:
    return filled_study(world.study, world.eva)


def _document(qdpx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(qdpx)) as archive:
        return archive.read("project.qde")


def test_the_export_validates_against_the_schema(world: World, data: dict[str, Any]) -> None:
    qdpx = study_qdpx(study=world.study)
    assert validate_project_xml(_document(qdpx)) == []
    with zipfile.ZipFile(io.BytesIO(qdpx)) as archive:
        names = sorted(archive.namelist())
    assert names[0] == "project.qde"
    assert len(names) == 1 + Source.objects.count()


def test_the_export_carries_the_method(world: World, data: dict[str, Any]) -> None:
    project = study_project(study=world.study)
    cases = {c.name: c for c in project.cases}
    assert set(cases) == {"INF-01 (staf Dinkes)", "INF-02 (staf bank)", "INF-03 (pasien)"}
    budi = cases["INF-02 (staf bank)"]
    assert [
        (link.origin, link.target) for link in project.links if link.name.startswith("merujuk")
    ] == [(str(data["sari"].guid), str(budi.guid))]
    selection = next(s for s in project.selections if s.guid == str(data["emoji"].guid))
    text = next(s.text for s in project.sources if s.guid == selection.source_guid)
    assert text[selection.start : selection.end] == "rapat di Bappeda. 👍"
    finding = next(n for n in project.notes if n.guid == str(data["finding"].guid))
    assert finding.description.startswith("semanggi:finding ")
    assert set(finding.targets) == {str(data[k].guid) for k in ("plan", "plan_bank", "mou")}
    assert any(s.description == "semanggi:source-kind observation" for s in project.sets)
    assert any(s.description.startswith("semanggi:finding-evidence") for s in project.sets)


def test_export_import_export_gives_the_same_bytes(world: World, data: dict[str, Any]) -> None:
    first = study_qdpx(study=world.study)
    outcome = study_import_qdpx(
        lead=world.eva,
        data=first,
        title=world.study.title,
        partnerships=list(world.study.partnerships.all()),
    )
    assert outcome.study is not None and outcome.study.pk != world.study.pk
    assert outcome.report.dropped == ()
    # The copy asked for the partnership; once its accountable side grants it, the copy
    # exports as the original did.
    [asked] = AccessRequest.objects.filter(study=outcome.study)
    access_request_decide(access_request=asked, actor=world.alice, grant=True)
    again = study_qdpx(study=outcome.study)
    assert again == first
    copy = outcome.study
    assert copy.informants.get(code="INF-02").referred_by.code == "INF-01"
    assert Finding.objects.get(study=copy).supporting.count() == 3
    assert Memo.objects.filter(study=copy, informant__code="INF-02").count() == 1
    assert Code.objects.filter(study=copy, function="planning").count() == 1


def test_the_qdpx_never_holds_real_names(world: World, data: dict[str, Any]) -> None:
    qdpx = study_qdpx(study=world.study)
    with zipfile.ZipFile(io.BytesIO(qdpx)) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist())
    for secret in ("Sari Wulandari", "0812-555-0101", "Budi Santoso", "budi@example.org"):
        assert secret.encode() not in everything


def test_material_of_withdrawn_informants_is_not_exported(
    world: World, data: dict[str, Any]
) -> None:
    data["tini"].consent_withdrawn_on = date(2025, 4, 1)
    data["tini"].save()
    project = study_project(study=world.study)
    assert str(data["observation"].guid) not in {s.guid for s in project.sources}
    tini = next(c for c in project.cases if c.guid == str(data["tini"].guid))
    assert tini.source_refs == ()
    assert validate_project_xml(_document(study_qdpx(study=world.study))) == []


def test_the_codebook_exports_and_imports_with_its_links(
    world: World, data: dict[str, Any]
) -> None:
    qdc = study_qdc(study=world.study)
    assert validate_codebook_xml(qdc) == []
    other = Study.objects.create(title="Studi lain", lead=world.eva)
    other.partnerships.add(world.jakarta_pilot)
    report = codebook_import_qdc(study=other, data=qdc)
    assert report.dropped == ()
    assert (
        Code.objects.filter(study=other).count() == Code.objects.filter(study=world.study).count()
    )
    assert Code.objects.get(study=other, function="planning").name == "Perencanaan (P)"
    assert Code.objects.filter(study=other, indicator="K2", direction=-1, codable=True).exists()
    assert Code.objects.filter(study=other, party__isnull=False).count() == 1
    # Importing it again adds nothing: the codes are there.
    again = codebook_import_qdc(study=other, data=qdc)
    assert (
        Code.objects.filter(study=other).count() == Code.objects.filter(study=world.study).count()
    )
    assert again.entries_for("code_present")


@pytest.mark.parametrize(
    ("sample", "sources", "codes"),
    [
        ("nvivo-like_partnership-comments.qdpx", 1, 14),
        ("atlasti8.4-mac_standard-project.qdpx", None, None),
        ("maxqda-like_partnership-reports.qdpx", 6, 14),
    ],
)
def test_tool_exports_import_into_a_new_study_with_a_report(
    world: World, sample: str, sources: int | None, codes: int | None
) -> None:
    outcome = study_import_qdpx(lead=world.eva, data=(SAMPLES / sample).read_bytes())
    study = outcome.study
    assert study is not None and study.lead == world.eva
    if sources is not None:
        assert Source.objects.filter(study=study).count() == sources
        assert Code.objects.filter(study=study).count() == codes
    assert outcome.report.lines()[0].startswith("Diimpor:")
    for segment in Segment.objects.filter(source__study=study).select_related("source")[:50]:
        assert 0 <= segment.start < segment.end <= segment.source.text_length
    # What Semanggi leaves out is said, not silently lost.
    if sample.startswith("atlas"):
        assert outcome.report.dropped
        assert {e.code for e in outcome.report.entries} >= {"source_unsupported_kind", "set"}
    assert validate_project_xml(_document(study_qdpx(study=study))) == []


def test_a_taguette_codebook_imports_leniently(world: World) -> None:
    report = codebook_import_qdc(
        study=world.study, data=(SAMPLES / "taguette-like_codebook.qdc").read_bytes()
    )
    assert Code.objects.filter(study=world.study).count() == report.counts.codes > 0
    assert report.entries_for("schema_invalid")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a zip",
        b"PK\x03\x04broken",
    ],
)
def test_an_unreadable_project_saves_nothing(world: World, data: bytes) -> None:
    before = Study.objects.count()
    with pytest.raises(ServiceError):
        study_import_qdpx(lead=world.eva, data=data)
    assert Study.objects.count() == before


def test_an_archive_with_too_many_entries_is_refused(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(2_001):
            archive.writestr(f"sources/{n}.txt", b"x")
        archive.writestr("project.qde", b"<Project/>")
    with pytest.raises(ServiceError, match="too many"):
        study_import_qdpx(lead=world.eva, data=buffer.getvalue())


def test_entities_are_never_expanded(world: World) -> None:
    document = (
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x "boom">]>'
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", document)
    with pytest.raises(ServiceError, match="DOCTYPE"):
        study_import_qdpx(lead=world.eva, data=buffer.getvalue())
    assert not Study.objects.filter(title="boom").exists()


def test_the_import_page_makes_a_new_study_and_shows_the_report(
    english: Client, world: World, data: dict[str, Any]
) -> None:
    english.force_login(world.eva)
    qdpx = study_qdpx(study=world.study)
    page = english.get("/studies/import/")
    assert page.status_code == 200
    response = english.post(
        "/studies/import/",
        {
            "file": SimpleUploadedFile("studi.qdpx", qdpx),
            "title": "Salinan",
            "partnerships": [world.jakarta_pilot.pk],
        },
    )
    # The import is a background job (run in-process here): its page shows the report.
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    text = english.get(response["Location"]).content.decode()
    assert "Import report" in text and "Imported: 50 codes" in text
    assert "Open the result" in text
    copy = Study.objects.get(title="Salinan")
    # eva answers for nothing: the partnership is asked for, not attached.
    assert copy.lead == world.eva and not copy.partnerships.exists()
    assert AccessRequest.objects.get(study=copy).partnership == world.jakarta_pilot
    assert Informant.objects.filter(study=copy).count() == 3

    broken = english.post("/studies/import/", {"file": SimpleUploadedFile("x.qdpx", b"nope")})
    assert broken.status_code == 400
    assert "does not match its .qdpx name" in broken.content.decode()


def test_the_import_cannot_attach_partnerships_the_importer_cannot_see(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    client.force_login(world.charlie)
    response = client.post(
        "/studies/import/",
        {
            "file": SimpleUploadedFile("studi.qdpx", study_qdpx(study=world.study)),
            "partnerships": [world.jakarta_pilot.pk],
        },
    )
    assert response.status_code == 400
    assert not Study.objects.filter(lead=world.charlie).exists()


def test_downloads_are_for_the_team(client: Client, world: World, data: dict[str, Any]) -> None:
    client.force_login(world.eva)
    qdpx = client.get(f"/studies/{world.study.pk}/export.qdpx")
    assert qdpx["Content-Type"] == "application/zip"
    assert validate_project_xml(_document(qdpx.content)) == []
    qdc = client.get(f"/studies/{world.study.pk}/codebook.qdc")
    assert validate_codebook_xml(qdc.content) == []
    client.force_login(world.charlie)
    assert client.get(f"/studies/{world.study.pk}/export.qdpx").status_code == 404
    assert client.get(f"/studies/{world.study.pk}/codebook.qdc").status_code == 404


def test_codes_made_later_keep_their_place_in_the_round_trip(
    world: World, data: dict[str, Any]
) -> None:
    # A child made after other codes: its id is out of the codebook's order.
    late = Code.objects.create(study=world.study, name="Anak terlambat", parent=data["planning"])
    segment = data["plan_bank"]
    segment.codes.add(late)
    first = study_qdpx(study=world.study)
    copy = study_import_qdpx(
        lead=world.eva, data=first, partnerships=list(world.study.partnerships.all())
    ).study
    assert copy is not None
    [asked] = AccessRequest.objects.filter(study=copy)
    access_request_decide(access_request=asked, actor=world.alice, grant=True)
    assert study_qdpx(study=copy) == first


def test_selections_of_the_same_span_import_as_one_segment(
    world: World, data: dict[str, Any]
) -> None:
    """Two tools' users coded one span: the import keeps one segment with the codes of both."""
    import re
    import uuid

    first = study_qdpx(study=world.study)
    document = _document(first).decode()
    selection = re.search(r"<PlainTextSelection .*?</PlainTextSelection>", document, re.S)
    assert selection is not None
    twin = re.sub(r'guid="[^"]+"', f'guid="{uuid.uuid4()}"', selection.group(0), count=1)
    twin = re.sub(r"<Coding guid=\"[^\"]+\"", f'<Coding guid="{uuid.uuid4()}"', twin)
    document = document.replace(selection.group(0), selection.group(0) + twin, 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(first)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            body = document.encode() if item.filename == "project.qde" else source.read(item)
            target.writestr(item, body)
    outcome = study_import_qdpx(lead=world.eva, data=buffer.getvalue(), title="Salinan")
    assert outcome.study is not None
    spans = list(
        Segment.objects.filter(source__study=outcome.study).values_list(
            "source__title", "start", "end"
        )
    )
    assert len(spans) == len(set(spans))
    assert len(spans) == Segment.objects.filter(source__study=world.study).count()
