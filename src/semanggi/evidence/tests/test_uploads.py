"""Several source files at once (service, page and API): each file checked as the single
upload checks it, titles from file names, a history row per source, all saved or none, the
bounds on count and total size, and the same access as adding one source."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from semanggi.access.services import api_token_create
from semanggi.evidence.models import Source, SourceKind
from semanggi.evidence.services import ServiceError
from semanggi.evidence.tests.factories import docx_bytes, pdf_bytes
from semanggi.evidence.uploads import UploadsRefused, source_title, sources_create_many
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def _files() -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile("Wawancara Bu Sari.txt", "P: Siapa? 👋\r\nJ: Kami.\r\n".encode()),
        SimpleUploadedFile("catatan.rapat.md", b"# Rapat\n\nDinkes hadir.\n"),
        SimpleUploadedFile("berita.html", b"<p>Puskesmas <b>baru</b></p>"),
        SimpleUploadedFile("pks.docx", docx_bytes(["PERJANJIAN", "Pasal 1"])),
        SimpleUploadedFile("laporan.pdf", pdf_bytes(["Laporan kemajuan"])),
    ]


def _media_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _api(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='test')}")


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Wawancara 1.txt", "Wawancara 1"),
        ("a.b.docx", "a.b"),
        ("folder/sub/x.pdf", "x"),
        ("C:\\Users\\eva\\y.md", "y"),
        (".txt", ".txt"),
        ("x" * 300 + ".txt", "x" * 250),
    ],
)
def test_a_title_is_the_file_name_without_its_extension(name: str, title: str) -> None:
    assert source_title(name) == title


def test_every_file_becomes_a_source_with_its_history_and_original(
    world: World, settings: Any
) -> None:
    sources = sources_create_many(
        study=world.study,
        actor=world.eva,
        kind=SourceKind.INTERVIEW,
        uploads=_files(),
        place="Desa Semanggi",
        collected_on="2025-03-12",
    )
    assert [s.title for s in sources] == [
        "Wawancara Bu Sari",
        "catatan.rapat",
        "berita",
        "pks",
        "laporan",
    ]
    saved = {s.title: s for s in Source.objects.filter(study=world.study)}
    assert len(saved) == 5
    first = saved["Wawancara Bu Sari"]
    assert first.text == "P: Siapa? 👋\nJ: Kami.\n"
    assert first.text_length == len(first.text)
    assert "Laporan kemajuan" in saved["laporan"].text
    assert all(s.place == "Desa Semanggi" and s.kind == "interview" for s in saved.values())
    assert {s.original_name for s in saved.values()} == {f.name for f in _files()}
    assert all(s.created_by == world.eva for s in saved.values())
    assert len(_media_files(settings)) == 5
    history = Source.history.filter(id__in=[s.pk for s in sources])
    assert sorted(h.id for h in history) == sorted(s.pk for s in sources)
    assert {h.history_type for h in history} == {"+"}
    assert {h.history_user_id for h in history} == {world.eva.pk}


def test_one_bad_file_among_good_ones_saves_nothing_and_is_named(
    world: World, settings: Any
) -> None:
    files = [
        *_files(),
        SimpleUploadedFile("latin.txt", "Café".encode("cp1252")),
        SimpleUploadedFile("program.exe", b"MZ\x90\x00"),
        SimpleUploadedFile("kosong.docx", docx_bytes([""])),
    ]
    with pytest.raises(UploadsRefused) as refused:
        sources_create_many(study=world.study, actor=world.eva, kind="document", uploads=files)
    reasons = dict(refused.value.refused)
    assert list(reasons) == ["latin.txt", "program.exe", "kosong.docx"]
    assert "not UTF-8" in reasons["latin.txt"].en and "UTF-8" in reasons["latin.txt"].id
    assert "not accepted" in reasons["program.exe"].en
    assert reasons["program.exe"].id != reasons["program.exe"].en
    assert "holds no text" in reasons["kosong.docx"].en
    assert "3 of 8" in refused.value.message.en and "3 dari 8" in refused.value.message.id
    assert not Source.objects.exists()
    assert not Source.history.exists()
    assert _media_files(settings) == []


def test_a_failure_while_saving_removes_the_originals_already_stored(
    world: World, settings: Any, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr("semanggi.evidence.uploads.sources_history", broken)
    with pytest.raises(RuntimeError):
        sources_create_many(study=world.study, actor=world.eva, kind="document", uploads=_files())
    assert not Source.objects.exists()
    assert _media_files(settings) == []


def test_texts_over_the_insert_budget_are_written_after(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr("semanggi.evidence.uploads.INLINE_TEXT_BYTES", 30)
    sources = sources_create_many(
        study=world.study, actor=world.eva, kind="document", uploads=_files()[:2]
    )
    assert Source.objects.get(pk=sources[0].pk).text == "P: Siapa? 👋\nJ: Kami.\n"
    assert Source.objects.get(pk=sources[1].pk).text == "# Rapat\n\nDinkes hadir.\n"


def test_too_many_files_or_too_many_bytes_are_refused_clearly(world: World, settings: Any) -> None:
    settings.MAX_BATCH_FILES = 3
    with pytest.raises(ServiceError, match=r"Too many files \(5; at most 3"):
        sources_create_many(study=world.study, actor=world.eva, kind="document", uploads=_files())
    settings.MAX_BATCH_FILES = 100
    settings.MAX_BATCH_BYTES = 2 * 2**20
    big = [SimpleUploadedFile(f"{i}.txt", b"a" * 2**20) for i in range(3)]
    with pytest.raises(ServiceError, match=r"too large together \(3.0 MB; at most 2.0 MB"):
        sources_create_many(study=world.study, actor=world.eva, kind="document", uploads=big)
    with pytest.raises(ServiceError, match="at least one file"):
        sources_create_many(study=world.study, actor=world.eva, kind="document", uploads=[])
    assert not Source.objects.exists()


def test_a_file_over_the_single_limit_is_refused_as_the_single_upload_refuses_it(
    world: World, settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 100
    files = [SimpleUploadedFile("a.txt", b"ok"), SimpleUploadedFile("b.txt", b"x" * 101)]
    with pytest.raises(UploadsRefused) as refused:
        sources_create_many(study=world.study, actor=world.eva, kind="document", uploads=files)
    assert [name for name, _ in refused.value.refused] == ["b.txt"]
    assert "too large" in refused.value.refused[0][1].en


# --- The page -------------------------------------------------------------------------------


def test_the_page_saves_every_file_and_says_how_many(client: Client, world: World) -> None:
    client.force_login(world.eva)
    client.cookies["django_language"] = "en"
    url = f"/studies/{world.study.pk}/sources/upload/"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'type="file"' in body and "multiple" in body
    assert 'accept=".txt,.md,.html,.htm,.docx,.pdf"' in body
    assert url in client.get(f"/studies/{world.study.pk}/sources/").content.decode()
    response = client.post(
        url, {"kind": "interview", "collected_on": "2025-03-12", "uploads": _files()}, follow=True
    )
    assert response.redirect_chain == [(f"/studies/{world.study.pk}/sources/", 302)]
    assert "5 sources saved." in response.content.decode()
    assert Source.objects.filter(study=world.study, kind="interview").count() == 5


def test_more_files_than_django_reads_get_a_page_that_says_so(client: Client, world: World) -> None:
    """Django refuses the body before any view reads it; the 400 page names the bound, in
    the reader's language, and nothing is saved."""
    client.force_login(world.eva)
    files = [SimpleUploadedFile(f"{i}.txt", b"x") for i in range(101)]
    url = f"/studies/{world.study.pk}/sources/upload/"
    answer = client.post(url, {"kind": "document", "uploads": files})
    assert answer.status_code == 400
    assert "Terlalu banyak berkas dalam satu permintaan: paling banyak 100." in (
        answer.content.decode()
    )
    client.cookies["django_language"] = "en"
    files = [SimpleUploadedFile(f"{i}.txt", b"x") for i in range(101)]
    answer = client.post(url, {"kind": "document", "uploads": files})
    assert "Too many files in one request: at most 100." in answer.content.decode()
    assert not Source.objects.exists()


