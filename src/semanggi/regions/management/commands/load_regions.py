import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from semanggi.regions.services import DATA_DIR, RegionDataError, region_load


class Command(BaseCommand):
    help = "Load the official Indonesian regions (idn-area-data, ODbL). Safe to repeat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=DATA_DIR)

    def handle(self, *args: object, directory: Path, **options: object) -> None:
        started = time.perf_counter()
        try:
            result = region_load(directory=directory)
        except RegionDataError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Wilayah / regions: {result.total} ({result.created} baru / new, "
            f"{result.updated} diperbarui / refreshed) in {time.perf_counter() - started:.1f} s. "
            "Data: idn-area-data 4.0.1, ODbL."
        )
