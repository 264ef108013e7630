"""Sources: text read from each kind of file, bad files refused with a clear message and
nothing half-saved, typed text normalised, the original kept and served to the team only."""

import codecs
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from semanggi.evidence.extract import ExtractionError, extract, normalise
from semanggi.evidence.models import Source, SourceKind
from semanggi.evidence.tests.factories import (
    blank_pdf_bytes,
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
)
from semanggi.testing.world import World

LIMIT = 1_000_000


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        (
            "catatan.txt",
            b"Baris satu\r\nBaris dua\rtiga\n",
            "Baris satu\nBaris dua\ntiga\n",
        ),
        ("bom.txt", codecs.BOM_UTF8 + "Ibu 👩🏽 berkata\n".encode(), "Ibu 👩🏽 berkata\n"),
        ("catatan.md", "# Judul\n\n*tebal* Café\n".encode(), "# Judul\n\n*tebal* Café\n"),
        (
            "berita.html",
            b"<html><head><title>t</title><style>p{}</style><script>alert('x')</script></head>"
            b"<body><h1>Puskesmas baru</h1><p>Dibangun  bank&nbsp;X.<br>Diresmikan.</p>"
            b"<!-- komentar --><ul><li>satu</li><li>dua</li></ul></body></html>",
            "Puskesmas baru\n\nDibangun bank\xa0X.\nDiresmikan.\n\nsatu\ndua\n",
        ),
        ("pks.docx", docx_bytes(["PERJANJIAN", "Pasal 1 & 2 <para pihak>"]), None),
        ("laporan.pdf", pdf_bytes(["Laporan kemajuan", "Gedung (baru) selesai"]), None),
    ],
)
def test_each_kind_of_file_gives_its_text(name: str, data: bytes, text: str | None) -> None:
    extracted = extract(name, data, max_bytes=LIMIT)
    if text is not None:
        assert extracted.text == text
    assert "\r" not in extracted.text and not extracted.text.startswith("\ufeff")
    if name.endswith(".docx"):
        assert extracted.text == "PERJANJIAN\nPasal 1 & 2 <para pihak>\n"
    if name.endswith(".pdf"):
        assert "Laporan kemajuan" in extracted.text and "Gedung (baru) selesai" in extracted.text


def test_normalising_keeps_everything_but_the_bom_and_line_ends() -> None:
    raw = "\ufeffA\r\nB\rC\u0065\u0301 \t  D\n"
    assert normalise(raw) == "A\nB\nC\u0065\u0301 \t  D\n"  # no NFC, no trimming


