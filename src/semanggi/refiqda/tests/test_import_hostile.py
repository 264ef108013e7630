"""Uploaded files are untrusted: what an attacker or a broken tool sends is refused, clearly."""

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from semanggi.refiqda.errors import (
    CorruptArchiveError,
    EmptyFileError,
    InvalidXmlError,
    LimitExceededError,
    MissingProjectFileError,
    RefiImportError,
    UnsafeArchiveError,
)
from semanggi.refiqda.import_ import ImportLimits, import_qdc, import_qdpx

MINIMAL = b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'
# Nine levels of ten: a billion "lol"s, were the entities ever expanded.
ENTITIES = "".join(
    [' <!ENTITY lol0 "lol">']
    + [f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
)
BILLION_LAUGHS = (
    f'<?xml version="1.0"?><!DOCTYPE CodeBook [{ENTITIES}]>'
    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    '<Code guid="098AC082-A9C7-50F4-9728-48730081A95E" name="&lol9;" isCodable="true"/>'
    "</Codes></CodeBook>"
).encode()
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE CodeBook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    b'<Code guid="098AC082-A9C7-50F4-9728-48730081A95E" name="&secret;" isCodable="true"/>'
    b"</Codes></CodeBook>"
)
EXTERNAL_DTD = (
    b'<?xml version="1.0"?><!DOCTYPE Project SYSTEM "http://example.invalid/evil.dtd">' + MINIMAL
)


def zipped(*entries: tuple[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "document", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion laughs", "external entity"]
)
def test_entity_declarations_in_a_codebook_are_refused(document: bytes) -> None:
    with pytest.raises(InvalidXmlError, match="DOCTYPE"):
        import_qdc(document)


@pytest.mark.parametrize(
    "document",
    [BILLION_LAUGHS.replace(b"CodeBook", b"Project"), EXTERNAL_DTD],
    ids=["billion laughs", "external DTD"],
)
def test_entity_declarations_in_a_project_are_refused(document: bytes) -> None:
    with pytest.raises(InvalidXmlError, match="DOCTYPE"):
        import_qdpx(zipped(("project.qde", document)))


@pytest.mark.parametrize(
    "name",
    ["../evil.txt", "sources/../../evil.txt", "/etc/evil.txt", "..\\evil.txt", "C:/evil.txt"],
)
def test_entry_names_that_climb_out_of_the_archive_are_refused(name: str) -> None:
    with pytest.raises(UnsafeArchiveError):
        import_qdpx(zipped(("project.qde", MINIMAL), (name, b"x")))


def test_a_zip_bomb_is_refused_by_its_compression_ratio() -> None:
    bomb = zipped(("project.qde", MINIMAL), ("sources/a.txt", b"\0" * (8 * 1024 * 1024)))
    assert len(bomb) < 20_000
    with pytest.raises(LimitExceededError, match="zip bomb"):
        import_qdpx(bomb)


def test_an_archive_too_large_once_extracted_is_refused() -> None:
    archive = zipped(("project.qde", MINIMAL), ("sources/a.txt", b"\0" * (3 * 1024 * 1024)))
    limits = ImportLimits(max_uncompressed_bytes=2 * 1024 * 1024, max_compression_ratio=10**6)
    with pytest.raises(LimitExceededError, match="once extracted"):
        import_qdpx(archive, limits=limits)


def test_too_many_entries_are_refused() -> None:
    entries = [(f"sources/{n}.txt", b"") for n in range(20)]
    with pytest.raises(LimitExceededError, match="too many files"):
        import_qdpx(zipped(("project.qde", MINIMAL), *entries), limits=ImportLimits(max_entries=10))


def test_an_archive_over_the_size_limit_is_refused_before_it_is_opened() -> None:
    with pytest.raises(LimitExceededError, match="too large"):
        import_qdpx(zipped(("project.qde", MINIMAL)), limits=ImportLimits(max_archive_bytes=50))


def test_a_project_document_over_its_limit_is_refused() -> None:
    padded = MINIMAL.replace(b"/>", b">" + b" " * 5000 + b"</Project>")
    with pytest.raises(LimitExceededError):
        import_qdpx(zipped(("project.qde", padded)), limits=ImportLimits(max_xml_bytes=1000))


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 this is not really a zip archive",
        b"%PDF-1.7 a PDF renamed to .qdpx",
        zipped(("project.qde", MINIMAL * 50))[:-40],
    ],
    ids=["garbage", "not a zip", "truncated"],
)
def test_a_corrupt_archive_is_refused(data: bytes) -> None:
    with pytest.raises(CorruptArchiveError):
        import_qdpx(data)


def test_a_damaged_entry_is_refused() -> None:
    archive = bytearray(zipped(("project.qde", MINIMAL * 50)))
    archive[40:60] = b"\xff" * 20  # inside the compressed project document
    with pytest.raises(RefiImportError):
        import_qdpx(bytes(archive))


@pytest.mark.parametrize("importer", [import_qdpx, import_qdc])
def test_an_empty_file_is_refused(importer: Callable[..., object], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    for source in (b"", empty, io.BytesIO(b"")):
        with pytest.raises(EmptyFileError):
            importer(source)


def test_an_archive_without_a_project_file_is_refused() -> None:
    with pytest.raises(MissingProjectFileError):
        import_qdpx(zipped(("sources/a.txt", b"teks")))


def test_two_project_files_and_no_clear_choice_are_refused() -> None:
    with pytest.raises(MissingProjectFileError, match="several"):
        import_qdpx(zipped(("a/one.qde", MINIMAL), ("b/two.qde", MINIMAL)))


@pytest.mark.parametrize(
    ("document", "message"),
    [(b"<Project", "not complete XML"), (b"<CodeBook/>", "not <Project>")],
)
def test_a_broken_project_document_is_refused(document: bytes, message: str) -> None:
    with pytest.raises(InvalidXmlError, match=message):
        import_qdpx(zipped(("project.qde", document)))


def test_an_encrypted_project_document_is_refused() -> None:
    archive = bytearray(zipped(("project.qde", MINIMAL), method=zipfile.ZIP_STORED))
    # Set the "encrypted" flag in both the local and the central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = archive.index(signature) + offset
        archive[at] |= 0x1
    with pytest.raises(CorruptArchiveError, match="encrypted"):
        import_qdpx(bytes(archive))


def test_every_refusal_speaks_indonesian_then_english() -> None:
    with pytest.raises(RefiImportError) as raised:
        import_qdpx(b"")
    assert str(raised.value) == "Berkas kosong / The file is empty"
    assert (raised.value.indonesian, raised.value.english) == ("Berkas kosong", "The file is empty")
