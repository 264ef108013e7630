"""Data at rest: uploaded files go with their record (on commit), and what Semanggi writes
is readable by its own account only."""

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from semanggi.evidence.models import SourceKind
from semanggi.evidence.services import source_create
from semanggi.partnerships.models import Agreement, AgreementKind
from semanggi.testing.files import pdf_file
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def agreement(world: World) -> Agreement:
    record = Agreement(partnership=world.semanggi, kind=AgreementKind.MOU, title="MoU")
    record.document = SimpleUploadedFile("mou.pdf", pdf_file())
    record.save()
    return record


def test_a_deleted_records_file_is_removed_on_commit(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    record = agreement(world)
    path = Path(settings.MEDIA_ROOT) / record.document.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        record.delete()
    assert not path.exists()


def test_a_rolled_back_delete_keeps_the_file(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    record = agreement(world)
    path = Path(settings.MEDIA_ROOT) / record.document.name
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        record.delete()
        raise RuntimeError
    assert callbacks == [] and path.exists()


def test_a_replaced_file_is_removed_and_the_new_one_kept(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    record = agreement(world)
    old = Path(settings.MEDIA_ROOT) / record.document.name
    with django_capture_on_commit_callbacks(execute=True):
        record.document = SimpleUploadedFile("mou-baru.pdf", pdf_file("Adendum"))
        record.save()
    assert not old.exists()
    assert (Path(settings.MEDIA_ROOT) / record.document.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        record.title = "MoU (ditandatangani)"
        record.save()  # the file is unchanged: kept
    assert (Path(settings.MEDIA_ROOT) / record.document.name).exists()


def test_a_studys_source_files_go_with_the_study(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    source = source_create(
        study=world.study,
        actor=world.eva,
        kind=SourceKind.DOCUMENT,
        title="Notulen",
        file_name="notulen.txt",
        file_data=b"Rapat perencanaan bersama.\n",
    )
    path = Path(settings.MEDIA_ROOT) / source.original.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        world.study.delete()
    assert not path.exists()


def test_uploaded_files_and_folders_are_private(world: World, settings: Any) -> None:
    record = agreement(world)
    path = Path(settings.MEDIA_ROOT) / record.document.name
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    name = default_storage.save("uji/catatan.txt", ContentFile(b"x"))
    assert mode(Path(settings.MEDIA_ROOT) / name) == 0o600


def test_the_database_and_data_folder_are_private(settings: Any, tmp_path: Path) -> None:
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700
    # A SQLite database (and its journals) created by this process: the umask applies.
    database = tmp_path / "semanggi.sqlite3"
    sqlite3.connect(database).execute("create table t (x)").connection.close()
    assert mode(database) == 0o600
    folder = Path(settings.DATA_DIR)
    if folder.is_dir() and folder.stat().st_uid == os.getuid():
        assert mode(folder) == 0o700