def test_the_page_shows_each_refused_file_beside_the_input(
    client: Client, world: World, settings: Any
) -> None:
    client.force_login(world.eva)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    files = [*_files(), SimpleUploadedFile("utf16.txt", "Halo".encode("utf-16"))]
    response = client.post(
        f"/studies/{world.study.pk}/sources/upload/", {"kind": "document", "uploads": files}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "1 dari 6 berkas ditolak; tidak ada yang disimpan." in body
    assert "utf16.txt: " in body and "UTF-16" in body
    field = body.index('data-field="uploads"')
    assert field < body.index("utf16.txt: ") < body.index('data-field="kind"')
    assert not Source.objects.exists()
    assert _media_files(settings) == []


def test_the_page_asks_for_files(client: Client, world: World) -> None:
    client.force_login(world.eva)
    response = client.post(f"/studies/{world.study.pk}/sources/upload/", {"kind": "document"})
    assert response.status_code == 400
    assert not Source.objects.exists()


def test_someone_outside_the_study_gets_404(client: Client, world: World) -> None:
    client.force_login(world.charlie)
    url = f"/studies/{world.study.pk}/sources/upload/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "document", "uploads": _files()}).status_code == 404
    answer = _api(world.charlie).post(
        f"/api/studies/{world.study.pk}/sources/batch", {"kind": "document", "uploads": _files()}
    )
    assert answer.status_code == 404
    assert not Source.objects.exists()


# --- The API --------------------------------------------------------------------------------


def test_the_api_creates_every_source(world: World) -> None:
    answer = _api(world.eva).post(
        f"/api/studies/{world.study.pk}/sources/batch",
        {"kind": "document", "document_type": "report", "uploads": _files()},
    )
    assert answer.status_code == 201, answer.content
    created = answer.json()
    assert [s["title"] for s in created] == [
        "Wawancara Bu Sari",
        "catatan.rapat",
        "berita",
        "pks",
        "laporan",
    ]
    assert created[0]["text_length"] == len("P: Siapa? 👋\nJ: Kami.\n")
    assert {s["document_type"] for s in created} == {"report"}
    assert set(created[0]) == {
        "id", "kind", "document_type", "title", "text_length", "collected_on", "place",
        "informant_ids", "party_id", "illustrative", "publication",
    }  # fmt: skip
    assert Source.objects.filter(study=world.study).count() == 5


def test_the_api_lists_each_refused_file_and_saves_nothing(world: World, settings: Any) -> None:
    client = _api(world.eva)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    files = [*_files(), SimpleUploadedFile("palsu.pdf", b"GIF89a")]
    answer = client.post(
        f"/api/studies/{world.study.pk}/sources/batch", {"kind": "document", "uploads": files}
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"] == "1 of 6 files were refused; nothing was saved."
    assert len(body["errors"]["uploads"]) == 1
    assert body["errors"]["uploads"][0].startswith("palsu.pdf: ")
    assert "does not match" in body["errors"]["uploads"][0]
    bad_kind = client.post(
        f"/api/studies/{world.study.pk}/sources/batch", {"kind": "novel", "uploads": _files()}
    )
    assert bad_kind.status_code == 422 and "kind" in bad_kind.json()["errors"]
    settings.MAX_BATCH_FILES = 2
    many = client.post(
        f"/api/studies/{world.study.pk}/sources/batch", {"kind": "document", "uploads": _files()}
    )
    assert many.status_code == 422
    assert "Too many files" in many.json()["errors"]["uploads"][0]
    assert not Source.objects.exists()


def test_more_files_than_django_reads_is_a_bad_request(world: World, settings: Any) -> None:
    files = [SimpleUploadedFile(f"{i}.txt", b"x") for i in range(101)]
    client = _api(world.eva)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = client.post(
        f"/api/studies/{world.study.pk}/sources/batch", {"kind": "document", "uploads": files}
    )
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "Too many files in one request: at most 100. Send them in several goes."
    }
    assert not Source.objects.exists()


def test_the_openapi_document_describes_the_batch(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/studies/{pk}/sources/batch"]["post"]
    body = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["required"] == ["kind", "uploads"]
    uploads = body["properties"]["uploads"]
    assert uploads["type"] == "array" and uploads["items"]["format"] == "binary"
    assert (uploads["minItems"], uploads["maxItems"]) == (1, 100)
    assert "interview" in body["properties"]["kind"]["enum"]
    assert {"201", "404", "422"} <= set(operation["responses"])
