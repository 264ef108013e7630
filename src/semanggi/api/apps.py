from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "semanggi.api"
    label = "semanggi_api"
    verbose_name = "API"
