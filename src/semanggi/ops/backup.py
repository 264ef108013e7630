"""Backups: the database and the media files in one archive, taken from one consistent
snapshot, and restored into an empty installation with the same rows and the same files.

The archive (``.tar.gz``, format 2) is read and written as a stream, in this order:

``manifest.json``
    format, Semanggi version, migrations, and every table with its columns and row count, in
    the order the tables are restored (each after the tables its foreign keys point to);
``database/<table>/<n>.jsonl``
    the table's rows in primary-key order, one JSON array per line in a portable form (see
    ``backup_tables``: a SQLite backup restores into PostgreSQL and back), in parts of about
    ``PART_BYTES`` each;
``media/<name>``
    every media file as stored;
``contents.json``
    every part and file with its SHA-256: an archive without it is incomplete.

Every member carries its SHA-256 in its PAX header as well, so each is checked before it is
used. Why: ``dumpdata``/``loaddata`` built a model instance per row and loaded the whole dump
before writing, which at national size (millions of rows) did not finish in an hour; here a
row is never more than a tuple, no table is held in memory (one part at most), the rows of
the snapshot are read through server-side cursors and written with COPY on PostgreSQL and
``executemany`` on SQLite. Archives of format 1 (one ``database.jsonl``) are refused with a
message: they come from versions at other migrations, and a restore needs the same ones."""

import hashlib
import io
import json
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from semanggi import __version__
from semanggi.core.text import Message
from semanggi.ops.backup_tables import (
    TableWriter,
    columns,
    models_in_order,
    row_counts,
    rows_read,
    sequences_reset,
)

__all__ = ["BackupError", "Summary", "backup_create", "backup_restore", "row_counts"]

FORMAT = 2
PART_BYTES = 4 * 1024 * 1024
# Media files up to this size are held in memory on their way in or out; larger ones spill
# to a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024
# gzip level: 6 is zlib's default, several times faster than tarfile's 9 for a few per cent.
COMPRESSION = 6
SHA256 = "SEMANGGI.sha256"
# What reading a damaged or cut archive raises (besides its own checks).
_ARCHIVE_ERRORS = (tarfile.TarError, OSError, EOFError, zlib.error)
_CONTENT_ERRORS = (ValueError, TypeError, KeyError, IndexError, ValidationError)


class BackupError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class Summary:
    rows: int
    tables: int
    files: int
    bytes: int


def _migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _media_files(folder: str = "") -> Iterator[str]:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _media_files(f"{folder}/{sub}" if folder else sub)


def backup_create(*, target: Path, part_bytes: int = PART_BYTES) -> Summary:
    """Write the archive to ``target`` (through ``target.partial``, renamed when complete).
    The rows come from one snapshot (a repeatable-read, read-only transaction on PostgreSQL,
    one read transaction on SQLite); the media files are listed after it, so every file a row
    of the snapshot names is there (unless it was deleted meanwhile)."""
    partial = target.with_name(target.name + ".partial")
    contents: dict[str, list[dict[str, Any]]] = {"parts": [], "files": []}
    try:
        with tarfile.open(
            partial, "w:gz", format=tarfile.PAX_FORMAT, compresslevel=COMPRESSION
        ) as archive:
            with transaction.atomic(using="default"):
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                models = models_in_order()
                counts = row_counts()  # the first read fixes the snapshot
                manifest = {
                    "format": FORMAT,
                    "semanggi": __version__,
                    "created_at": timezone.now().isoformat(),
                    "database": connection.vendor,
                    "migrations": _migrations(),
                    "tables": [
                        {"table": t, "columns": columns(m), "rows": counts[t]}
                        for m in models
                        if (t := m._meta.db_table)
                    ],
                }
                _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
                for model in models:
                    table = model._meta.db_table
                    if _table_add(archive, model, part_bytes, contents["parts"]) != counts[table]:
                        raise BackupError(
                            Message(
                                f"Tabel {table} berubah selama pencadangan: coba lagi",
                                f"The table {table} changed during the backup: try again",
                            )
                        )
            size = 0
            for name in _media_files():
                try:
                    handle = default_storage.open(name, "rb")
                except FileNotFoundError:  # deleted with its record since it was listed
                    continue
                with handle, tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool:
                    digest = hashlib.sha256()
                    while chunk := handle.read(1024 * 1024):
                        digest.update(chunk)
                        spool.write(chunk)
                    length = spool.tell()
                    spool.seek(0)
                    _add(archive, f"media/{name}", spool, length, digest.hexdigest())
                contents["files"].append(
                    {"name": name, "sha256": digest.hexdigest(), "size": length}
                )
                size += length
            _add_bytes(archive, "contents.json", json.dumps(contents, indent=0).encode())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Summary(sum(counts.values()), len(counts), len(contents["files"]), size)


