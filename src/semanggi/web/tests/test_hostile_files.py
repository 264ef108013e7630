"""Hostile files through every upload path, pages and API: each kind is generated here, and
each must get a clear refusal in Indonesian and in English and leave nothing saved (no row,
no file in the media folder)."""

import codecs
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client

from semanggi.access.services import api_token_create
from semanggi.evidence.models import Code, Source, SourceKind, Study
from semanggi.needs.models import RegionFigure
from semanggi.partnerships.models import Agreement
from semanggi.poac.models import ProgressEvidence, ProgressUpdate
from semanggi.poac.tests.factories import ActivityFactory
from semanggi.testing.files import CONTENT_TYPES, docx_file, image_file, pdf_file, zip_file
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

SMALL_LIMIT = 64 * 1024  # the upload limit while the "oversized" file is sent
MiB = 1024 * 1024
DOCTYPE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>'
QDE = (
    b'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
    b'<CodeBook><Codes><Code guid="6a1b7f0e-2c4d-4e8f-9a0b-1c2d3e4f5a61" name="K" '
    b'isCodable="true"/></Codes></CodeBook></Project>'
)
QDC = (
    b'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    b'<Code guid="6a1b7f0e-2c4d-4e8f-9a0b-1c2d3e4f5a61" name="K" isCodable="true"/>'
    b"</Codes></CodeBook>"
)
CSV = b"region_code,year,measure,value,unit,source\n33.72,2024,poverty_rate,8.5,%,BPS\n"


# --- The hostile kinds, for a path that takes files of one main kind -------------------------


@cache
def encrypted_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_file()))
    writer.encrypt(user_password="rahasia", owner_password="pemilik")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@cache
def blank_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@cache
def zip_bomb(main: str, extension: str) -> bytes:
    # Many entries, each under the ratio floor, together far more than any archive may hold.
    entries = {f"x/{n}.xml": bytes(MiB) for n in range(300)}
    entries[main] = QDE if extension == "qdpx" else b"<a/>"
    if extension == "docx":
        entries["[Content_Types].xml"] = CONTENT_TYPES.encode()
    return zip_file(entries)


@cache
def ratio_bomb(main: str, extension: str) -> bytes:
    entries = {main: b"<a>" + b" " * (50 * MiB) + b"</a>"}
    if extension == "docx":
        entries["[Content_Types].xml"] = CONTENT_TYPES.encode()
    return zip_file(entries)


@cache
def huge_xml_docx() -> bytes:
    # 60 MB of paragraphs in a file of a few hundred kilobytes.
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    document = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + paragraph * (60 * MiB // len(paragraph)) + b"</w:body></w:document>"
    )
    return docx_file(document=document)


@dataclass(frozen=True)
class Hostile:
    name: str
    data: bytes
    words: tuple[str, ...]  # what the English refusal says (one of)
    small_limit: bool = False


def hostile_files(extension: str) -> list[Hostile]:
    """Every hostile kind, shaped for a path that takes ``extension`` files."""
    corrupt = {
        "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage",
        "docx": b"PK\x03\x04" + b"\x00" * 200,
        "qdpx": b"PK\x03\x04" + b"\x00" * 200,
        "qdc": b"<CodeBook><Codes><Code",
        "txt": b"\x00\x01\x02binary",
        "csv": b"\x00\x01\x02binary",
    }[extension]
    text = extension in ("qdc", "txt", "csv")
    files = [
        Hostile(f"rusak.{extension}", corrupt, ("damaged", "corrupt", "null bytes", "not UTF-8")),
        Hostile(f"kosong.{extension}", b"", ("empty",)),
        Hostile(f"spasi.{extension}", b"  \n\t \r\n ", ("empty",)),
        Hostile("program.exe", pdf_file(), ("not accepted",)),
        Hostile(
            f"nama.{extension}",
            b"Kabupat\xe9n Sukoharjo, \x93data\x94\n",
            ("does not match", "not UTF-8"),
        ),
        Hostile(f"besar.{extension}", b"a" * (SMALL_LIMIT + 1), ("too large",), small_limit=True),
    ]
    if text:
        utf16 = codecs.BOM_UTF16_LE + "teks".encode("utf-16-le")
        files.append(Hostile(f"utf16.{extension}", utf16, ("UTF-16",)))
        files.append(Hostile(f"gambar.{extension}", image_file(), ("not UTF-8",)))
    else:
        files.append(Hostile(f"gambar.{extension}", image_file(), ("does not match",)))
    if extension == "qdc":
        files.append(Hostile("entitas.qdc", DOCTYPE + b"<CodeBook>&e;</CodeBook>", ("DOCTYPE",)))
    if extension == "pdf":
        files.append(Hostile("terkunci.pdf", encrypted_pdf(), ("encrypted",)))
    if extension in ("docx", "qdpx"):
        main = "word/document.xml" if extension == "docx" else "project.qde"
        extra = {"[Content_Types].xml": CONTENT_TYPES.encode()} if extension == "docx" else {}
        files += [
            Hostile(f"bom.{extension}", zip_bomb(main, extension), ("zip bomb", "too large")),
            Hostile(f"rasio.{extension}", ratio_bomb(main, extension), ("zip bomb",)),
            Hostile(
                f"jalur.{extension}",
                zip_file({**extra, main: QDE, "../../luar.txt": b"x"}),
                ("climbs out",),
            ),
            Hostile(
                f"entitas.{extension}",
                zip_file({**extra, main: DOCTYPE + b"<a>&e;</a>"}),
                ("DOCTYPE",),
            ),
            Hostile(
                f"terkunci.{extension}",
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
                ("does not match", "encrypted"),
            ),
        ]
    if extension == "docx":
        files.append(Hostile("raksasa.docx", huge_xml_docx(), ("zip bomb",)))
    return files


