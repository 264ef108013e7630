"""What a REFI-QDA import saves is what the file holds, counted once, and every refusal says
why in plain Indonesian and English."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from semanggi.evidence.exchange import study_import_qdpx
from semanggi.evidence.models import Code, Segment, Study
from semanggi.evidence.services import ServiceError
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

CODES = ("6a1b7f0e-2c4d-4e8f-9a0b-1c2d3e4f5a61", "6a1b7f0e-2c4d-4e8f-9a0b-1c2d3e4f5a62")
SOURCE = "0b7e3f0a-1111-4c2d-8e9f-000000000001"
BLANK = "0b7e3f0a-1111-4c2d-8e9f-000000000002"


def _selection(number: int, start: int, end: int, code: str) -> str:
    return (
        f'<PlainTextSelection guid="5e1ec710-0000-4000-8000-{number:012d}" '
        f'startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="c0d10000-0000-4000-8000-{number:012d}"><CodeRef targetGUID="{code}"/>'
        "</Coding></PlainTextSelection>"
    )


def qdpx(sources: str, files: dict[str, str], *, codes: bool = True) -> bytes:
    codebook = (
        "<CodeBook><Codes>"
        + "".join(f'<Code guid="{c}" name="K{n}" isCodable="true"/>' for n, c in enumerate(CODES))
        + "</Codes></CodeBook>"
        if codes
        else ""
    )
    document = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
        f'name="Uji">{codebook}<Sources>{sources}</Sources></Project>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", document)
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def source(guid: str, name: str, selections: str = "") -> str:
    return (
        f'<TextSource guid="{guid}" name="{name}" plainTextPath="internal://{guid}.txt">'
        f"{selections}</TextSource>"
    )


def test_identical_spans_become_one_segment_with_both_codes(world: World) -> None:
    selections = (
        _selection(1, 0, 4, CODES[0])
        + _selection(2, 0, 4, CODES[1])
        + _selection(3, 0, 4, CODES[0])
    )
    data = qdpx(source(SOURCE, "Wawancara", selections), {f"sources/{SOURCE}.txt": "Halo semua"})
    outcome = study_import_qdpx(lead=world.eva, data=data)
    (segment,) = Segment.objects.filter(source__study=outcome.study)
    assert sorted(segment.codes.values_list("name", flat=True)) == ["K0", "K1"]
    assert outcome.report.counts.selections == 1
    assert outcome.report.counts.codings == 2
    assert "Imported: 2 codes, 1 source, 1 selection, 2 codings" in outcome.report.lines()[0]
    (merged,) = outcome.report.entries_for("selection_same_span")
    assert merged.english.startswith("2 selection(s) covering exactly the same span")


def test_empty_selections_are_not_counted(world: World) -> None:
    selections = _selection(1, 0, 4, CODES[0]) + _selection(2, 3, 3, CODES[0])
    data = qdpx(source(SOURCE, "Wawancara", selections), {f"sources/{SOURCE}.txt": "Halo semua"})
    outcome = study_import_qdpx(lead=world.eva, data=data)
    assert outcome.report.counts.selections == 1
    assert Segment.objects.filter(source__study=outcome.study).count() == 1


def test_a_file_with_nothing_importable_creates_no_study_and_says_why(world: World) -> None:
    data = qdpx(
        '<PictureSource guid="0b7e3f0a-1111-4c2d-8e9f-000000000009" name="Foto" '
        'path="internal://x.png"/>',
        {},
        codes=False,
    )
    before = Study.objects.count()
    with pytest.raises(ServiceError) as refused:
        study_import_qdpx(lead=world.eva, data=data)
    assert Study.objects.count() == before
    message = refused.value.message
    assert message.en.startswith("Nothing in this file can be imported")
    assert "Picture source 'Foto' dropped: Semanggi imports text sources only" in message.en
    assert message.id.startswith("Tidak ada yang dapat diimpor")
    assert "Sumber gambar 'Foto' dibuang" in message.id


def test_a_source_of_whitespace_only_is_imported_with_a_warning(world: World) -> None:
    data = qdpx(
        source(SOURCE, "Wawancara") + source(BLANK, "Kosong"),
        {f"sources/{SOURCE}.txt": "Halo semua", f"sources/{BLANK}.txt": " \n\t\n "},
    )
    outcome = study_import_qdpx(lead=world.eva, data=data)
    (warning,) = outcome.report.entries_for("source_blank")
    assert warning.subject == "Kosong"
    assert "hold only spaces or empty lines" in warning.english
    assert "hanya berisi spasi" in warning.indonesian


def test_a_damaged_file_gets_a_plain_message_in_both_languages(
    english: Client, world: World
) -> None:
    for browser, words, technical in (
        (english, "This QDPX file is corrupt and cannot be opened.", "File is not a zip file"),
        (Client(), "Berkas QDPX ini rusak dan tidak dapat dibuka.", "File is not a zip file"),
    ):
        browser.force_login(world.eva)
        response = browser.post(
            "/studies/import/", {"file": SimpleUploadedFile("x.qdpx", b"PK\x03\x04 broken")}
        )
        text = response.content.decode()
        assert response.status_code == 400
        assert words in text and technical not in text


def test_an_archive_that_opens_but_is_not_a_project_says_so_plainly(world: World) -> None:
    with pytest.raises(ServiceError) as refused:
        study_import_qdpx(lead=world.eva, data=b"PK\x03\x04 broken")
    assert refused.value.message.en.startswith("This file is not an intact REFI-QDA project")
    assert "zip file" not in refused.value.message.en


def test_a_broken_project_document_names_the_line_not_the_parser(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", "<Project>\n<Sources>\n</Project>")
    with pytest.raises(ServiceError) as refused:
        study_import_qdpx(lead=world.eva, data=buffer.getvalue())
    assert "is damaged: its content is not complete XML (line 3)" in refused.value.message.en
    assert "Opening and ending tag mismatch" not in refused.value.message.en
    assert "(baris 3)" in refused.value.message.id


def test_an_empty_codebook_gets_a_bilingual_page_with_the_form(
    english: Client, world: World
) -> None:
    url = f"/studies/{world.study.pk}/codes/import/"
    for browser, words in ((english, "Import a codebook"), (Client(), "Impor buku kode")):
        browser.force_login(world.eva)
        response = browser.post(url, {"file": SimpleUploadedFile("kode.qdc", b"")})
        text = response.content.decode()
        assert response.status_code == 400
        assert words in text
        assert 'type="file"' in text and 'role="alert"' in text
    assert not Code.objects.filter(study=world.study).exists()


def test_the_codebook_import_checks_the_extension(english: Client, world: World) -> None:
    english.force_login(world.eva)
    codebook = b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'
    response = english.post(
        f"/studies/{world.study.pk}/codes/import/",
        {"file": SimpleUploadedFile("kode.pdf", codebook)},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "This kind of file is not accepted here (kode.pdf). Use QDC." in text
