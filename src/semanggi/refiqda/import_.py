"""Reading REFI-QDA files as real tools write them: ``.qdpx`` archives and ``.qdc`` codebooks.

An uploaded archive is untrusted. Before anything is decompressed the archive's size, its
number of entries, their declared total size and each entry's compression ratio are checked
against :class:`ImportLimits`, and entry names that climb out of the archive are refused.
Only the ``.qde`` document and the text files it names are ever decompressed, each with a hard
cap. XML is parsed without entities, DTDs or network access, and a document that declares a
DTD at all is refused.

What cannot be imported (PDF, picture, audio and video sources and selections, graphs, missing
files, ...) is dropped and listed in the :class:`ImportReport`; only a file that cannot be read
at all raises a :class:`RefiImportError`.
"""

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree

from semanggi.iati.codelists import safe_parser
from semanggi.refiqda.assembly import read_codebook, read_project
from semanggi.refiqda.errors import (
    CorruptArchiveError,
    EmptyFileError,
    InvalidXmlError,
    LimitExceededError,
    MissingProjectFileError,
    RefiImportError,
    UnsafeArchiveError,
)
from semanggi.refiqda.model import Codebook, Project
from semanggi.refiqda.reader import local_name
from semanggi.refiqda.report import ImportCounts, ImportReport, Reporter
from semanggi.refiqda.validation import validate_codebook_xml, validate_project_xml

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
MiB = 1024 * 1024

Origin = str | Path | bytes | IO[bytes]

__all__ = [
    "DEFAULT_LIMITS",
    "CodebookImportResult",
    "ImportLimits",
    "ImportResult",
    "RefiImportError",
    "import_qdc",
    "import_qdpx",
]


@dataclass(frozen=True)
class ImportLimits:
    """How much an uploaded file may hold. The defaults fit text projects with their DOCX and
    PDF companions many times over, and stop zip bombs long before they hurt."""

    max_archive_bytes: int = 100 * MiB
    max_entries: int = 2_000
    # Declared size of all entries together, and actual bytes decompressed in total.
    max_uncompressed_bytes: int = 256 * MiB
    # Uncompressed ÷ compressed size of one entry. Text compresses 3 to 10 times; a bomb
    # compresses hundreds or thousands of times.
    max_compression_ratio: int = 100
    # Entries smaller than this are not held to the ratio: they cannot hurt.
    ratio_floor_bytes: int = 1 * MiB
    # The project document (.qde) or codebook (.qdc) itself.
    max_xml_bytes: int = 64 * MiB
    # Bytes actually decompressed, relative to the archive's size: real exports hold 2 to 5
    # times their size; every archive may unpack at least the floor.
    budget_ratio: int = 8
    budget_floor_bytes: int = 16 * MiB

    def budget(self, archive_bytes: int) -> int:
        """How many bytes an archive of ``archive_bytes`` may decompress in all."""
        return min(
            self.max_uncompressed_bytes,
            max(self.budget_floor_bytes, self.budget_ratio * archive_bytes),
        )


DEFAULT_LIMITS = ImportLimits()


@dataclass(frozen=True)
class ImportResult:
    project: Project
    report: ImportReport


@dataclass(frozen=True)
class CodebookImportResult:
    codebook: Codebook
    report: ImportReport


def _size(count: int) -> str:
    return f"{count / MiB:.1f} MB" if count >= MiB else f"{count} B"


def _read_all(file: Origin, limit: int) -> bytes:
    if isinstance(file, bytes):
        data = file
    elif isinstance(file, str | Path):
        with open(file, "rb") as stream:
            data = stream.read(limit + 1)
    else:
        data = file.read(limit + 1)
    if not data:
        raise EmptyFileError("Berkas kosong", "The file is empty")
    if len(data) > limit:
        raise LimitExceededError(
            f"Berkas terlalu besar (lebih dari {_size(limit)})",
            f"The file is too large (more than {_size(limit)})",
        )
    return data


def parse_xml(data: bytes, what: str, what_en: str | None = None) -> etree._Element:
    """Parse untrusted XML: no entities, no DTD, no network; a DOCTYPE is refused outright.
    ``what`` names the file in messages (``what_en`` in English, when it differs)."""
    what_en = what_en or what
    doctype = InvalidXmlError(
        f"{what} memuat deklarasi DOCTYPE/entitas, yang tidak diizinkan",
        f"{what_en} contains a DOCTYPE or entity declaration, which is not allowed",
    )
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        if b"<!DOCTYPE" in data[:65536]:
            raise doctype from None
        line = f" (baris {error.lineno})" if error.lineno else ""
        line_en = f" (line {error.lineno})" if error.lineno else ""
        raise InvalidXmlError(
            f"{what} rusak: isinya bukan XML yang utuh{line}. Ekspor ulang berkasnya dari "
            "aplikasi asalnya.",
            f"{what_en} is damaged: its content is not complete XML{line_en}. Export the file "
            "again from the program that made it.",
        ) from None
    docinfo: Any = root.getroottree().docinfo  # lxml-stubs lacks DocInfo.doctype
    if docinfo.doctype:
        # No REFI-QDA file has a DTD; one that declares entities is an attack or a mistake.
        raise doctype
    return root


