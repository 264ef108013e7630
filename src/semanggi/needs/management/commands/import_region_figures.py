from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from semanggi.needs.services import FiguresRejected, region_figures_import


class Command(BaseCommand):
    help = (
        "Import area-level region figures from a CSV file "
        "(region_code,year,measure,value,unit,source). All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, file: Path, **options: object) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: berkas tidak ditemukan / file not found")
        with file.open("rb") as handle:
            try:
                # The command acts as the system: figures for any region.
                result = region_figures_import(file=handle, actor=None)
            except FiguresRejected as rejected:
                for error in rejected.errors:
                    where = f"{file}:{error.line}" + (f" ({error.column})" if error.column else "")
                    self.stderr.write(f"{where}: {error.text('id')} / {error.text('en')}")
                raise CommandError(
                    "Tidak ada yang disimpan / nothing was saved "
                    f"({len(rejected.errors)} kesalahan / errors)."
                ) from None
        self.stdout.write(
            f"Angka wilayah / region figures: {result.created} baru / new, "
            f"{result.updated} diubah / changed, {result.unchanged} tetap / unchanged."
        )