def _zip_with(entries: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BAD_FILES = [
    ("kosong.txt", b"", "empty"),
    ("besar.txt", b"a" * (LIMIT + 1), "too large"),
    ("program.exe", b"MZ\x90\x00", "not accepted"),
    ("gambar.png", b"\x89PNG\r\n\x1a\n", "not accepted"),
    ("latin.txt", "Café".encode("cp1252"), "not UTF-8"),
    ("utf16.txt", "Halo".encode("utf-16"), "UTF-16"),
    ("biner.txt", b"abc\x00def", "not a text file"),
    ("rusak.docx", b"PK\x03\x04 bukan zip", "corrupt"),
    ("bukan-word.docx", _zip_with({"isi.txt": b"halo"}), "not a Word document"),
    (
        "entitas.docx",
        _zip_with({"word/document.xml": b'<!DOCTYPE x [<!ENTITY a "b">]><x/>'}),
        "DOCTYPE",
    ),
    ("terkunci.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "encrypted"),
    ("rahasia.pdf", encrypted_pdf_bytes(["rahasia"]), "encrypted"),
    ("pindaian.pdf", blank_pdf_bytes(), "no text layer"),
    ("rusak.pdf", b"%PDF-1.4\n1 0 obj garbage", "corrupt"),
    ("palsu.pdf", b"GIF89a", "does not match"),
    ("kosong.docx", docx_bytes([""]), "holds no text"),
]


@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_a_bad_file_is_refused_in_both_languages(name: str, data: bytes, words: str) -> None:
    with pytest.raises(ExtractionError) as refused:
        extract(name, data, max_bytes=LIMIT)
    assert words in refused.value.message.en
    assert refused.value.message.id and refused.value.message.id != refused.value.message.en


def test_a_zip_bomb_in_a_docx_is_refused_before_it_is_read() -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (300 * 1024 * 1024))
    with pytest.raises(ExtractionError, match="zip bomb"):
        extract("bom.docx", buffer.getvalue(), max_bytes=LIMIT)


# --- Through the page -----------------------------------------------------------------------


def _media_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_a_bad_upload_saves_nothing(
    client: Client, world: World, settings: Any, name: str, data: bytes, words: str
) -> None:
    settings.MAX_UPLOAD_BYTES = LIMIT
    client.force_login(world.eva)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        f"/studies/{world.study.pk}/sources/new/",
        {"kind": SourceKind.DOCUMENT, "title": "Berkas", "upload": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Source.objects.exists()
    assert _media_files(settings) == []


@pytest.mark.django_db
def test_an_upload_over_the_limit_is_refused_before_reading(
    client: Client, world: World, settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 100
    client.force_login(world.eva)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        f"/studies/{world.study.pk}/sources/new/",
        {"kind": "document", "title": "Besar", "upload": SimpleUploadedFile("a.txt", b"x" * 101)},
    )
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_an_uploaded_pdf_becomes_a_source_with_its_original(
    client: Client, world: World, settings: Any
) -> None:
    client.force_login(world.eva)
    data = pdf_bytes(["Laporan kemajuan pembangunan"])
    response = client.post(
        f"/studies/{world.study.pk}/sources/new/",
        {
            "kind": "document",
            "document_type": "report",
            "title": "Laporan",
            "upload": SimpleUploadedFile("laporan kemajuan.pdf", data),
        },
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/studies/{world.study.pk}/sources/{source.pk}/"
    assert "Laporan kemajuan pembangunan" in source.text
    assert source.text_length == len(source.text)
    assert source.original_name == "laporan kemajuan.pdf"
    assert len(_media_files(settings)) == 1

    original = client.get(f"/studies/{world.study.pk}/sources/{source.pk}/original/")
    assert original.status_code == 200
    assert original["Content-Disposition"].startswith("attachment")
    assert original["Content-Type"] == "application/octet-stream"
    assert b"".join(original.streaming_content) == data

    client.force_login(world.charlie)
    assert client.get(f"/studies/{world.study.pk}/sources/{source.pk}/original/").status_code == 404


@pytest.mark.django_db
def test_typed_text_is_kept_with_lf_line_ends_and_its_length_in_code_points(
    client: Client, world: World
) -> None:
    client.force_login(world.eva)
    text = "P: Apa kabar? 👋\r\nJ: Baik.\r\n"
    response = client.post(
        f"/studies/{world.study.pk}/sources/new/",
        {"kind": "interview", "title": "Wawancara", "text": text, "collected_on": "2025-03-12"},
    )
    assert response.status_code == 302
    source = Source.objects.get()
    assert source.text == "P: Apa kabar? 👋\nJ: Baik.\n"
    assert source.text_length == 25
    assert str(source.collected_on) == "2025-03-12"


@pytest.mark.django_db
def test_text_or_file_but_not_both_nor_neither(client: Client, world: World) -> None:
    client.force_login(world.eva)
    url = f"/studies/{world.study.pk}/sources/new/"
    neither = client.post(url, {"kind": "interview", "title": "Kosong"})
    both = client.post(
        url,
        {
            "kind": "interview",
            "title": "Dua",
            "text": "teks",
            "upload": SimpleUploadedFile("a.txt", b"teks"),
        },
    )
    assert neither.status_code == both.status_code == 400
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_the_text_of_a_source_cannot_be_edited(client: Client, world: World) -> None:
    client.force_login(world.eva)
    client.post(
        f"/studies/{world.study.pk}/sources/new/",
        {"kind": "observation", "title": "Pengamatan", "text": "Gedung baru.\n"},
    )
    source = Source.objects.get()
    response = client.post(
        f"/studies/{world.study.pk}/sources/{source.pk}/edit/",
        {"kind": "observation", "title": "Pengamatan gedung", "text": "Diganti", "place": "RW 3"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.title, source.place, source.text) == (
        "Pengamatan gedung",
        "RW 3",
        "Gedung baru.\n",
    )


@pytest.mark.django_db
def test_an_upload_through_the_api_is_kept_in_history_without_reading_its_text_back(
    world: World,
) -> None:
    """One history row by the uploader with every kept field, written without reading the
    text back from the database; the study is read once, without its team, partnerships or
    the reader's whole access profile; a new source without informants reads none."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from semanggi.access.services import api_token_create

    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=world.eva, name='t')}")
    client.post(f"/api/studies/{world.study.pk}/sources", {"kind": "document", "title": "a"})
    page = b"<html><body><p>Puskesmas baru dibangun.</p><p>Antrean rapi.</p></body></html>"
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            f"/api/studies/{world.study.pk}/sources",
            {
                "kind": "document",
                "title": "Berita",
                "upload": SimpleUploadedFile("berita.html", page, content_type="text/html"),
            },
        )
    assert response.status_code == 201, response.content
    assert response.json()["informant_ids"] == []
    source = Source.objects.get(pk=response.json()["id"])
    assert source.text == "Puskesmas baru dibangun.\n\nAntrean rapi.\n"
    [record] = source.history.all()
    assert (record.history_type, record.history_user) == ("+", world.eva)
    for field in ("title", "kind", "text_length", "original", "original_name", "guid", "version"):
        assert getattr(record, field) == getattr(source, field), field
    sql = [q["sql"] for q in captured.captured_queries]
    text = f"{connection.ops.quote_name('evidence_source')}.{connection.ops.quote_name('text')}"
    assert not [q for q in sql if q.lstrip().upper().startswith("SELECT") and text in q]
    joined = " ".join(sql)
    assert "access_coordinatorscope" not in joined and "evidence_study_partnerships" not in joined
    assert "evidence_source_informants" not in joined
    assert len([q for q in sql if q.lstrip().upper().startswith("SELECT")]) == 2  # token, study


@pytest.mark.django_db
def test_adding_a_source_to_a_study_one_may_not_see_is_not_found(world: World) -> None:
    from semanggi.access.services import api_token_create

    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=world.charlie, name='t')}")
    body = {"kind": "document", "title": "a", "text": "Teks."}
    assert client.post(f"/api/studies/{world.study.pk}/sources", body).status_code == 404
    assert client.post("/api/studies/999999/sources", body).status_code == 404
    admin = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=world.alice, name='a')}")
    assert admin.post("/api/studies/999999/sources", body).status_code == 404
    assert not Source.objects.filter(title="a").exists()