# --- The upload paths -------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadPath:
    name: str
    extension: str  # the main kind the path takes (its hostile files are shaped for it)
    models: tuple[type[Model], ...]  # nothing of these may be saved
    send: Callable[[World, Client, bytes, str], Any]
    ok: tuple[int, ...] = (400,)
    extra: tuple[Hostile, ...] = ()


def _agreement_page(world: World, client: Client, data: bytes, name: str) -> Any:
    client.force_login(world.bima)
    return client.post(
        "/partnerships/semanggi/records/agreement/add/",
        {"kind": "pks", "title": "PKS", "document": SimpleUploadedFile(name, data)},
    )


def _agreement_admin(world: World, client: Client, data: bytes, name: str) -> Any:
    client.force_login(world.alice)
    return client.post(
        "/admin/partnerships/agreement/add/",
        {
            "partnership": world.semanggi.pk,
            "kind": "pks",
            "title": "PKS",
            "document": SimpleUploadedFile(name, data),
        },
    )


def _progress_page(world: World, client: Client, data: bytes, name: str) -> Any:
    client.force_login(world.bima)
    activity = ActivityFactory(partnership=world.semanggi)
    return client.post(
        "/partnerships/semanggi/records/progress-update/add/",
        {
            "activity": activity.pk,
            "reported_on": "2026-01-10",
            "percent_complete": 40,
            "narrative": "Fondasi",
            "evidence": SimpleUploadedFile(name, data),
        },
    )


def _source_page(world: World, client: Client, data: bytes, name: str) -> Any:
    client.force_login(world.eva)
    return client.post(
        f"/studies/{world.study.pk}/sources/new/",
        {"kind": SourceKind.DOCUMENT, "title": "Berkas", "upload": SimpleUploadedFile(name, data)},
    )


# Several files at once: each hostile file beside a good one, which must not be saved either.
def _good_and(data: bytes, name: str) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile("baik.txt", b"Teks baik.\n"), SimpleUploadedFile(name, data)]


def _sources_page(world: World, client: Client, data: bytes, name: str) -> Any:
    client.force_login(world.eva)
    return client.post(
        f"/studies/{world.study.pk}/sources/upload/",
        {"kind": SourceKind.DOCUMENT, "uploads": _good_and(data, name)},
    )


def _sources_api(world: World, client: Client, data: bytes, name: str) -> Any:
    token = api_token_create(user=world.eva, name="uji")
    return client.post(
        f"/api/studies/{world.study.pk}/sources/batch",
        {"kind": SourceKind.DOCUMENT, "uploads": _good_and(data, name)},
        headers={"Authorization": f"Bearer {token}"},
    )


def _qdpx_page(world: World, client: Client, data: bytes, name: str) -> Any:
    client.force_login(world.eva)
    return client.post("/studies/import/", {"file": SimpleUploadedFile(name, data)})


def _qdc_page(world: World, client: Client, data: bytes, name: str) -> Any:
    client.force_login(world.eva)
    return client.post(
        f"/studies/{world.study.pk}/codes/import/", {"file": SimpleUploadedFile(name, data)}
    )


def _figures_page(world: World, client: Client, data: bytes, name: str) -> Any:
    client.force_login(world.kurnia)
    return client.post("/region-figures/import/", {"file": SimpleUploadedFile(name, data)})


