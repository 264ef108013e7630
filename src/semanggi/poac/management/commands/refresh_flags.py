from django.core.management.base import BaseCommand
from django.utils import timezone

from semanggi.partnerships.models import Partnership
from semanggi.poac.services import partnership_summary_refresh


class Command(BaseCommand):
    help = "Recompute every partnership's variance flags for today (run daily)."

    def handle(self, *args: object, **options: object) -> None:
        ids = list(Partnership.objects.values_list("pk", flat=True))
        today = timezone.localdate()
        done = sum(
            partnership_summary_refresh(partnership_ids=ids[i : i + 2000], today=today)
            for i in range(0, len(ids), 2000)
        )
        self.stdout.write(f"Flags refreshed / tanda diperbarui: {done} partnerships, {today}.")
