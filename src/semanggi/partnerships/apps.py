from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "semanggi.partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from semanggi.files import files_follow_records
        from semanggi.partnerships.models import Agreement

        files_follow_records(Agreement, "document")
