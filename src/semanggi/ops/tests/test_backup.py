"""Backup and restore round trip: into an emptied installation, the same rows and the same
files (this test runs in the SQLite pass and in the PostgreSQL pass of the suite)."""

import hashlib
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from semanggi.evidence.tests.factories import filled_study
from semanggi.jobs.services import job_submit
from semanggi.ops.backup import row_counts
from semanggi.partnerships.models import Partnership
from semanggi.testing.world import world_create


def media_digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_installation_with_the_same_rows_and_files(
    tmp_path: Path, settings: Any
) -> None:
    world = world_create()
    filled_study(world.study, world.eva)  # sources, codes, segments, findings, their history
    job_submit(kind="dashboard_export", actor=world.kurnia, params={"format": "csv"})
    default_storage.save("evidence/wawancara.txt", ContentFile(b"Transkrip wawancara"))
    before_rows = row_counts()
    before_files = media_digests(Path(settings.MEDIA_ROOT))
    assert len(before_files) == 2 and sum(before_rows.values()) > 150
    archive = tmp_path / "semanggi.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    # An empty installation: no rows (migrate's own aside), an empty media folder.
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    assert not any(row_counts(rebuilt=False).values())

    call_command("restore", str(archive), verbosity=0)
    assert row_counts() == before_rows
    assert media_digests(Path(settings.MEDIA_ROOT)) == before_files
    restored = Partnership.objects.get(slug=world.semanggi.slug)
    assert restored.pk == world.semanggi.pk and restored.title == world.semanggi.title

    # A second restore into what is now a full installation is refused, and changes nothing.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)
    assert row_counts() == before_rows


@pytest.mark.django_db
def test_a_damaged_or_foreign_archive_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.tar.gz"
    with tarfile.open(foreign, "w:gz") as archive:
        archive.add(__file__, arcname="database.jsonl")
    with pytest.raises(CommandError, match="no valid manifest"):
        call_command("restore", str(foreign), verbosity=0)
    not_an_archive = tmp_path / "notes.txt"
    not_an_archive.write_text("bukan cadangan")
    with pytest.raises(CommandError, match="not a Semanggi backup"):
        call_command("restore", str(not_an_archive), verbosity=0)
