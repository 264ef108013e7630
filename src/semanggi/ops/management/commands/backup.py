"""``semanggi backup FILE``: the database and the media files in one consistent archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from semanggi.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a backup (database and media files, one snapshot) to FILE (.tar.gz)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive to write, e.g. semanggi-2026-11-29.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(target=Path(options["file"]))
        except BackupError as error:
            raise CommandError(f"{error.message.id} / {error.message.en}", returncode=2) from None
        self.stdout.write(
            f"Backup / cadangan: {summary.rows} rows in {summary.tables} tables, "
            f"{summary.files} media files ({summary.bytes} bytes) → {options['file']}"
        )
