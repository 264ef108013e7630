"""Zip archives (DOCX, QDPX) opened as untrusted input: plain functions, no Django.

Before anything is decompressed, the archive's entries are checked: their number, names that
climb out of the archive, encryption, each entry's compression ratio and the declared size of
all of them together. While reading, every decompressed byte is counted against a budget
that grows with the archive's own size, so that memory stays a bounded multiple of what was
uploaded whatever the archive declares. XML inside is parsed as a stream, never as a whole
tree, where only its text is wanted.
"""

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Protocol

from lxml import etree

MiB = 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .doc / .xls files


class ArchiveError(ValueError):
    """An archive that cannot be read safely; ``kind`` says why, for the caller's message."""

    def __init__(self, kind: str, entry: str = "") -> None:
        super().__init__(f"{kind}: {entry}" if entry else kind)
        self.kind = kind  # corrupt | encrypted | unsafe_name | too_many | bomb | too_large
        self.entry = entry


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int = 2_000
    # Uncompressed ÷ compressed size of one entry above ``ratio_floor_bytes``: text and XML
    # compress 3 to 20 times; a bomb compresses hundreds or thousands of times.
    max_ratio: int = 100
    ratio_floor_bytes: int = 1 * MiB
    # Bytes actually decompressed from the archive in total: ``budget_ratio`` × the archive's
    # size, at least ``budget_floor_bytes``, never more than ``max_total_bytes``.
    budget_ratio: int = 20
    budget_floor_bytes: int = 16 * MiB
    max_total_bytes: int = 256 * MiB

    def budget(self, archive_bytes: int) -> int:
        return min(
            self.max_total_bytes, max(self.budget_floor_bytes, self.budget_ratio * archive_bytes)
        )


DOCX_LIMITS = ArchiveLimits(max_entries=1_000)


def _parts(name: str) -> list[str]:
    return [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]


class Archive:
    """A checked zip archive whose entries are read against one decompression budget."""

    def __init__(self, data: bytes, limits: ArchiveLimits = ArchiveLimits()) -> None:
        if data.startswith(OLE):
            raise ArchiveError("encrypted")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            entries = self.zip.infolist()
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
            raise ArchiveError("corrupt") from None
        if len(entries) > limits.max_entries:
            raise ArchiveError("too_many")
        self.budget = limits.budget(len(data))
        declared = 0
        for entry in entries:
            name = entry.filename.replace("\\", "/")
            if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in _parts(name):
                raise ArchiveError("unsafe_name", entry.filename)
            if (
                entry.file_size > limits.ratio_floor_bytes
                and entry.file_size > limits.max_ratio * max(entry.compress_size, 1)
            ):
                raise ArchiveError("bomb", entry.filename)
            declared += entry.file_size
        if declared > limits.max_total_bytes:
            raise ArchiveError("too_large")
        self.entries = [e for e in entries if not e.is_dir()]
        self.read_bytes = 0

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return next((e for e in self.entries if e.filename == name), None)

    def open(self, entry: zipfile.ZipInfo) -> IO[bytes]:
        """A stream of the entry that refuses to go past the archive's budget."""
        if entry.flag_bits & 0x1:
            raise ArchiveError("encrypted", entry.filename)
        try:
            stream = self.zip.open(entry)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            raise ArchiveError("corrupt", entry.filename) from None
        return _Counted(stream, self, entry.filename)

    def read(self, entry: zipfile.ZipInfo, cap: int | None = None) -> bytes:
        """The whole entry, at most ``cap`` bytes (else ``too_large``)."""
        with self.open(entry) as stream:
            limit = self.budget if cap is None else cap
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise ArchiveError("too_large", entry.filename)
        return data


class _Counted(io.RawIOBase):
    def __init__(self, stream: IO[bytes], archive: Archive, name: str) -> None:
        self.stream = stream
        self.archive = archive
        self.name_ = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "bytearray | memoryview") -> int:  # type: ignore[override]
        try:
            chunk = self.stream.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            raise ArchiveError("corrupt", self.name_) from None
        self.archive.read_bytes += len(chunk)
        if self.archive.read_bytes > self.archive.budget:
            raise ArchiveError("too_large", self.name_)
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self.stream.close()
        super().close()


class DoctypeFound(Exception):
    """An XML stream declares a DOCTYPE or an entity: refused before it is parsed."""


def safe_pull_parser(tags: tuple[str, ...] | None = None) -> etree.XMLPullParser:
    """A parser of start and end events with no entities, DTD or network access."""
    return etree.XMLPullParser(
        events=("start", "end"),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def chunks_without_doctype(stream: Readable, size: int = 64 * 1024) -> Iterator[bytes]:
    """The stream in pieces of ``size`` bytes; raises DoctypeFound at a DOCTYPE or entity
    declaration, also one split between two pieces."""
    tail = b""
    while chunk := stream.read(size):
        seen = tail + chunk
        if b"<!DOCTYPE" in seen or b"<!ENTITY" in seen:
            raise DoctypeFound
        tail = chunk[-16:]
        yield chunk


def xml_events(
    stream: IO[bytes], tags: tuple[str, ...] | None = None
) -> Iterator[tuple[str, etree._Element]]:
    """``(event, element)`` for the ``tags`` (None: every element) of an XML stream, parsed
    piece by piece with no entities, DTD or network; a DOCTYPE is refused. Elements are
    cleared after each end event, so memory holds one element at a time, not the document."""
    parser = safe_pull_parser(tags)
    try:
        for chunk in chunks_without_doctype(stream):
            parser.feed(chunk)
            yield from _drain(parser)
        parser.close()
        yield from _drain(parser)
    except DoctypeFound:
        raise ArchiveError("doctype") from None
    except etree.XMLSyntaxError:
        raise ArchiveError("corrupt") from None


def _drain(parser: etree.XMLPullParser) -> Iterator[tuple[str, etree._Element]]:
    for event, element in parser.read_events():
        yield event, element
        if event == "end":
            # Forget what was read: the element's content and the siblings before it.
            element.clear(keep_tail=True)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
