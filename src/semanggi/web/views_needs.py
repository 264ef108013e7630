"""Pages of the needs catalogue, offers and matching. Each view parses and authorises, asks a
selector or calls a service, and renders."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from semanggi.access.selectors import principal_for
from semanggi.core.access import Principal
from semanggi.needs.forms import (
    NeedFilterForm,
    NeedForm,
    OfferFilterForm,
    OfferForm,
    RegionFiguresForm,
)
from semanggi.needs.interests import (
    interest_can_answer,
    interest_can_express,
    interests_of_need,
)
from semanggi.needs.models import Need, Offer, OfferStatus
from semanggi.needs.selectors import (
    NeedFilters,
    OfferFilters,
    matches_for_need,
    matches_for_offer,
    need_can_change,
    need_detail,
    need_list,
    need_publisher_choices,
    offer_can_change,
    offer_can_create,
    offer_detail,
    offer_list,
    partnership_can_create_from_match,
    region_figures_can_import,
    sector_label,
)
from semanggi.needs.services import (
    FIGURES_HEADER,
    FiguresRejected,
    need_create,
    need_publish,
    need_update,
    offer_create,
    offer_update,
    partnership_create_from_match,
    region_figures_import,
)
from semanggi.partnerships.selectors import region_paths
from semanggi.regions.models import Region, RegionLevel
from semanggi.versions import VersionConflict
from semanggi.web.conflicts import CONFLICT_STATUS, conflict_for

PAGE_SIZE = 25
# A page shows the best fits; the API pages through the whole ranking.
MATCHES_SHOWN = 20


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _language() -> str:
    return get_language() or "id"


def _may_see_offers(principal: Principal) -> bool:
    return principal.admin or principal.is_coordinator or bool(principal.organisation_ids)


def _need(request: HttpRequest, pk: int) -> tuple[Principal, Need]:
    principal = principal_for(request.user)
    need = need_detail(principal=principal, pk=pk)
    if need is None:
        raise Http404
    return principal, need


def _offer(request: HttpRequest, pk: int) -> tuple[Principal, Offer]:
    principal = principal_for(request.user)
    offer = offer_detail(principal=principal, pk=pk)
    if offer is None:
        raise Http404
    return principal, offer


def _areas() -> Any:
    return Region.objects.filter(level__lte=RegionLevel.REGENCY).order_by("code")


# --- Needs ------------------------------------------------------------------------------------


@require_GET
def need_index(request: HttpRequest) -> HttpResponse:
    form = NeedFilterForm(request.GET)
    valid = form.is_valid()
    principal = principal_for(request.user)
    needs = (
        need_list(principal=principal, filters=NeedFilters(**form.cleaned_data))
        if valid
        else Need.objects.none()
    )
    return render(
        request,
        "web/needs/need_list.html",
        {
            "form": form,
            "page": _page(request, needs),
            "areas": _areas(),
            "may_create": principal.authenticated and need_publisher_choices(principal).exists(),
            "may_see_offers": _may_see_offers(principal),
            "may_import": region_figures_can_import(principal),
        },
        status=200 if valid else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_new(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not need_publisher_choices(principal).exists():
        raise PermissionDenied
    form = NeedForm(_posted(request), principal=principal)
    if request.method == "POST" and form.is_valid():
        need = need_create(form=form, actor=request.user)
        messages.success(request, _("The need was saved as a draft."))
        return redirect("need-detail", pk=need.pk)
    return render(
        request,
        "web/needs/need_form.html",
        {"form": form, "need": None},
        status=400 if form.is_bound else 200,
    )


@require_GET
def need_page(request: HttpRequest, pk: int) -> HttpResponse:
    principal, need = _need(request, pk)
    regions = list(need.regions.all())
    may_see_offers = _may_see_offers(principal)
    matches = matches_for_need(need=need, principal=principal) if may_see_offers else []
    language = _language()
    return render(
        request,
        "web/needs/need_detail.html",
        {
            "need": need,
            "regions": regions,
            "paths": region_paths(regions),
            "can_change": need_can_change(principal, need),
            # The partnership a need became is named only to those who may see it.
            "partnership_visible": need.partnership is not None
            and request.user.has_perm("partnerships.view_partnership", need.partnership),
            "may_see_offers": may_see_offers,
            "matches": [(m.offer, m.match, m.parts(language)) for m in matches[:MATCHES_SHOWN]],
            "match_count": len(matches),
            **_interest_context(principal, need),
        },
    )


def _interest_context(principal: Principal, need: Need) -> dict[str, Any]:
    """The need's interests the reader may see, and what she may do with them."""
    if not principal.authenticated:
        return {"interests": [], "may_express": False, "may_answer": False}
    interests = list(interests_of_need(principal=principal, need=need))
    said = {interest.organisation_id for interest in interests}
    may_express = interest_can_express(principal, need) and (
        principal.admin or bool(principal.organisation_ids - said - {need.publisher_id})
    )
    return {
        "interests": interests,
        "may_express": may_express,
        "may_answer": interest_can_answer(principal, need),
    }


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    principal, need = _need(request, pk)
    if not need_can_change(principal, need):
        raise PermissionDenied
    form = NeedForm(_posted(request), instance=need, principal=principal)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            need_update(form=form, actor=request.user)
        except VersionConflict as error:
            conflict = conflict_for(form, error)
        else:
            messages.success(request, _("The need was saved."))
            return redirect("need-detail", pk=need.pk)
    return render(
        request,
        "web/needs/need_form.html",
        {"form": form, "need": need, "conflict": conflict},
        status=CONFLICT_STATUS if conflict else 400 if form.is_bound else 200,
    )