def _report_namespaces(root: etree._Element, expected: str, reporter: Reporter) -> None:
    found = sorted(
        {
            etree.QName(e).namespace or ""
            for e in root.iter()
            if isinstance(e.tag, str) and etree.QName(e).namespace != expected
        }
    )
    for namespace in found:
        reporter.note(
            "namespace",
            f"Elemen dalam namespace {namespace or '(kosong)'} dibaca seperti {expected}",
            f"Elements in namespace {namespace or '(none)'} were read as {expected}",
            namespace,
        )


def _report_schema(errors: list[str], schema: str, reporter: Reporter) -> None:
    if errors:
        # The validator's own wording is technical English: the subject keeps it for experts.
        shown = "; ".join(errors[:3]) + (f" (+{len(errors) - 3})" if len(errors) > 3 else "")
        reporter.note(
            "schema_invalid",
            f"Berkas menyimpang dari standar REFI-QDA ({schema}) di {len(errors)} tempat; "
            "isinya tetap dibaca sebisanya",
            f"The file departs from the REFI-QDA standard ({schema}) in {len(errors)} "
            f"place{'s' if len(errors) != 1 else ''}; its content was read as far as possible",
            shown,
        )


def _entry_parts(name: str) -> list[str]:
    return [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]


def _check_archive(archive: zipfile.ZipFile, limits: ImportLimits) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise LimitExceededError(
            f"Arsip memuat terlalu banyak berkas ({len(entries)}; paling banyak "
            f"{limits.max_entries})",
            f"The archive holds too many files ({len(entries)}; at most {limits.max_entries})",
        )
    total = 0
    for entry in entries:
        name = entry.filename.replace("\\", "/")
        if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in _entry_parts(name):
            raise UnsafeArchiveError(
                f"Arsip memuat nama berkas yang keluar dari arsip: {entry.filename!r}",
                f"The archive holds a file name that climbs out of it: {entry.filename!r}",
            )
        total += entry.file_size
        if (
            entry.file_size > limits.ratio_floor_bytes
            and entry.file_size > limits.max_compression_ratio * max(entry.compress_size, 1)
        ):
            raise LimitExceededError(
                f"Berkas {entry.filename!r} di dalam arsip terlalu termampatkan (bom zip?)",
                f"File {entry.filename!r} in the archive is compressed too much (a zip bomb?)",
            )
    if total > limits.max_uncompressed_bytes:
        raise LimitExceededError(
            f"Isi arsip terlalu besar setelah diekstrak ({_size(total)}; paling banyak "
            f"{_size(limits.max_uncompressed_bytes)})",
            f"The archive's content is too large once extracted ({_size(total)}; at most "
            f"{_size(limits.max_uncompressed_bytes)})",
        )
    return [e for e in entries if not e.is_dir()]