def _figures_api(world: World, client: Client, data: bytes, name: str) -> Any:
    token = api_token_create(user=world.kurnia, name="uji")
    return client.post(
        "/api/region-figures",
        {"file": SimpleUploadedFile(name, data)},
        headers={"Authorization": f"Bearer {token}"},
    )


PATHS = [
    UploadPath("agreement page (PDF)", "pdf", (Agreement,), _agreement_page),
    UploadPath("agreement page (DOCX)", "docx", (Agreement,), _agreement_page),
    # The admin answers an invalid form with the form again (200) and its error note.
    UploadPath("agreement admin (PDF)", "pdf", (Agreement,), _agreement_admin, ok=(200,)),
    UploadPath("agreement admin (DOCX)", "docx", (Agreement,), _agreement_admin, ok=(200,)),
    UploadPath("progress evidence page", "pdf", (ProgressUpdate, ProgressEvidence), _progress_page),
    UploadPath(
        "source page (PDF)",
        "pdf",
        (Source,),
        _source_page,
        extra=(
            Hostile("pindaian.pdf", blank_pdf(), ("no text layer",)),
            Hostile("terkunci.pdf", encrypted_pdf(), ("encrypted",)),
        ),
    ),
    UploadPath("source page (DOCX)", "docx", (Source,), _source_page),
    UploadPath("source page (text)", "txt", (Source,), _source_page),
    UploadPath(
        "several sources page (PDF)",
        "pdf",
        (Source,),
        _sources_page,
        extra=(Hostile("pindaian.pdf", blank_pdf(), ("no text layer",)),),
    ),
    UploadPath("several sources page (DOCX)", "docx", (Source,), _sources_page),
    UploadPath("several sources page (text)", "txt", (Source,), _sources_page),
    UploadPath("several sources API (PDF)", "pdf", (Source,), _sources_api, ok=(422,)),
    UploadPath("several sources API (DOCX)", "docx", (Source,), _sources_api, ok=(422,)),
    UploadPath("several sources API (text)", "txt", (Source,), _sources_api, ok=(422,)),
    UploadPath("REFI-QDA project page", "qdpx", (Study,), _qdpx_page),
    UploadPath("REFI-QDA codebook page", "qdc", (Code,), _qdc_page),
    UploadPath("region figures page", "csv", (RegionFigure,), _figures_page),
    UploadPath("region figures API", "csv", (RegionFigure,), _figures_api),
]


def _media(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


_ALERTS = re.compile(
    r'<(?:div|p|ul)[^>]*(?:role="alert"|class="errorlist[^"]*"|class="errornote")[^>]*>(.*?)</(?:div|p|ul)>',
    re.S,
)


def _messages(response: Any) -> list[str]:
    """The refusals a person reads: the page's alerts, or the API's ``detail`` (with the
    refused files of several at once)."""
    if response["Content-Type"].startswith("application/json"):
        body = response.json()
        errors = body.get("errors")
        files = errors.get("uploads", []) if isinstance(errors, dict) else []
        return [str(body["detail"]), *files]
    found = (re.sub(r"<[^>]+>", " ", m) for m in _ALERTS.findall(response.content.decode()))
    return [" ".join(html.unescape(m).split()) for m in found if m.strip()]


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_hostile_files_are_refused_with_a_reason_and_nothing_is_saved(
    path: UploadPath, world: World, settings: Any
) -> None:
    limit = settings.MAX_UPLOAD_BYTES
    before = {model: model.objects.count() for model in path.models}
    media = _media(settings)
    for hostile in [*hostile_files(path.extension), *path.extra]:
        settings.MAX_UPLOAD_BYTES = SMALL_LIMIT if hostile.small_limit else limit
        shown = {}
        for language in ("en", "id"):
            client = Client()
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = path.send(world, client, hostile.data, hostile.name)
            label = f"{path.name}: {hostile.name} ({language})"
            assert response.status_code in path.ok, label
            shown[language] = _messages(response)
            assert shown[language], f"{label}: no message"
        english = " ".join(shown["en"])
        assert any(words in english for words in hostile.words), (
            f"{path.name}: {hostile.name} says {shown['en']}, not {hostile.words}"
        )
        assert not set(shown["en"]) & set(shown["id"]), (
            f"{path.name}: {hostile.name} is not refused in Indonesian: {shown['id']}"
        )
        for model, count in before.items():
            assert model.objects.count() == count, f"{path.name}: {hostile.name} saved a {model}"
        assert _media(settings) == media, f"{path.name}: {hostile.name} left a file"