@login_required
@require_POST
def need_publish_page(request: HttpRequest, pk: int) -> HttpResponse:
    principal, need = _need(request, pk)
    if not need_can_change(principal, need):
        raise PermissionDenied
    try:
        need_publish(need=need, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The need is published in the catalogue."))
    return redirect("need-detail", pk=need.pk)


# --- Offers -----------------------------------------------------------------------------------


@login_required
@require_GET
def offer_index(request: HttpRequest) -> HttpResponse:
    form = OfferFilterForm(request.GET)
    valid = form.is_valid()
    principal = principal_for(request.user)
    offers = (
        offer_list(principal=principal, filters=OfferFilters(**form.cleaned_data))
        if valid
        else Offer.objects.none()
    )
    page = _page(request, offers)
    language = _language()
    return render(
        request,
        "web/needs/offer_list.html",
        {
            "form": form,
            "page": page,
            "sector_names": {
                code: sector_label(code, language) for offer in page for code in offer.sectors
            },
            "areas": _areas(),
            "may_create": offer_can_create(principal),
        },
        status=200 if valid else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_new(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not offer_can_create(principal):
        raise PermissionDenied
    form = OfferForm(_posted(request), principal=principal)
    if request.method == "POST" and form.is_valid():
        offer = offer_create(form=form, actor=request.user)
        messages.success(request, _("The offer was saved."))
        return redirect("offer-detail", pk=offer.pk)
    return render(
        request,
        "web/needs/offer_form.html",
        {"form": form, "offer": None},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def offer_page(request: HttpRequest, pk: int) -> HttpResponse:
    principal, offer = _offer(request, pk)
    matches = matches_for_offer(offer=offer, principal=principal)
    language = _language()
    return render(
        request,
        "web/needs/offer_detail.html",
        {
            "offer": offer,
            "sectors": [(code, sector_label(code, language)) for code in offer.sectors],
            "regions": list(offer.regions.all()),
            "can_change": offer_can_change(principal, offer),
            "matches": [
                (
                    m.need,
                    m.match,
                    m.parts(language),
                    offer.status == OfferStatus.OPEN
                    and partnership_can_create_from_match(principal, m.need),
                )
                for m in matches[:MATCHES_SHOWN]
            ],
            "match_count": len(matches),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    principal, offer = _offer(request, pk)
    if not offer_can_change(principal, offer):
        raise PermissionDenied
    form = OfferForm(_posted(request), instance=offer, principal=principal)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            offer_update(form=form, actor=request.user)
        except VersionConflict as error:
            conflict = conflict_for(form, error)
        else:
            messages.success(request, _("The offer was saved."))
            return redirect("offer-detail", pk=offer.pk)
    return render(
        request,
        "web/needs/offer_form.html",
        {"form": form, "offer": offer, "conflict": conflict},
        status=CONFLICT_STATUS if conflict else 400 if form.is_bound else 200,
    )


@login_required
@require_POST
def offer_match(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    """Turn the offer and one of its matching needs into a new partnership."""
    principal, offer = _offer(request, pk)
    _principal, need = _need(request, need_pk)
    if not partnership_can_create_from_match(principal, need):
        raise PermissionDenied
    try:
        partnership = partnership_create_from_match(need=need, offer=offer, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("offer-detail", pk=offer.pk)
    messages.success(
        request,
        _("The partnership was created in planning. Record the parties' objectives next."),
    )
    return redirect("partnership-detail", slug=partnership.slug)


# --- Region figures ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def region_figures_import_page(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if not region_figures_can_import(principal):
        raise PermissionDenied
    form = RegionFiguresForm(_posted(request), request.FILES if request.method == "POST" else None)
    errors: list[Any] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = region_figures_import(file=form.cleaned_data["file"], actor=request.user)
            except FiguresRejected as rejected:
                errors = rejected.errors
            else:
                messages.success(
                    request,
                    _(
                        "Figures imported: %(created)s new, %(updated)s changed, "
                        "%(unchanged)s unchanged."
                    )
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
                return redirect("region-figures-import")
    return render(
        request,
        "web/needs/region_figures_import.html",
        {"form": form, "errors": errors, "header": ",".join(FIGURES_HEADER)},
        status=status,
    )
