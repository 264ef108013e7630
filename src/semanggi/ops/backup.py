"""Backups: the database and the media files in one archive, taken from one consistent
snapshot, and restored into an empty installation with the same counts and the same files.

The archive (``.tar.gz``) holds ``manifest.json`` (version, migrations, row counts per table,
every media file with its SHA-256), ``database.jsonl`` (Django's portable serialisation, so a
SQLite backup restores into PostgreSQL and back) and ``media/…``."""

import hashlib
import io
import json
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from semanggi import __version__
from semanggi.core.text import Message

FORMAT = 1
# Made by `migrate` in every installation, with ids of its own: replaced by the archived
# rows on restore (so that every reference to them keeps its id).
REBUILT = ("django_content_type", "auth_permission")


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


def row_counts(*, rebuilt: bool = True) -> dict[str, int]:
    """Rows per table (many-to-many tables included); without the tables `migrate` fills when
    ``rebuilt`` is false."""
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if rebuilt or m._meta.db_table not in REBUILT
    ]
    return {m._meta.db_table: m._default_manager.using("default").count() for m in models}


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


def backup_create(*, target: Path) -> Summary:
    """Write the archive to ``target``. The rows come from one snapshot (a repeatable-read
    transaction on PostgreSQL, a read transaction on SQLite); the media files are listed
    after it, so every file a row of the snapshot names is there."""
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "database.jsonl"
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = row_counts()  # the first read fixes the snapshot
            migrations = _migrations()
            call_command(
                "dumpdata",
                format="jsonl",
                output=str(dump),
                verbosity=0,
                database="default",
            )
        files = []
        with tarfile.open(target, "w:gz") as archive:
            archive.add(dump, arcname="database.jsonl")
            size = 0
            for name in _media_files():
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
                files.append({"name": name, "sha256": hashlib.sha256(data).hexdigest()})
                _add(archive, f"media/{name}", data)
                size += len(data)
            manifest = {
                "format": FORMAT,
                "semanggi": __version__,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": migrations,
                "rows": counts,
                "files": files,
            }
            _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    return Summary(sum(counts.values()), len(counts), len(files), size)


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup_restore(*, source: Path) -> Summary:
    """Restore the archive into this installation, which must be empty and at the same
    migrations; all or nothing. Afterwards every table has the archived number of rows and
    every media file its archived content, or the restore is undone."""
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the `with` below
    except (OSError, tarfile.TarError):
        raise BackupError(
            Message("Berkas ini bukan cadangan Semanggi", "This file is not a Semanggi backup")
        ) from None
    with archive, tempfile.TemporaryDirectory() as scratch:
        manifest = _manifest(archive)
        _check_target(manifest)
        dump = Path(scratch) / "database.jsonl"
        dump.write_bytes(_read(archive, "database.jsonl"))
        written: list[str] = []
        try:
            with transaction.atomic():
                # The empty installation's own content types and permissions give way to the
                # archived ones, ids and all.
                Permission.objects.all().delete()
                ContentType.objects.all().delete()
                ContentType.objects.clear_cache()
                with _history_paused():
                    call_command("loaddata", str(dump), verbosity=0, database="default")
                for entry in manifest["files"]:
                    data = _read(archive, f"media/{entry['name']}")
                    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                        raise BackupError(_damaged(entry["name"]))
                    saved = default_storage.save(entry["name"], ContentFile(data))
                    written.append(saved)
                    if saved != entry["name"]:
                        raise BackupError(_damaged(entry["name"]))
                after = row_counts()
                if after != manifest["rows"]:
                    differ = ", ".join(
                        f"{table} {after.get(table)}≠{n}"
                        for table, n in manifest["rows"].items()
                        if after.get(table) != n
                    )[:300]
                    raise BackupError(
                        Message(
                            f"Jumlah baris setelah pemulihan tidak sama dengan cadangan: {differ}",
                            f"The row counts after the restore differ from the backup: {differ}",
                        )
                    )
        except BaseException:
            ContentType.objects.clear_cache()
            for name in written:
                default_storage.delete(name)
            raise
    rows = manifest["rows"]
    size = sum(default_storage.size(f["name"]) for f in manifest["files"])
    return Summary(sum(rows.values()), len(rows), len(manifest["files"]), size)


@contextmanager
def _history_paused() -> Iterator[None]:
    """The history rows are restored from the archive: loading must not add new ones (the
    many-to-many fields would, as their values are set)."""
    before = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = before


def _damaged(name: str) -> Message:
    return Message(
        f"Berkas {name} dalam cadangan rusak", f"The file {name} in the backup is damaged"
    )


def _read(archive: tarfile.TarFile, name: str) -> bytes:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(_damaged(name))
    try:
        member = archive.getmember(name)
    except KeyError:
        raise BackupError(_damaged(name)) from None
    handle = archive.extractfile(member) if member.isfile() else None
    if handle is None:
        raise BackupError(_damaged(name))
    return handle.read()


def _manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(_read(archive, "manifest.json"))
    except (BackupError, ValueError):
        raise BackupError(
            Message("Cadangan tanpa manifest yang sah", "The backup has no valid manifest")
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(Message("Format cadangan tidak dikenal", "Unknown backup format"))
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
