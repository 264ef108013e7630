from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest

from semanggi.access.selectors import principal_for
from semanggi.admin_base import RecordAdmin
from semanggi.core.access import Principal
from semanggi.needs.models import Need, Offer, RegionFigure
from semanggi.needs.selectors import (
    need_can_change,
    need_can_view,
    need_visible_q,
    offer_can_change,
    offer_can_view,
    offer_visible_q,
)


@admin.register(Need)
class NeedAdmin(RecordAdmin):
    list_display = ["title", "sector", "status", "priority", "publisher"]
    list_filter = ["status", "priority", "sector"]
    search_fields = ["title", "title_en"]
    raw_id_fields = ["regions", "partnership"]
    autocomplete_fields = ["publisher"]

    def access_scope(self, principal: Principal) -> Q | None:
        return need_visible_q(principal)

    def access_allows(self, request: HttpRequest, obj: Any, action: str) -> bool:
        principal = principal_for(request.user)
        if obj.pk is None:
            return principal.authenticated and bool(
                principal.admin or principal.organisation_ids or principal.coordinator_areas
            )
        if action == "view":
            return need_can_view(principal, obj)
        return need_can_change(principal, obj)


@admin.register(Offer)
class OfferAdmin(RecordAdmin):
    list_display = ["title", "organisation", "status", "budget_min", "budget_max"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["regions"]
    autocomplete_fields = ["organisation"]

    def access_scope(self, principal: Principal) -> Q | None:
        return offer_visible_q(principal)

    def access_allows(self, request: HttpRequest, obj: Any, action: str) -> bool:
        principal = principal_for(request.user)
        if action == "view":
            return offer_can_view(principal, obj)
        return offer_can_change(principal, obj)


@admin.register(RegionFigure)
class RegionFigureAdmin(RecordAdmin):
    list_display = ["region", "year", "measure", "value", "unit", "source"]
    list_filter = ["measure", "year"]
    raw_id_fields = ["region"]
