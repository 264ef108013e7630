from django.contrib import admin

from semanggi.admin_base import RecordAdmin
from semanggi.partnerships.models import (
    Agreement,
    Condition,
    Contribution,
    Objective,
    Partnership,
    Party,
    PartyRole,
)


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


@admin.register(Partnership)
class PartnershipAdmin(RecordAdmin):
    list_display = ["title", "sector", "status", "phase", "is_published"]
    list_filter = ["status", "phase", "is_published", "sector"]
    search_fields = ["title", "title_en", "programme", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["locations"]
    inlines = [PartyInline, ObjectiveInline, AgreementInline]


class PartyRoleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PartyRole
    extra = 0


class ContributionInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Contribution
    extra = 0


@admin.register(Party)
class PartyAdmin(RecordAdmin):
    list_display = ["organisation", "partnership"]
    search_fields = ["organisation__name", "partnership__title"]
    autocomplete_fields = ["organisation", "partnership"]
    inlines = [PartyRoleInline, ContributionInline]


@admin.register(Contribution)
class ContributionAdmin(RecordAdmin):
    list_display = ["party", "kind", "planned_value", "realised_value", "values_illustrative"]
    list_filter = ["kind", "values_illustrative"]
    raw_id_fields = ["party"]


@admin.register(Agreement)
class AgreementAdmin(RecordAdmin):
    list_display = ["kind", "title", "number", "signed_on", "partnership"]
    list_filter = ["kind"]
    raw_id_fields = ["partnership"]


@admin.register(Condition)
class ConditionAdmin(RecordAdmin):
    list_display = ["kind", "text", "partnership"]
    list_filter = ["kind"]
    raw_id_fields = ["partnership", "agreement"]
