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
from semanggi.refiqda.assembly import finish_project, read_codebook
from semanggi.refiqda.budget import MemoryBudget
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
from semanggi.refiqda.reader import ElementReader, local_name
from semanggi.refiqda.report import Action, ImportCounts, ImportReport, Reporter
from semanggi.refiqda.stream import (
    VALIDATE_MAX_BYTES,
    ProjectWalker,
    XmlStream,
    damaged,
    doctype_refused,
)
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
    # Memory the texts, selections and other objects read may take, relative to the
    # archive's size (see budget.py): the whole import then stays within ten times the
    # file; every archive may take at least the floor.
    memory_ratio: int = 8
    memory_floor_bytes: int = 24 * MiB

    def budget(self, archive_bytes: int) -> int:
        """How many bytes an archive of ``archive_bytes`` may decompress in all."""
        return min(
            self.max_uncompressed_bytes,
            max(self.budget_floor_bytes, self.budget_ratio * archive_bytes),
        )

    def memory(self, archive_bytes: int) -> int:
        """How much memory reading an archive of ``archive_bytes`` may take."""
        return max(self.memory_floor_bytes, self.memory_ratio * archive_bytes)


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
    doctype = doctype_refused(what, what_en)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        if b"<!DOCTYPE" in data[:65536]:
            raise doctype from None
        raise damaged(what, what_en, error.lineno) from None
    docinfo: Any = root.getroottree().docinfo  # lxml-stubs lacks DocInfo.doctype
    if docinfo.doctype:
        # No REFI-QDA file has a DTD; one that declares entities is an attack or a mistake.
        raise doctype
    return root


def _namespaces(root: etree._Element) -> set[str]:
    return {e.tag for e in root.iter() if isinstance(e.tag, str)}


def _report_namespaces(tags: set[str], expected: str, reporter: Reporter) -> None:
    """Put first in the report the namespaces other than ``expected`` that ``tags`` use."""
    found = sorted(
        {
            etree.QName(tag).namespace or ""
            for tag in tags
            if etree.QName(tag).namespace != expected
        },
        reverse=True,
    )
    for namespace in found:
        reporter.first(
            Action.NOTE,
            "namespace",
            f"Elemen dalam namespace {namespace or '(kosong)'} dibaca seperti {expected}",
            f"Elements in namespace {namespace or '(none)'} were read as {expected}",
            namespace,
        )


def _report_schema(errors: list[str], schema: str, reporter: Reporter) -> None:
    """Put first in the report how far the file departs from ``schema``."""
    if errors:
        # The validator's own wording is technical English: the subject keeps it for experts.
        shown = "; ".join(errors[:3]) + (f" (+{len(errors) - 3})" if len(errors) > 3 else "")
        reporter.first(
            Action.NOTE,
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

    def _damaged(self, entry: zipfile.ZipInfo) -> CorruptArchiveError:
        return CorruptArchiveError(
            f"Berkas {entry.filename!r} di dalam arsip rusak",
            f"File {entry.filename!r} in the archive is damaged",
        )

    def _too_large(self, entry: zipfile.ZipInfo) -> LimitExceededError:
        return LimitExceededError(
            f"Isi arsip jauh lebih besar daripada arsipnya (lebih dari "
            f"{_size(self.budget)} setelah diekstrak, pada {entry.filename!r})",
            f"The archive's content is far larger than the archive (more than "
            f"{_size(self.budget)} once extracted, at {entry.filename!r})",
        )

    def _open(self, entry: zipfile.ZipInfo) -> IO[bytes]:
        if entry.flag_bits & 0x1:
            raise CorruptArchiveError(
                f"Berkas {entry.filename!r} di dalam arsip terenkripsi",
                f"File {entry.filename!r} in the archive is encrypted",
            )
        try:
            return self.archive.open(entry)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            raise self._damaged(entry) from None

    def read(self, entry: zipfile.ZipInfo, cap: int) -> bytes:
        allowed = min(cap, self.budget - self.read_bytes)
        try:
            with self._open(entry) as stream:
                data = stream.read(allowed + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            raise self._damaged(entry) from None
        if len(data) > allowed:
            raise self._too_large(entry)
        self.read_bytes += len(data)
        return data

    def stream(self, entry: zipfile.ZipInfo, cap: int) -> "_EntryStream":
        """The entry as a stream, counted against the budget and ``cap`` as it is read."""
        return _EntryStream(self, entry, self._open(entry), cap)


class _EntryStream:
    def __init__(
        self, archive: _Archive, entry: zipfile.ZipInfo, stream: IO[bytes], cap: int
    ) -> None:
        self.archive, self.entry, self.stream = archive, entry, stream
        self.left = cap

    def read(self, size: int = -1) -> bytes:
        try:
            data = self.stream.read(size)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            raise self.archive._damaged(self.entry) from None
        self.left -= len(data)
        self.archive.read_bytes += len(data)
        if self.left < 0 or self.archive.read_bytes > self.archive.budget:
            raise self.archive._too_large(self.entry)
        return data

    def close(self) -> None:
        self.stream.close()


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

        budget = MemoryBudget(limits.memory(len(data)))
        reader = ElementReader(lookup, reporter, budget)
        # Small documents are checked against the schema on the way (see VALIDATE_MAX_BYTES).
        checked = entry.file_size <= VALIDATE_MAX_BYTES
        stream = archive.stream(entry, limits.max_xml_bytes)
        try:
            events = XmlStream(stream, entry.filename, entry.filename, keep=checked)
            read = ProjectWalker(reader, budget, entry.filename).walk(events)
        finally:
            stream.close()
        project, unit = finish_project(reader, read)
        if checked:
            _report_schema(validate_project_xml(events.kept), "Project.xsd", reporter)
        else:
            reporter.first(
                Action.NOTE,
                "schema_unchecked",
                f"{entry.filename} lebih besar dari {_size(VALIDATE_MAX_BYTES)} sehingga tidak "
                "diperiksa terhadap skema REFI-QDA; isinya dibaca seperti biasa",
                f"{entry.filename} is larger than {_size(VALIDATE_MAX_BYTES)}, so it was not "
                "checked against the REFI-QDA schema; its content was read as usual",
            )
        _report_namespaces(read.tags, PROJECT_NAMESPACE, reporter)
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
    codebook = read_codebook(root, reporter=reporter)
    if local_name(root) == "CodeBook":
        _report_schema(validate_codebook_xml(root), "Codebook.xsd", reporter)
        _report_namespaces(_namespaces(root), CODEBOOK_NAMESPACE, reporter)
    counts = ImportCounts(codes=sum(len(c.walk()) for c in codebook.codes), sets=len(codebook.sets))
    return CodebookImportResult(codebook, ImportReport(counts, tuple(reporter.entries)))
