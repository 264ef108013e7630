"""Pages of the evidence workbench (studies, informants, sources, coding, displays,
findings, REFI-QDA exchange)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