def _table_add(
    archive: tarfile.TarFile, model: Any, part_bytes: int, parts: list[dict[str, Any]]
) -> int:
    """The table's rows into parts of about ``part_bytes``; their number."""
    table = model._meta.db_table
    buffer = bytearray()
    number = 0

    def flush() -> None:
        nonlocal number
        number += 1
        name = f"database/{table}/{number:06d}.jsonl"
        digest = hashlib.sha256(buffer).hexdigest()
        _add(archive, name, io.BytesIO(buffer), len(buffer), digest)
        parts.append({"name": name, "table": table, "sha256": digest})
        buffer.clear()

    rows = 0
    for line in rows_read(model):
        buffer += line
        rows += 1
        if len(buffer) >= part_bytes:
            flush()
    if buffer:
        flush()
    return rows


def _add(archive: tarfile.TarFile, name: str, data: IO[bytes], size: int, digest: str) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    info.pax_headers = {SHA256: digest}
    archive.addfile(info, data)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    _add(archive, name, io.BytesIO(data), len(data), hashlib.sha256(data).hexdigest())


def _cut() -> Message:
    return Message(
        "Cadangan ini rusak atau terpotong; tidak ada yang dipulihkan",
        "The backup is damaged or cut short; nothing was restored",
    )


def _damaged(name: str) -> Message:
    return Message(
        f"Bagian {name} dalam cadangan rusak atau tidak lengkap; tidak ada yang dipulihkan",
        f"The part {name} of the backup is damaged or incomplete; nothing was restored",
    )


class _Reader:
    """The archive read once, front to back, one member at a time (nothing kept of the
    members already read); whatever a damaged archive raises becomes a ``BackupError``."""

    def __init__(self, archive: tarfile.TarFile) -> None:
        self.archive = archive

    def next(self) -> tarfile.TarInfo | None:
        self.archive.members.clear()  # a stream: the list would grow with every member
        try:
            return self.archive.next()
        except _ARCHIVE_ERRORS:
            raise BackupError(_cut()) from None

    def read(self, member: tarfile.TarInfo, limit: int | None = None) -> bytes:
        """The member's content, checked against its SHA-256."""
        spool = self.spool(member, limit)
        with spool:
            return spool.read()

    def spool(self, member: tarfile.TarInfo, limit: int | None = None) -> IO[bytes]:
        """The member's content in a (spooled) temporary file at its start, checked against
        its SHA-256 before it is returned."""
        name = member.name
        path = PurePosixPath(name)
        expected = member.pax_headers.get(SHA256)
        if path.is_absolute() or ".." in path.parts or not member.isfile() or not expected:
            raise BackupError(_damaged(name))
        if limit is not None and member.size > limit:
            raise BackupError(_damaged(name))
        spool = tempfile.SpooledTemporaryFile(max(SPOOL_BYTES, PART_BYTES * 2))  # noqa: SIM115
        try:
            handle = self.archive.extractfile(member)
            if handle is None:
                raise BackupError(_damaged(name))
            digest = hashlib.sha256()
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
                spool.write(chunk)
            if digest.hexdigest() != expected or spool.tell() != member.size:
                raise BackupError(_damaged(name))
        except _ARCHIVE_ERRORS:
            spool.close()
            raise BackupError(_damaged(name)) from None
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return spool  # type: ignore[return-value]


def backup_restore(*, source: Path) -> Summary:
    """Restore the archive into this installation, which must be empty and at the same
    migrations; all or nothing. Afterwards every table has the archived rows and every media
    file its archived content, or the restore is undone."""
    try:
        archive = tarfile.open(source, "r|gz")  # noqa: SIM115 - closed by the `with` below
    except _ARCHIVE_ERRORS:
        raise BackupError(
            Message("Berkas ini bukan cadangan Semanggi", "This file is not a Semanggi backup")
        ) from None
    with archive:
        reader = _Reader(archive)
        manifest = _manifest(reader)
        _check_target(manifest)
        written: list[str] = []
        try:
            with transaction.atomic(using="default"):
                # The empty installation's own content types and permissions give way to the
                # archived ones, ids and all.
                Permission.objects.all().delete()
                ContentType.objects.all().delete()
                ContentType.objects.clear_cache()
                size = _load(reader, manifest, written)
        except BaseException:
            ContentType.objects.clear_cache()
            for name in written:
                default_storage.delete(name)
            raise
        ContentType.objects.clear_cache()
    rows = {t["table"]: t["rows"] for t in manifest["tables"]}
    return Summary(sum(rows.values()), len(rows), len(written), size)