class _Archive:
    """Reads entries of a checked archive, counting every decompressed byte."""

    def __init__(self, archive: zipfile.ZipFile, limits: ImportLimits, size: int) -> None:
        self.archive = archive
        self.limits = limits
        self.read_bytes = 0
        self.budget = limits.budget(size)
        self.files = _check_archive(archive, limits)

    def read(self, entry: zipfile.ZipInfo, cap: int) -> bytes:
        if entry.flag_bits & 0x1:
            raise CorruptArchiveError(
                f"Berkas {entry.filename!r} di dalam arsip terenkripsi",
                f"File {entry.filename!r} in the archive is encrypted",
            )
        allowed = min(cap, self.budget - self.read_bytes)
        try:
            with self.archive.open(entry) as stream:
                data = stream.read(allowed + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            raise CorruptArchiveError(
                f"Berkas {entry.filename!r} di dalam arsip rusak",
                f"File {entry.filename!r} in the archive is damaged",
            ) from None
        if len(data) > allowed:
            raise LimitExceededError(
                f"Isi arsip jauh lebih besar daripada arsipnya (lebih dari "
                f"{_size(self.budget)} setelah diekstrak, pada {entry.filename!r})",
                f"The archive's content is far larger than the archive (more than "
                f"{_size(self.budget)} once extracted, at {entry.filename!r})",
            )
        self.read_bytes += len(data)
        return data


def _project_entry(files: list[zipfile.ZipInfo], reporter: Reporter) -> zipfile.ZipInfo:
    candidates = [e for e in files if e.filename.lower().endswith(".qde")]
    if not candidates:
        raise MissingProjectFileError(
            "Arsip tidak memuat berkas proyek .qde", "The archive holds no .qde project file"
        )
    if len(candidates) > 1:
        # The standard's own name wins; otherwise the one at the top of the archive.
        named = [e for e in candidates if e.filename.lower() == "project.qde"]
        top = [e for e in candidates if len(_entry_parts(e.filename)) == 1]
        candidates = named or top
        if len(candidates) != 1:
            raise MissingProjectFileError(
                "Arsip memuat beberapa berkas .qde dan tidak jelas mana proyeknya",
                "The archive holds several .qde files and none is clearly the project",
            )
    entry = candidates[0]
    if entry.filename != "project.qde":
        reporter.note(
            "project_file_name",
            f"Berkas proyek bernama {entry.filename!r}, bukan 'project.qde'",
            f"The project file is named {entry.filename!r}, not 'project.qde'",
            entry.filename,
        )
    return entry


def import_qdpx(file: Origin, *, limits: ImportLimits = DEFAULT_LIMITS) -> ImportResult:
    """Import a ``.qdpx`` archive (a path, bytes or a binary file), leniently.

    Raises a subclass of :class:`RefiImportError` when the file cannot be read at all.
    """
    data = _read_all(file, limits.max_archive_bytes)
    reporter = Reporter()
    try:
        zipped = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise CorruptArchiveError(
            "Berkas ini bukan proyek REFI-QDA (.qdpx) yang utuh: arsipnya rusak atau berkasnya "
            "berjenis lain. Ekspor ulang proyeknya lalu unggah lagi.",
            "This file is not an intact REFI-QDA project (.qdpx): the archive is damaged or the "
            "file is of another kind. Export the project again and upload it again.",
        ) from None
    with zipped:
        archive = _Archive(zipped, limits, len(data))
        entry = _project_entry(archive.files, reporter)
        document = archive.read(entry, limits.max_xml_bytes)
        root = parse_xml(document, entry.filename)
        if local_name(root) != "Project":
            raise InvalidXmlError(
                f"Akar {entry.filename} adalah <{local_name(root)}>, bukan <Project>",
                f"The root of {entry.filename} is <{local_name(root)}>, not <Project>",
            )
        _report_namespaces(root, PROJECT_NAMESPACE, reporter)
        _report_schema(validate_project_xml(root), "Project.xsd", reporter)

        # internal://<name> lives in sources/ (any case), or, leniently, at the top.
        by_name: dict[str, zipfile.ZipInfo] = {}
        folders: set[str] = set()
        for item in archive.files:
            parts = _entry_parts(item.filename)
            if len(parts) == 2 and parts[0].lower() == "sources":
                by_name.setdefault(parts[1].lower(), item)
                folders.add(parts[0])
            elif len(parts) == 1 and item is not entry:
                by_name.setdefault(parts[0].lower(), item)
        for folder in sorted(folders - {"sources"}):
            reporter.note(
                "sources_folder",
                f"Folder sumber bernama {folder + '/'!r}, bukan 'sources/'",
                f"The sources folder is named {folder + '/'!r}, not 'sources/'",
                folder,
            )

        by_path = {
            "/".join(_entry_parts(item.filename)).lower(): item
            for item in archive.files
            if item is not entry
        }

        def lookup(name: str) -> bytes | None:
            path = "/".join(_entry_parts(name)).lower()
            found = by_path.get(path) or by_name.get(posixpath.basename(path))
            return None if found is None else archive.read(found, limits.max_uncompressed_bytes)

        project, unit = read_project(root, files=lookup, reporter=reporter)
    counts = ImportCounts(
        users=len(project.users),
        codes=len(project.all_codes()),
        sources=len(project.sources),
        selections=len(project.selections),
        codings=sum(len(s.codings) for s in project.selections),
        cases=len(project.cases),
        variables=len(project.variables),
        notes=len(project.notes),
        sets=len(project.sets),
        links=len(project.links),
    )
    return ImportResult(project, ImportReport(counts, tuple(reporter.entries), unit))


def import_qdc(file: Origin, *, limits: ImportLimits = DEFAULT_LIMITS) -> CodebookImportResult:
    """Import a ``.qdc`` codebook, in the 1.0 namespace or an older draft one, leniently."""
    data = _read_all(file, limits.max_xml_bytes)
    reporter = Reporter()
    root = parse_xml(data, "Buku kode", "The codebook")
    if local_name(root) not in ("CodeBook", "Project"):
        raise InvalidXmlError(
            f"Akar berkas adalah <{local_name(root)}>, bukan <CodeBook>",
            f"The file's root is <{local_name(root)}>, not <CodeBook>",
        )
    if local_name(root) == "CodeBook":
        _report_namespaces(root, CODEBOOK_NAMESPACE, reporter)
        _report_schema(validate_codebook_xml(root), "Codebook.xsd", reporter)
    codebook = read_codebook(root, reporter=reporter)
    counts = ImportCounts(codes=sum(len(c.walk()) for c in codebook.codes), sets=len(codebook.sets))
    return CodebookImportResult(codebook, ImportReport(counts, tuple(reporter.entries)))
