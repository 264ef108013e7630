"""``semanggi backup FILE``: the database and the media files in one consistent archive."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from semanggi.ops.backup import backup_create


class Command(BaseCommand):
    help = "Write a backup (database and media files, one snapshot) to FILE (.tar.gz)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive to write, e.g. semanggi-2026-11-29.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = backup_create(target=Path(options["file"]))
        self.stdout.write(
            f"Backup / cadangan: {summary.rows} rows in {summary.tables} tables, "
            f"{summary.files} media files ({summary.bytes} bytes) → {options['file']}"
        )
