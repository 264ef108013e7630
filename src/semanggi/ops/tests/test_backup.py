"""Backup and restore round trip: into an emptied installation, the same rows and the same
files; a damaged archive is refused with a message and leaves nothing behind (these tests run
in the SQLite pass and in the PostgreSQL pass of the suite)."""

import gzip
import hashlib
import io
import json
import tarfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from semanggi.evidence.tests.factories import filled_study
from semanggi.jobs.services import job_submit
from semanggi.ops.backup import backup_create, row_counts
from semanggi.ops.backup_tables import models_in_order
from semanggi.partnerships.models import Partnership, Party
from semanggi.testing.world import world_create

# A member changed: its new content, or None to leave it out.
Change = Callable[[tarfile.TarInfo, bytes], bytes | None]


def media_digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def table_contents() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as the database gives it back."""
    return {
        m._meta.db_table: list(
            m._base_manager.order_by("pk").values_list(
                *(f.attname for f in m._meta.local_concrete_fields)
            )
        )
        for m in models_in_order()
    }


def rewritten(source: Path, target: Path, change: Change, *, rehash: bool = True) -> Path:
    """A copy of the archive with members changed; with ``rehash`` their checksums follow
    (in the member and in contents.json), so that only the content is wrong."""
    changed: dict[str, str] = {}
    with (
        tarfile.open(source, "r:gz") as old,
        tarfile.open(target, "w:gz", format=tarfile.PAX_FORMAT) as new,
    ):
        for member in old.getmembers():
            handle = old.extractfile(member)
            assert handle is not None
            data = original = handle.read()
            if member.name == "contents.json" and changed:
                contents = json.loads(data)
                for entry in contents["parts"]:
                    entry["sha256"] = changed.get(entry["name"], entry["sha256"])
                data = json.dumps(contents).encode()
            result = change(member, data)
            if result is None:
                continue
            if result != original and rehash:
                digest = hashlib.sha256(result).hexdigest()
                member.pax_headers = {**member.pax_headers, "SEMANGGI.sha256": digest}
                changed[member.name] = digest
            member.size = len(result)
            new.addfile(member, io.BytesIO(result))
    return target


def part_of(table: str) -> Callable[[tarfile.TarInfo], bool]:
    return lambda member: member.name.startswith(f"database/{table}/")


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_installation_with_the_same_rows_and_files(
    tmp_path: Path, settings: Any
) -> None:
    world = world_create()
    filled_study(world.study, world.eva)  # sources, codes, segments, findings, their history
    job_submit(kind="dashboard_export", actor=world.kurnia, params={"format": "csv"})
    default_storage.save("evidence/wawancara.txt", ContentFile(b"Transkrip wawancara"))
    before_rows = row_counts()
    before_contents = table_contents()
    before_files = media_digests(Path(settings.MEDIA_ROOT))
    assert len(before_files) == 2 and sum(before_rows.values()) > 150
    archive = tmp_path / "semanggi.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    # The same snapshot in parts of a few rows each: a table is never read or written whole.
    small = tmp_path / "small-parts.tar.gz"
    backup_create(target=small, part_bytes=2000)
    with tarfile.open(small, "r:gz") as parts:
        tables = Counter(m.name.split("/")[1] for m in parts if m.name.startswith("database/"))
    assert tables.most_common(1)[0][1] > 2

    # An empty installation: no rows (migrate's own aside), an empty media folder.
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    assert not any(row_counts(rebuilt=False).values())

    # Damaged archives are refused with a message, exit code 2, and nothing restored.
    def first_line(table: str, line: bytes) -> Change:
        def change(member: tarfile.TarInfo, data: bytes) -> bytes:
            if member.name == f"database/{table}/000001.jsonl":
                return line + data[data.index(b"\n") :]
            return data

        return change

    def orphan_party(member: tarfile.TarInfo, data: bytes) -> bytes:
        if member.name != "database/partnerships_party/000001.jsonl":
            return data
        first, rest = data.split(b"\n", 1)
        row = json.loads(first)
        row[[f.column for f in Party._meta.local_concrete_fields].index("partnership_id")] = 424242
        return json.dumps(row).encode() + b"\n" + rest

    damaged = {
        "cut short": (small.read_bytes()[: small.stat().st_size // 2], "nothing was restored"),
        "a changed byte": (
            rewritten(
                small,
                tmp_path / "byte.tar.gz",
                lambda m, d: (
                    d.replace(b"Semanggi", b"Semangga", 1)
                    if part_of("partnerships_partnership")(m)
                    else d
                ),
                rehash=False,
            ).read_bytes(),
            "is damaged or incomplete",
        ),
        "a row without its columns": (
            rewritten(
                small, tmp_path / "row.tar.gz", first_line("partnerships_partnership", b"[1]")
            ).read_bytes(),
            "partnerships_partnership/000001.jsonl of the backup is damaged",
        ),
        "a party of no partnership": (
            rewritten(small, tmp_path / "party.tar.gz", orphan_party).read_bytes(),
            "does not load into this database",
        ),
        "no list of contents": (
            rewritten(
                small,
                tmp_path / "contents.tar.gz",
                lambda m, d: None if m.name == "contents.json" else d,
            ).read_bytes(),
            "contents.json of the backup is damaged",
        ),
        "a media file changed": (
            rewritten(
                small,
                tmp_path / "media.tar.gz",
                lambda m, d: b"lain" if m.name.startswith("media/") else d,
                rehash=False,
            ).read_bytes(),
            "is damaged or incomplete",
        ),
        "format 1": (
            rewritten(
                small,
                tmp_path / "format1.tar.gz",
                lambda m, d: (
                    d.replace(b'"format": 2', b'"format": 1') if m.name == "manifest.json" else d
                ),
            ).read_bytes(),
            "format 1, from an earlier Semanggi",
        ),
        "format 9": (
            rewritten(
                small,
                tmp_path / "format9.tar.gz",
                lambda m, d: (
                    d.replace(b'"format": 2', b'"format": 9') if m.name == "manifest.json" else d
                ),
            ).read_bytes(),
            r"Unknown backup format \(9\)",
        ),
    }
    for what, (data, message) in damaged.items():
        path = tmp_path / "damaged.tar.gz"
        path.write_bytes(data)
        with pytest.raises(CommandError, match=message) as refused:
            call_command("restore", str(path), verbosity=0)
        assert refused.value.returncode == 2, what
        assert not any(row_counts(rebuilt=False).values()), what
        assert not media_digests(Path(settings.MEDIA_ROOT)), what

    call_command("restore", str(archive), verbosity=0)
    assert row_counts() == before_rows
    assert table_contents() == before_contents
    assert media_digests(Path(settings.MEDIA_ROOT)) == before_files
    restored = Partnership.objects.get(slug=world.semanggi.slug)
    assert restored.pk == world.semanggi.pk and restored.title == world.semanggi.title

    # A second restore into what is now a full installation is refused, and changes nothing.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)
    assert row_counts() == before_rows
    # New rows take ids after the restored ones.
    assert Partnership.objects.create(title="Baru", slug="baru").pk > max(
        pk for pk, *_ in before_contents["partnerships_partnership"]
    )


def test_a_foreign_file_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.tar.gz"
    with tarfile.open(foreign, "w:gz") as archive:
        archive.add(__file__, arcname="database.jsonl")
    with pytest.raises(CommandError, match="no valid manifest"):
        call_command("restore", str(foreign), verbosity=0)
    not_an_archive = tmp_path / "notes.txt"
    not_an_archive.write_text("bukan cadangan")
    with pytest.raises(CommandError, match="not a Semanggi backup"):
        call_command("restore", str(not_an_archive), verbosity=0)
    not_a_tar = tmp_path / "notes.gz"
    not_a_tar.write_bytes(gzip.compress(b"bukan cadangan" * 100))
    with pytest.raises(CommandError, match="not a Semanggi backup"):
        call_command("restore", str(not_a_tar), verbosity=0)