def _load(reader: _Reader, manifest: dict[str, Any], written: list[str]) -> int:
    """Every member after the manifest, in the transaction of the restore; the bytes of the
    media files."""
    models = {m._meta.db_table: m for m in models_in_order()}
    tables = {t["table"]: t for t in manifest["tables"]}
    if set(tables) != set(models):
        raise BackupError(_damaged("manifest.json"))
    writers: dict[str, TableWriter] = {}
    loaded = dict.fromkeys(tables, 0)
    seen: dict[str, str] = {}
    contents: Any = None
    size = 0
    while (member := reader.next()) is not None:
        name = member.name
        if contents is not None or name in seen:
            raise BackupError(_damaged(name))
        if name == "contents.json":
            try:
                contents = json.loads(reader.read(member))
                expected = {e["name"]: e["sha256"] for e in contents["parts"]} | {
                    f"media/{e['name']}": e["sha256"] for e in contents["files"]
                }
            except _CONTENT_ERRORS:
                raise BackupError(_damaged(name)) from None
            continue
        seen[name] = member.pax_headers.get(SHA256, "")
        parts = PurePosixPath(name).parts
        if len(parts) == 3 and parts[0] == "database" and parts[1] in tables:
            table = parts[1]
            data = reader.read(member, limit=None)
            try:
                if table not in writers:
                    writers[table] = TableWriter(models[table], tables[table]["columns"])
                loaded[table] += writers[table].write(data.splitlines())
            except _CONTENT_ERRORS:
                raise BackupError(_damaged(name)) from None
            except DatabaseError as error:
                raise BackupError(_unfit(name, error)) from None
        elif len(parts) > 1 and parts[0] == "media":
            target = name.removeprefix("media/")
            with reader.spool(member) as spool:
                saved = default_storage.save(target, File(spool, name=target))
            written.append(saved)
            if saved != target:
                raise BackupError(_damaged(name))
            size += member.size
        else:
            raise BackupError(_damaged(name))
    if contents is None or expected != seen:
        raise BackupError(_damaged("contents.json"))
    differ = [t for t, n in loaded.items() if n != tables[t]["rows"]]
    if differ:
        raise BackupError(_damaged(f"database/{differ[0]}"))
    try:
        connection.check_constraints()
    except DatabaseError as error:
        raise BackupError(_unfit("database", error)) from None
    after = row_counts()
    if after != {t: tables[t]["rows"] for t in after}:
        differ = [
            f"{t} {after[t]}≠{tables[t]['rows']}" for t in after if after[t] != tables[t]["rows"]
        ]
        text = ", ".join(differ)[:300]
        raise BackupError(
            Message(
                f"Jumlah baris setelah pemulihan tidak sama dengan cadangan: {text}",
                f"The row counts after the restore differ from the backup: {text}",
            )
        )
    sequences_reset(list(models.values()))
    return size


def _unfit(name: str, error: DatabaseError) -> Message:
    detail = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
    return Message(
        f"Isi {name} dalam cadangan tidak dapat dimuat ke basis data ini ({detail}); "
        "tidak ada yang dipulihkan",
        f"The content of {name} in the backup does not load into this database ({detail}); "
        "nothing was restored",
    )


def _manifest(reader: _Reader) -> dict[str, Any]:
    invalid = BackupError(
        Message("Cadangan tanpa manifest yang sah", "The backup has no valid manifest")
    )
    member = reader.next()
    if member is None or member.name != "manifest.json":
        raise invalid
    try:
        manifest: dict[str, Any] = json.loads(reader.read(member, limit=64 * 1024 * 1024))
        version = manifest["format"]
    except (BackupError, *_CONTENT_ERRORS):
        raise invalid from None
    if version == 1:
        raise BackupError(
            Message(
                "Cadangan ini berformat 1, dari versi Semanggi sebelumnya: pulihkan dengan "
                "versi yang membuatnya, lalu perbarui",
                "This backup is in format 1, from an earlier Semanggi version: restore it "
                "with the version that made it, then upgrade",
            )
        )
    if version != FORMAT:
        raise BackupError(
            Message(
                f"Format cadangan tidak dikenal ({version})", f"Unknown backup format ({version})"
            )
        )
    try:
        for entry in manifest["tables"]:
            if not (
                isinstance(entry["table"], str)
                and isinstance(entry["rows"], int)
                and all(isinstance(c, str) for c in entry["columns"])
            ):
                raise ValueError(entry)
        if not all(isinstance(m, str) for m in manifest["migrations"]):
            raise ValueError("migrations")
    except _CONTENT_ERRORS:
        raise invalid from None
    return manifest


def _check_target(manifest: dict[str, Any]) -> None:
    if _migrations() != manifest["migrations"]:
        raise BackupError(
            Message(
                "Versi basis data berbeda dari cadangan: pasang versi Semanggi yang sama, "
                "pulihkan, lalu perbarui",
                "The database is at other migrations than the backup: install the same "
                "Semanggi version, restore, then upgrade",
            )
        )
    filled = {table: n for table, n in row_counts(rebuilt=False).items() if n}
    if filled or any(True for _ in _media_files()):
        raise BackupError(
            Message(
                "Instalasi ini tidak kosong; pemulihan hanya ke instalasi kosong",
                "This installation is not empty; a backup is restored only into an empty one",
            )
        )
