from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "semanggi.evidence"
    verbose_name = _("Evidence")

    def ready(self) -> None:
        from semanggi.evidence.models import Source
        from semanggi.files import files_follow_records

        files_follow_records(Source, "original")
