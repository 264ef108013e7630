from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "semanggi.reports"
    verbose_name = "Reports"
