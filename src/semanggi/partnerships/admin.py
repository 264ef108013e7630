from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from semanggi.admin_base import RecordAdmin
from semanggi.partnerships.models import (
    Absence,
    Agreement,
    Condition,
    Contribution,
    Dependence,
    Objective,
    Partnership,
    Party,
    PartyRole,
)
from semanggi.poac.aggregates import region_aggregates_update
from semanggi.poac.services import partnership_delete


class PartyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Party
    extra = 0
    autocomplete_fields = ["organisation"]
    show_change_link = True


class ObjectiveInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Objective
    extra = 0


class AgreementInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Agreement
    extra = 0


class AbsenceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Absence
    extra = 0
    raw_id_fields = ["party"]


class DependenceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Dependence
    extra = 0
    raw_id_fields = ["party", "on_party"]


@admin.register(Partnership)
class PartnershipAdmin(RecordAdmin):
    partnership_path = ""
    list_display = ["title", "sector", "status", "phase", "is_published"]
    list_filter = ["status", "phase", "is_published", "sector"]
    search_fields = ["title", "title_en", "programme", "slug"]
    # The phase moves on the partnership's page only: through the gates, with the reasons
    # they ask for, recorded as phase changes (a closed partnership reopens there too).
    readonly_fields = ["phase"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["locations"]
    inlines = [PartyInline, ObjectiveInline, AgreementInline, AbsenceInline, DependenceInline]

    # What the region figures count (publication, places, phase…) changes here too.
    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        region_aggregates_update(partnership_ids=[form.instance.pk])

    def delete_model(self, request: HttpRequest, obj: Partnership) -> None:
        partnership_delete(partnership=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Partnership]) -> None:
        for partnership in queryset:
            partnership_delete(partnership=partnership)


class PartyRoleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PartyRole
    extra = 0


class ContributionInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Contribution
    extra = 0


@admin.register(Party)
class PartyAdmin(RecordAdmin):
    partnership_path = "partnership"
    list_display = ["organisation", "partnership", "standing", "beneficiary"]
    list_filter = ["standing"]
    search_fields = ["organisation__name", "partnership__title"]
    autocomplete_fields = ["organisation", "partnership"]
    inlines = [PartyRoleInline, ContributionInline]


@admin.register(Contribution)
class ContributionAdmin(RecordAdmin):
    partnership_path = "party__partnership"
    list_display = ["party", "kind", "planned_value", "realised_value", "values_illustrative"]
    list_filter = ["kind", "values_illustrative"]
    raw_id_fields = ["party"]


@admin.register(Agreement)
class AgreementAdmin(RecordAdmin):
    partnership_path = "partnership"
    list_display = ["kind", "title", "number", "signed_on", "partnership"]
    list_filter = ["kind"]
    raw_id_fields = ["partnership"]


@admin.register(Condition)
class ConditionAdmin(RecordAdmin):
    list_display = ["kind", "text", "partnership"]
    list_filter = ["kind"]
    raw_id_fields = ["partnership", "agreement"]
