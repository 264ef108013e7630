"""``semanggi upgrade``: what every installation and every upgrade runs once, before the new
version serves: database migrations, static files, the official regions, the stored region
figures recomputed. Safe to repeat."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Migrate the database, collect static files, refresh the regions and the region "
        "figures (safe to repeat)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=verbosity)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_regions", verbosity=verbosity)
        # A new version may count differently: the region figures are recomputed once.
        call_command("refresh_aggregates", verbosity=verbosity)
        self.stdout.write("Upgrade done / pembaruan selesai.")
