from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from semanggi.poac.aggregates_rebuild import (
    region_aggregates_differences,
    region_aggregates_rebuild,
)


class Command(BaseCommand):
    help = (
        "Recompute the stored region figures (counts, money, flags by region) from the "
        "records; with --check, only say where they differ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="compare the stored figures with a recomputation, change nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            differences = region_aggregates_differences()
            for line in differences[:50]:
                self.stdout.write(line)
            if differences:
                raise CommandError(
                    f"{len(differences)} differences / perbedaan: "
                    "run `semanggi refresh_aggregates`."
                )
            self.stdout.write("Region figures agree / angka wilayah sesuai.")
            return
        counted = region_aggregates_rebuild()
        self.stdout.write(
            f"Region figures recomputed / angka wilayah dihitung ulang: {counted} partnerships."
        )
