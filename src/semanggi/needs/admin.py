from django.contrib import admin

from semanggi.admin_base import RecordAdmin
from semanggi.needs.models import Need, Offer, RegionFigure


@admin.register(Need)
class NeedAdmin(RecordAdmin):
    list_display = ["title", "sector", "status", "priority", "publisher"]
    list_filter = ["status", "priority", "sector"]
    search_fields = ["title", "title_en"]
    raw_id_fields = ["regions", "partnership"]
    autocomplete_fields = ["publisher"]


@admin.register(Offer)
class OfferAdmin(RecordAdmin):
    list_display = ["title", "organisation", "status", "budget_min", "budget_max"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["regions"]
    autocomplete_fields = ["organisation"]


@admin.register(RegionFigure)
class RegionFigureAdmin(RecordAdmin):
    list_display = ["region", "year", "measure", "value", "unit", "source"]
    list_filter = ["measure", "year"]
    raw_id_fields = ["region"]
