from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from semanggi.partnerships.models import Partnership
from semanggi.poac.aggregates_rebuild import region_aggregates_rebuild
from semanggi.poac.services import partnership_summary_refresh


class Command(BaseCommand):
    help = (
        "Recompute every partnership's variance flags for today, then the region figures "
        "(run daily)."
    )

    def handle(self, *args: object, **options: object) -> None:
        ids = list(Partnership.objects.values_list("pk", flat=True))
        today = timezone.localdate()
        with transaction.atomic():
            done = sum(
                partnership_summary_refresh(
                    partnership_ids=ids[i : i + 2000], today=today, aggregates=False
                )
                for i in range(0, len(ids), 2000)
            )
            region_aggregates_rebuild(today=today)
        self.stdout.write(f"Flags refreshed / tanda diperbarui: {done} partnerships, {today}.")
