"""Pages of the assessment of partnership models."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
