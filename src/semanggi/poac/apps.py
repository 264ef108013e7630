from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoacConfig(AppConfig):
    name = "semanggi.poac"
    verbose_name = _("Partnership management (POAC)")
