"""Pages of the needs catalogue, offers and matching."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
