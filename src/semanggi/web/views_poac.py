"""Pages for managing a partnership through Planning, Organizing, Actuating, Controlling."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from semanggi.access.selectors import principal_for
from semanggi.core.flags import format_decimal
from semanggi.core.lifecycle import Phase
from semanggi.core.money import format_rupiah
from semanggi.core.text import format_day
from semanggi.partnerships.models import Partnership
from semanggi.partnerships.selectors import partnership_detail
from semanggi.poac.forms import PartnershipForm
from semanggi.poac.models import Activity, IndicatorPeriod, ProgressEvidence
from semanggi.poac.records import RECORDS, RecordType, record_name
from semanggi.poac.selectors import ManagementRecords
from semanggi.poac.services import (
    ServiceError,
    indicator_actual_approve,
    partnership_check_open,
    partnership_phase_change,
    partnership_save,
    record_save,
)
from semanggi.versions import VersionConflict, version_parse
from semanggi.web.charts import Chart, bars_svg
from semanggi.web.conflicts import CONFLICT_STATUS, conflict_for
from semanggi.web.timeline import Bar, timeline_svg

# Where the page returns after saving a record: the list the record appears in.
RECORD_ANCHOR = {
    "party": "parties",
    "contribution": "parties",
    "objective": "planning",
    "activity": "work-plan",
    "budget-line": "work-plan",
    "risk": "risks",
    "agreement": "agreements",
    "responsibility": "raci",
    "team-member": "team",
    "forum": "coordination",
    "meeting": "meetings",
    "decision": "decisions",
    "progress-update": "progress",
    "transaction": "transactions",
    "handover": "handovers",
    "obstacle": "issues",
    "indicator": "indicators",
    "indicator-period": "indicators",
    "corrective-action": "corrective-actions",
    "closure": "closing",
}

SECTION = {
    Phase.PLANNING: "planning",
    Phase.ORGANIZING: "organizing",
    Phase.ACTUATING: "actuating",
    Phase.CONTROLLING: "controlling",
    Phase.CLOSED: "controlling",
}


def _editable(request: HttpRequest, slug: str) -> Partnership:
    """The partnership, if the user may see it (else 404) and change it (else 403)."""
    partnership = partnership_detail(principal=principal_for(request.user), slug=slug)
    if partnership is None:
        raise Http404
    if not request.user.has_perm("partnerships.change_partnership", partnership):
        raise PermissionDenied
    return partnership


def _record_type(kind: str) -> RecordType:
    record_type = RECORDS.get(kind)
    if record_type is None:
        raise Http404
    return record_type


def _closed(request: HttpRequest, partnership: Partnership) -> HttpResponse | None:
    """A closed partnership refuses edits: back to its page, saying why."""
    try:
        partnership_check_open(partnership)
    except ServiceError as error:
        messages.error(request, error.message.in_language(get_language()))
        return redirect(f"/partnerships/{partnership.slug}/#phase")
    return None


def _record_form(request: HttpRequest, slug: str, kind: str, pk: int | None) -> HttpResponse:
    partnership = _editable(request, slug)
    record_type = _record_type(kind)
    refused = _closed(request, partnership)
    if refused:
        return refused
    instance = None
    if pk is not None:
        instance = record_type.model.objects.filter(
            **{record_type.partnership_path: partnership}, pk=pk
        ).first()
        if instance is None:
            raise Http404
    elif kind == "closure":
        instance = getattr(partnership, "closure", None)
    form = record_type.form(
        request.POST or None, request.FILES or None, instance=instance, partnership=partnership
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = record_save(form=form, actor=request.user)
        except VersionConflict as error:
            conflict = conflict_for(form, error)
        else:
            messages.success(
                request,
                _("Saved: %(record)s “%(name)s”.")
                % {"record": record_type.label, "name": record_name(saved)},
            )
            if "add_another" in request.POST and pk is None and kind != "closure":
                return redirect("record-add", slug=partnership.slug, kind=kind)
            anchor = RECORD_ANCHOR.get(kind, SECTION[record_type.function])
            return redirect(f"/partnerships/{partnership.slug}/#{anchor}")
    return render(
        request,
        "web/poac/record_form.html",
        {
            "partnership": partnership,
            "record_type": record_type,
            "form": form,
            "instance": instance,
            "conflict": conflict,
            "add_another": pk is None and kind != "closure",
        },
        status=CONFLICT_STATUS if conflict else 400 if request.method == "POST" else 200,
    )


def record_add(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    return _record_form(request, slug, kind, None)


def record_edit(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    return _record_form(request, slug, kind, pk)


def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _editable(request, slug)
    refused = _closed(request, partnership)
    if refused:
        return refused
    form = PartnershipForm(request.POST or None, partnership=partnership)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            partnership_save(form=form)
        except VersionConflict as error:
            conflict = conflict_for(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": _("partnership")})
            return redirect(f"/partnerships/{partnership.slug}/")
    return render(
        request,
        "web/poac/record_form.html",
        {
            "partnership": partnership,
            "record_type": {"label": _("Partnership")},
            "form": form,
            "instance": partnership,
            "conflict": conflict,
        },
        status=CONFLICT_STATUS if conflict else 400 if request.method == "POST" else 200,
    )


@require_POST
def phase_change(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _editable(request, slug)
    try:
        target = Phase(request.POST.get("target", ""))
    except ValueError:
        messages.error(request, _("Choose a phase."))
        return redirect(f"/partnerships/{slug}/#phase")
    result = partnership_phase_change(
        partnership=partnership,
        target=target,
        reason=request.POST.get("reason"),
        actor=request.user,
    )
    language = get_language()
    text = result.message.in_language(language)
    if result.allowed:
        messages.success(request, text)
    else:
        missing = "; ".join(r.message.in_language(language) for r in result.missing)
        messages.error(request, f"{text} {missing}".strip())
    return redirect(f"/partnerships/{slug}/#phase")


@require_POST
def indicator_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_detail(principal=principal_for(request.user), slug=slug)
    if partnership is None:
        raise Http404
    period = (
        IndicatorPeriod.objects.select_related("indicator__accountable")
        .filter(indicator__partnership=partnership, pk=pk)
        .first()
    )
    if period is None:
        raise Http404
    refused = _closed(request, partnership)
    if refused:
        return refused
    try:
        version = version_parse(request.POST.get("version"))
    except ValueError:
        version = 0  # never a record's version: refused as changed
    try:
        indicator_actual_approve(period=period, actor=request.user, version=version)
    except ServiceError as error:
        messages.error(request, error.message.in_language(get_language()))
    except VersionConflict:
        messages.error(
            request,
            _(
                "Not approved: the target or actual value changed after you loaded the page. "
                "Check the values shown now and approve again."
            ),
        )
    else:
        messages.success(request, _("Actual value approved."))
    return redirect(f"/partnerships/{slug}/#controlling")


@require_GET
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_detail(principal=principal_for(request.user), slug=slug)
    if partnership is None:
        raise Http404
    return HttpResponse(
        timeline_for(partnership) or "<svg xmlns='http://www.w3.org/2000/svg'/>",
        content_type="image/svg+xml; charset=utf-8",
    )


def timeline_for(partnership: Partnership, activities: Any = None) -> str:
    rows = (
        activities if activities is not None else Activity.objects.filter(partnership=partnership)
    )
    bars = [
        Bar(
            a.localized("title"),
            a.planned_start,
            a.planned_end,
            a.actual_start,
            a.actual_end,
            a.percent_complete,
        )
        for a in rows
    ]
    return timeline_svg(
        bars,
        today=timezone.localdate(),
        title=_("Timeline of activities: planned and actual"),
        legend=(_("planned"), _("actual dates"), _("today")),
    )


def partnership_charts(records: ManagementRecords) -> dict[str, Any]:
    """The partnership page's charts: its money, and each indicator period's actual against
    its target (from the records the page has already read)."""
    money = Chart(
        "money",
        _("Money of the partnership (IDR)"),
        (_("committed"), _("disbursed"), _("spent")),
        (
            (
                _("Money of the partnership (IDR)"),
                (records.money["committed"], records.money["disbursed"], records.money["spent"]),
            ),
        ),
    )
    lang = get_language() or "id"
    periods = tuple(
        (
            f"{indicator.localized('name')} ({format_day(period.period_end, lang)})",
            (period.target, period.actual if period.actual is not None else Decimal(0)),
        )
        for indicator in records.indicators
        for period in indicator.periods.all()
    )
    indicators = Chart(
        "indicators", _("Indicators: actual against target"), (_("target"), _("actual")), periods
    )
    # Built from escaped parts in semanggi.web.charts.
    return {
        "money_chart": mark_safe(bars_svg(money, format_rupiah)) if any(money.rows[0][1]) else "",
        "indicator_chart": mark_safe(bars_svg(indicators, _plain)) if periods else "",
    }


def _plain(value: Decimal) -> str:
    return format_decimal(value, get_language() or "id", 2)


IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


@require_GET
def progress_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """A progress photo or document, to those who may see its partnership (never a public
    URL); images are shown in the browser, ``?download=1`` saves the file."""
    item = get_object_or_404(
        ProgressEvidence.objects.select_related("update__activity__partnership"), pk=pk
    )
    partnership = item.update.activity.partnership
    if not item.file or not request.user.has_perm("partnerships.view_partnership", partnership):
        raise Http404
    extension = item.file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=bool(request.GET.get("download")),
        filename=item.file.name.rsplit("/", 1)[-1],
        content_type=IMAGE_TYPES.get(extension),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
