"""The pages. Each view parses and authorises, asks a selector, and renders."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from semanggi.access.selectors import principal_for
from semanggi.core.access import may_see_organisation_proposal
from semanggi.core.lifecycle import Phase, is_read_only
from semanggi.history import history_entries
from semanggi.needs.selectors import sector_label
from semanggi.organisations.models import Organisation, OrganisationKind
from semanggi.organisations.selectors import (
    VERIFIED,
    organisation_detail,
    organisation_list,
    organisation_may_verify,
    organisation_proposal_facts,
)
from semanggi.partnerships.models import Agreement, Partnership, PartnershipPhase
from semanggi.partnerships.selectors import (
    PartnershipFilters,
    partnership_detail,
    partnership_history,
    partnership_list,
    region_paths,
)
from semanggi.poac.dashboard import region_only
from semanggi.poac.figures import area_figures
from semanggi.poac.grids import involvement_grid, raci_grid
from semanggi.poac.page_reads import flags_from_records, subjects_from_records
from semanggi.poac.selectors import (
    management_records,
    next_gate,
    raci_matrix,
    snapshot_from_records,
)
from semanggi.regions.models import Region
from semanggi.regions.selectors import province_list, region_children, region_get
from semanggi.web.assessment_context import assessment_context
from semanggi.web.forms import OrganisationFilterForm, PartnershipFilterForm
from semanggi.web.views_grids import GRIDS, grid_context
from semanggi.web.views_poac import partnership_charts, timeline_for
from semanggi.web.views_portal import map_context, portal_context, region_figures

PAGE_SIZE = 25


class _Counted(Paginator):
    """A paginator told the number of items (from the stored figures): no COUNT over the
    whole set."""

    def __init__(self, items: Any, per_page: int, count: int) -> None:
        super().__init__(items, per_page)
        self._known = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._known


def _page(request: HttpRequest, items: Any, count: int | None = None) -> Any:
    paginator = Paginator(items, PAGE_SIZE) if count is None else _Counted(items, PAGE_SIZE, count)
    return paginator.get_page(request.GET.get("page"))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    country = area_figures(principal=principal_for(request.user), area=None)
    return render(
        request,
        "web/home.html",
        {
            "partnership_count": country.total,
            "organisation_count": Organisation.objects.filter(VERIFIED).count(),
            "region_count": country.places,
            "province_count": len(country.parts),
            **portal_context(request, country),
        },
    )


@require_GET
def region_index(request: HttpRequest) -> HttpResponse:
    provinces = list(province_list())
    country = area_figures(principal=principal_for(request.user), area=None)
    counts = {code: n for code, (n, _money) in country.parts.items()}
    return render(
        request,
        "web/region_index.html",
        {"rows": [(province, counts.get(province.code, 0)) for province in provinces]},
    )


@require_GET
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = region_get(code)
    if region is None:
        raise Http404
    principal = principal_for(request.user)
    figures = area_figures(principal=principal, area=region.code)
    children = list(region_children(region))
    counts = {code: n for code, (n, _money) in figures.parts.items()}
    partnerships = partnership_list(
        principal=principal, filters=PartnershipFilters(region=region.code)
    )
    return render(
        request,
        "web/region_detail.html",
        {
            "region": region,
            "path": region_paths([region])[region.code],
            "children": [(child, counts.get(child.code, 0)) for child in children],
            "page": _page(request, partnerships, figures.total),
            **map_context(request, region, figures=figures),
            "figures": region_figures(region),
        },
    )


@require_GET
def organisation_index(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET)
    valid = form.is_valid()
    organisations = (
        organisation_list(q=form.cleaned_data["q"], kind=form.cleaned_data["kind"])
        if valid
        else Organisation.objects.none()
    )
    return render(
        request,
        "web/organisation_list.html",
        {"form": form, "page": _page(request, organisations), "kinds": OrganisationKind},
        status=200 if valid else 400,
    )


@require_GET
def organisation_page(request: HttpRequest, slug: str) -> HttpResponse:
    principal = principal_for(request.user)
    organisation = organisation_detail(principal=principal, slug=slug)
    if organisation is None:
        raise Http404
    can_edit = request.user.has_perm("organisations.change_organisation", organisation)
    # The contact and the registration's history: for its members, the person who registered
    # it, its region's coordinators and administrators; never the public.
    insider = can_edit or may_see_organisation_proposal(
        principal, organisation_proposal_facts(organisation)
    )
    history = history_entries([Organisation.history.filter(id=organisation.pk)]) if insider else []
    return render(
        request,
        "web/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit": can_edit,
            "insider": insider,
            "may_verify": organisation_may_verify(principal, organisation),
            "sectors": [
                (code, sector_label(code, get_language() or "id")) for code in organisation.sectors
            ],
            "history": history,
        },
    )


@require_GET
def partnership_index(request: HttpRequest) -> HttpResponse:
    form = PartnershipFilterForm(request.GET)
    valid = form.is_valid()
    principal = principal_for(request.user)
    filters = PartnershipFilters(**form.cleaned_data) if valid else PartnershipFilters()
    partnerships = (
        partnership_list(principal=principal, filters=filters)
        if valid
        else Partnership.objects.none()
    )
    country = area_figures(principal=principal, area=None)
    count = None
    if valid and region_only(filters):
        # Filtered by region alone: the count is stored, like the whole country's.
        count = (
            area_figures(principal=principal, area=filters.region).total
            if filters.region
            else country.total
        )
    page = _page(request, partnerships, count)
    return render(
        request,
        "web/partnership_list.html",
        {
            "form": form,
            "page": page,
            "paths": region_paths([r for p in page for r in p.locations.all()]),
        },
        status=200 if valid else 400,
    )


@require_GET
def partnership_page(request: HttpRequest, slug: str) -> HttpResponse:
    principal = principal_for(request.user)
    partnership = partnership_detail(principal=principal, slug=slug)
    if partnership is None:
        raise Http404
    may_change = request.user.has_perm("partnerships.change_partnership", partnership)
    closed = is_read_only(Phase(partnership.phase))
    can_edit = may_change and not closed
    parties = list(partnership.parties.all())
    records = management_records(partnership)
    # Flags and their subjects from the records just read: no second reading of them.
    flags = flags_from_records(partnership, records, timezone.localdate())
    snapshot = snapshot_from_records(partnership, parties, records, flags)
    shown = [flag for flag in flags if flag.level != "green"]
    answered = {action.flag for action in records.corrective_actions}
    subjects = subjects_from_records({flag.subject for flag in shown} | answered, records, parties)
    return render(
        request,
        "web/partnership_detail.html",
        {
            **assessment_context(request, partnership),
            "records": records,
            "raci": raci_matrix(records.activities, parties),
            **_grids(partnership, records, parties, can_edit),
            "gate": next_gate(partnership, snapshot),
            "flags": shown,
            "flag_rows": [(flag, subjects.get(flag.subject)) for flag in shown],
            "corrective_rows": [
                (action, subjects.get(action.flag)) for action in records.corrective_actions
            ],
            "closed": closed,
            "can_reopen": closed and may_change and principal.admin,
            "is_admin": principal.admin,
            "my_organisations": principal.organisation_ids,
            "may_change": may_change,
            # The SVG is assembled from escaped parts in semanggi.web.timeline.
            "timeline": mark_safe(timeline_for(partnership, records.activities)),
            **partnership_charts(records),
            "other_phases": [
                (v, label) for v, label in PartnershipPhase.choices if v != partnership.phase
            ],
            "partnership": partnership,
            "parties": parties,
            "joint_objectives": [o for o in partnership.objectives.all() if o.party_id is None],
            "paths": region_paths(list(partnership.locations.all())),
            "phases": PartnershipPhase.choices,
            "can_edit": can_edit,
            "history": partnership_history(partnership, parties) if may_change else [],
        },
    )


def _grids(
    partnership: Partnership, records: Any, parties: list[Any], can_edit: bool
) -> dict[str, Any]:
    """The grids an editor changes in place on the page (built from what the page read; one
    query each for their versions)."""
    if not can_edit or not parties:
        return {}
    grids: dict[str, Any] = {}
    if records.activities:
        grid = raci_grid(partnership, activities=records.activities, parties=parties)
        grids["raci_grid"] = grid_context(GRIDS["raci"], partnership, grid)
    if records.decisions:
        grid = involvement_grid(partnership, decisions=records.decisions, parties=parties)
        grids["involvement_grid"] = grid_context(GRIDS["involvement"], partnership, grid)
    return grids


@require_GET
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    """An agreement's document, to those who may see its partnership: never a public URL."""
    agreement = get_object_or_404(Agreement.objects.select_related("partnership"), pk=pk)
    if not agreement.document or not request.user.has_perm(
        "partnerships.view_partnership", agreement.partnership
    ):
        raise Http404
    return FileResponse(
        agreement.document.open("rb"), as_attachment=False, filename=agreement.document.name
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    return render(
        request,
        "web/profile.html",
        {
            "principal": principal,
            "areas": Region.objects.filter(code__in=principal.coordinator_areas),
            "organisations": Organisation.objects.filter(pk__in=principal.organisation_ids),
            "studies": request.user.studies.annotate(n=Count("partnerships")),  # type: ignore[union-attr]
        },
    )
