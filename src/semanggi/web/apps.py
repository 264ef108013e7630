from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "semanggi.web"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from django.urls import register_converter

        from semanggi.bounds import IdConverter

        # <id:pk>: an id a key can hold, else 404 (never an overflow in the database).
        register_converter(IdConverter, "id")
