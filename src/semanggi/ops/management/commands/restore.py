"""``semanggi restore FILE``: a backup into an empty installation (after `semanggi migrate`)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from semanggi.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `semanggi backup` into this installation, which must be "
        "empty and migrated to the same version; all or nothing, counts and files checked."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive written by `semanggi backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_restore(source=Path(options["file"]))
        except BackupError as error:
            raise CommandError(f"{error.message.id} / {error.message.en}", returncode=2) from None
        self.stdout.write(
            f"Restored / dipulihkan: {summary.rows} rows in {summary.tables} tables, "
            f"{summary.files} media files ({summary.bytes} bytes)."
        )
