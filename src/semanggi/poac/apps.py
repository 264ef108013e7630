from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoacConfig(AppConfig):
    name = "semanggi.poac"
    verbose_name = _("Partnership management (POAC)")

    def ready(self) -> None:
        from semanggi.files import files_follow_records
        from semanggi.poac.models import ProgressEvidence

        files_follow_records(ProgressEvidence, "file")
