"""Pages of the evidence workbench. Each view parses and authorises (the study through
``study_get`` with the reader's Principal: 404 to anyone outside its team), calls one
selector or service, and renders."""

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from semanggi.access.selectors import access_requests_of, partnerships_visible_to, principal_for
from semanggi.access.services import AccessRefused
from semanggi.bounds import parse_id
from semanggi.core.access import Principal
from semanggi.core.text import Message
from semanggi.core.triangulation import Reason
from semanggi.evidence import displays as evidence_displays
from semanggi.evidence import exchange
from semanggi.evidence.forms import (
    CodeForm,
    FindingForm,
    InformantForm,
    InformantIdentityForm,
    MemoForm,
    QdcImportForm,
    QdpxImportForm,
    SegmentCodesForm,
    SegmentFilterForm,
    SourceForm,
    StudyForm,
)
from semanggi.evidence.models import Sampling, SourceKind, Study
from semanggi.evidence.selectors import (
    SegmentFilters,
    code_get,
    code_tree,
    exclusion,
    finding_get,
    finding_rows,
    finding_verifications,
    identity_visible,
    informant_get,
    informant_identity,
    informant_list,
    memo_list,
    segment_get,
    segment_list,
    segments_by_id,
    source_get,
    source_list,
    study_get,
    study_list,
    study_may_manage,
    text_search,
)
from semanggi.evidence.services import (
    ServiceError,
    code_save,
    codebook_create_default,
    finding_evidence_change,
    finding_save,
    finding_verify,
    informant_save,
    memo_create,
    segment_code_remove,
    segment_codes_set,
    source_create_from_form,
    source_update,
    study_save,
    upload_read,
)
from semanggi.evidence.svg import referral_svg, timeline_svg
from semanggi.exports.tables import csv_lines, write_xlsx
from semanggi.jobs.services import job_submit
from semanggi.versions import VersionConflict
from semanggi.web.conflicts import CONFLICT_STATUS, conflict_for

PAGE_SIZE = 50
# Triangulation statuses and import report actions, as people read them.
STATUS_LABELS = {
    "triangulated": gettext_lazy("triangulated"),
    "single-source": gettext_lazy("single-source"),
    "contested": gettext_lazy("contested"),
    "unsupported": gettext_lazy("unsupported"),
}
NOT_A_QDPX = Message(
    "Berkas ini bukan proyek REFI-QDA (.qdpx adalah arsip ZIP)",
    "This file is not a REFI-QDA project (a .qdpx is a ZIP archive)",
)
ACTION_LABELS = {
    "dropped": gettext_lazy("dropped"),
    "changed": gettext_lazy("changed"),
    "note": gettext_lazy("note"),
}


def _say(message: Message) -> str:
    return message.in_language(get_language())


def _reason(reason: Reason) -> str:
    return reason.english if get_language() == "en" else reason.indonesian


def _access(request: HttpRequest, pk: int) -> tuple[Principal, Study]:
    """The reader and the study, if she is on its team (else 404)."""
    principal = principal_for(request.user)
    study = study_get(principal=principal, pk=pk)
    if study is None:
        raise Http404
    return principal, study


def _study(request: HttpRequest, pk: int) -> Study:
    return _access(request, pk)[1]


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _render(request: HttpRequest, template: str, study: Study, context: dict[str, Any]) -> Any:
    status = 400 if request.method == "POST" else 200
    if context.get("conflict"):
        status = CONFLICT_STATUS
    return render(request, template, {"study": study, **context}, status=status)


# --- Studies ----------------------------------------------------------------------------------


def _say_waiting(request: HttpRequest, waiting: list[Any]) -> None:
    if waiting:
        messages.info(
            request,
            _(
                "%(count)s request(s) wait for the consent of the partnerships' accountable "
                "side; until then the study sees only what is published."
            )
            % {"count": len(waiting)},
        )


@login_required
@require_GET
def study_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/evidence/study_list.html",
        {"studies": study_list(principal=principal_for(request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def study_new(request: HttpRequest) -> HttpResponse:
    visible = partnerships_visible_to(principal_for(request.user)).order_by("title")
    form = StudyForm(_posted(request), visible_partnerships=visible)
    if request.method == "POST" and form.is_valid():
        try:
            study, waiting = study_save(form=form, lead=request.user, actor=request.user)
        except AccessRefused as refused:
            form.add_error("partnerships", _say(refused.message))
        else:
            messages.success(request, _("The study was created; you lead it."))
            _say_waiting(request, waiting)
            return redirect("study-detail", pk=study.pk)
    return render(
        request,
        "web/evidence/study_form.html",
        {"form": form, "study": None},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def study_edit(request: HttpRequest, pk: int) -> HttpResponse:
    principal, study = _access(request, pk)
    if not study_may_manage(principal, study):
        raise PermissionDenied
    visible = partnerships_visible_to(principal).order_by("title")
    form = StudyForm(_posted(request), instance=study, visible_partnerships=visible)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            waiting = study_save(form=form, lead=study.lead, actor=request.user)[1]
        except VersionConflict as error:
            conflict = conflict_for(form, error)
        except AccessRefused as refused:
            form.add_error("partnerships", _say(refused.message))
        else:
            messages.success(request, _("Saved."))
            _say_waiting(request, waiting)
            return redirect("study-detail", pk=study.pk)
    return _render(
        request, "web/evidence/study_form.html", study, {"form": form, "conflict": conflict}
    )


@require_GET
def study_page(request: HttpRequest, pk: int) -> HttpResponse:
    principal, study = _access(request, pk)
    rows = finding_rows(study=study)
    return render(
        request,
        "web/evidence/study_detail.html",
        {
            "study": study,
            "may_manage": study_may_manage(principal, study),
            "access_requests": access_requests_of(study=study),
            "informants": informant_list(study=study).count(),
            "sources": source_list(study=study).count(),
            "codes": len(code_tree(study=study)),
            "findings": rows,
            "statuses": _status_counts(rows),
            "status_labels": STATUS_LABELS,
            "exclusion": exclusion(study=study),
            "memos": memo_list(study=study),
            "memo_form": MemoForm(),
        },
    )


def _status_counts(rows: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.result.status.value] = counts.get(row.result.status.value, 0) + 1
    return counts


@require_POST
def memo_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A memo on the study or on one thing of it: ``on`` names the kind, ``target`` its id."""
    study = _study(request, pk)
    form = MemoForm(request.POST)
    back = request.POST.get("next", "")
    if not back.startswith(f"/studies/{study.pk}/"):
        back = f"/studies/{study.pk}/"
    if not form.is_valid():
        messages.error(request, _("A memo needs a title and a text."))
        return redirect(back)
    on, target = request.POST.get("on", ""), request.POST.get("target", "")
    if ":" in request.POST.get("about", ""):  # one choice of what the memo is on: "segment:12"
        on, target = request.POST["about"].split(":", 1)
    found: Any = None
    if on:
        getter = {
            "source": source_get,
            "segment": segment_get,
            "code": code_get,
            "informant": informant_get,
        }.get(on)
        target_id = parse_id(target)
        found = getter(study=study, pk=target_id) if getter and target_id else None
        if found is None:
            raise Http404
    try:
        memo_create(
            study=study,
            actor=request.user,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            **({on: found} if found is not None else {}),
        )
    except ServiceError as error:
        messages.error(request, _say(error.message))
    else:
        messages.success(request, _("Memo saved."))
    return redirect(back)


# --- Informants -------------------------------------------------------------------------------


@require_GET
def informant_index(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    return render(
        request,
        "web/evidence/informant_list.html",
        {"study": study, "informants": informant_list(study=study)},
    )


def _referrals(study: Study) -> str:
    return referral_svg(
        evidence_displays.referral_nodes(study=study),
        title=_("Snowball referrals: who referred whom"),
        sampling_labels={value: str(label) for value, label in Sampling.choices},
        withdrawn_label=_("consent withdrawn"),
        link=f"/studies/{study.pk}/informants/{{pk}}/",
    )


@require_GET
def referrals(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    return HttpResponse(_referrals(study), content_type="image/svg+xml; charset=utf-8")


@require_GET
def informant_page(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    principal, study = _access(request, pk)
    informant = informant_get(study=study, pk=iid)
    if informant is None:
        raise Http404
    return render(
        request,
        "web/evidence/informant_detail.html",
        {
            "study": study,
            "informant": informant,
            # The one place a real identity is shown: to the study lead, on this page.
            "identity": informant_identity(principal=principal, informant=informant),
            "referrals": informant.referrals.defer("real_name", "contact").order_by("code"),
            "sources": informant.sources.defer("text").order_by("collected_on", "pk"),
            "memos": memo_list(study=study, informant=informant),
            "memo_form": MemoForm(),
        },
    )


def _informant_form(request: HttpRequest, pk: int, iid: int | None) -> HttpResponse:
    principal, study = _access(request, pk)
    instance = None
    if iid is not None:
        instance = informant_get(study=study, pk=iid)
        if instance is None:
            raise Http404
    # Only the study lead's form carries (and so reads) the real identity.
    lead = identity_visible(principal, study)
    if instance is not None and lead:
        instance.refresh_from_db(fields=["real_name", "contact"])
    form_class = InformantIdentityForm if lead else InformantForm
    form = form_class(_posted(request), instance=instance, study=study)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            informant = informant_save(form=form)
        except VersionConflict as error:
            conflict = conflict_for(form, error)
        else:
            messages.success(request, _("Saved: %(informant)s.") % {"informant": informant})
            return redirect("study-informant", pk=study.pk, iid=informant.pk)
    return _render(
        request,
        "web/evidence/informant_form.html",
        study,
        {"form": form, "instance": instance, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
def informant_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _informant_form(request, pk, None)


@require_http_methods(["GET", "POST"])
def informant_edit(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    return _informant_form(request, pk, iid)


# --- Sources ----------------------------------------------------------------------------------


@require_GET
def source_index(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    return render(
        request,
        "web/evidence/source_list.html",
        {"study": study, "page": _page(request, source_list(study=study))},
    )


def _timeline(study: Study) -> str:
    return timeline_svg(
        evidence_displays.timeline_rows(study=study),
        title=_("Sources over time, by kind"),
        kind_labels={value: str(label) for value, label in SourceKind.choices},
        undated_label=_("Sources without a date"),
        link=f"/studies/{study.pk}/sources/{{pk}}/",
    )


@require_GET
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    return HttpResponse(_timeline(study), content_type="image/svg+xml; charset=utf-8")


@require_http_methods(["GET", "POST"])
def source_new(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    form = SourceForm(_posted(request), request.FILES or None, study=study)
    if request.method == "POST" and form.is_valid():
        try:
            source = source_create_from_form(form=form, actor=request.user)
        except ServiceError as error:
            form.add_error(
                "upload" if form.cleaned_data.get("upload") else "text", _say(error.message)
            )
        else:
            messages.success(request, _("Source saved: %(title)s.") % {"title": source.title})
            return redirect("study-source", pk=study.pk, sid=source.pk)
    return _render(
        request, "web/evidence/source_form.html", study, {"form": form, "instance": None}
    )


@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    study = _study(request, pk)
    instance = source_get(study=study, pk=sid)
    if instance is None:
        raise Http404
    form = SourceForm(_posted(request), instance=instance, study=study)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            source_update(form=form)
        except VersionConflict as error:
            conflict = conflict_for(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("study-source", pk=study.pk, sid=sid)
    return _render(
        request,
        "web/evidence/source_form.html",
        study,
        {"form": form, "instance": instance, "conflict": conflict},
    )


@require_GET
def source_original(request: HttpRequest, pk: int, sid: int) -> FileResponse:
    """The uploaded file, to the team only; always as a download, never rendered."""
    study = _study(request, pk)
    source = source_get(study=study, pk=sid)
    if source is None or not source.original:
        raise Http404
    return FileResponse(
        source.original.open("rb"),
        as_attachment=True,
        filename=source.original_name or source.original.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )


@require_GET
def search(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    q = request.GET.get("q", "").strip()[:200]
    results = _page(request, text_search(study=study, q=q)) if q else None
    return render(request, "web/evidence/search.html", {"study": study, "q": q, "page": results})


# --- Segments ---------------------------------------------------------------------------------


@require_GET
def segment_index(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    form = SegmentFilterForm(request.GET)
    if not form.is_valid():
        raise Http404
    filters = SegmentFilters(**{k: v or None for k, v in form.cleaned_data.items()})
    return render(
        request,
        "web/evidence/segment_list.html",
        {
            "study": study,
            "page": _page(request, segment_list(study=study, filters=filters)),
            "filters": filters,
            "exclusion": exclusion(study=study),
        },
    )


@require_http_methods(["GET", "POST"])
def segment_page(request: HttpRequest, pk: int, gid: int) -> HttpResponse:
    study = _study(request, pk)
    segment = segment_get(study=study, pk=gid)
    if segment is None:
        raise Http404
    initial = {"codes": [c.pk for c in segment.codes.all()]}
    form = SegmentCodesForm(_posted(request), study=study, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            segment_codes_set(
                segment=segment, study=study, code_ids=[c.pk for c in form.cleaned_data["codes"]]
            )
        except ServiceError as error:
            form.add_error("codes", _say(error.message))
        else:
            messages.success(request, _("Codes changed."))
            return redirect("study-segment", pk=study.pk, gid=gid)
    text = segments_by_id(study=study, ids=[segment.pk])[segment.pk].snippet
    return _render(
        request,
        "web/evidence/segment_detail.html",
        study,
        {
            "segment": segment,
            "text": text,
            "form": form,
            "memos": memo_list(study=study, segment=segment),
            "memo_form": MemoForm(),
        },
    )


@require_POST
def segment_code_remove_view(request: HttpRequest, pk: int, gid: int, cid: int) -> HttpResponse:
    study = _study(request, pk)
    segment = segment_get(study=study, pk=gid)
    if segment is None:
        raise Http404
    try:
        left = segment_code_remove(segment=segment, code_id=cid)
    except ServiceError as error:
        messages.error(request, _say(error.message))
    else:
        messages.success(request, _("Code removed.") if left else _("Segment removed."))
    return redirect("study-source", pk=study.pk, sid=segment.source_id)


# --- Codebook ---------------------------------------------------------------------------------


@require_GET
def codebook(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    return render(
        request,
        "web/evidence/codebook.html",
        {"study": study, "rows": code_tree(study=study), "import_form": QdcImportForm()},
    )


def _code_form(request: HttpRequest, pk: int, cid: int | None) -> HttpResponse:
    study = _study(request, pk)
    instance = None
    if cid is not None:
        instance = code_get(study=study, pk=cid)
        if instance is None:
            raise Http404
    form = CodeForm(_posted(request), instance=instance, study=study)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            code = code_save(form=form)
        except VersionConflict as error:
            conflict = conflict_for(form, error)
        else:
            messages.success(request, _("Code saved: %(name)s.") % {"name": code.name})
            return redirect("study-codebook", pk=study.pk)
    memos = memo_list(study=study, code=instance) if instance else None
    return _render(
        request,
        "web/evidence/code_form.html",
        study,
        {
            "form": form,
            "instance": instance,
            "memos": memos,
            "memo_form": MemoForm(),
            "conflict": conflict,
        },
    )


@require_http_methods(["GET", "POST"])
def code_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _code_form(request, pk, None)


@require_http_methods(["GET", "POST"])
def code_edit(request: HttpRequest, pk: int, cid: int) -> HttpResponse:
    return _code_form(request, pk, cid)


@require_POST
def codebook_default(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    created = codebook_create_default(study=study)
    messages.success(
        request, _("%(count)s codes added from the default codebook.") % {"count": created}
    )
    return redirect("study-codebook", pk=study.pk)


@require_POST
def codebook_import(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    form = QdcImportForm(request.POST, request.FILES)
    report = error = None
    if form.is_valid():
        try:
            report = exchange.codebook_import_qdc(
                study=study, data=upload_read(form.cleaned_data["file"])
            )
        except ServiceError as refused:
            error = _say(refused.message)
    return render(
        request,
        "web/evidence/import_report.html",
        {
            "study": study,
            "report": report,
            "error": error,
            "form": form,
            "codebook": True,
            "action_labels": ACTION_LABELS,
        },
        status=200 if report else 400,
    )


@require_GET
def codebook_qdc(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    try:
        data = exchange.study_qdc(study=study)
    except ServiceError as error:
        messages.error(request, _say(error.message))
        return redirect("study-codebook", pk=study.pk)
    response = HttpResponse(data, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="study-{study.pk}-codebook.qdc"'
    return response


# --- Exchange ---------------------------------------------------------------------------------


@require_GET
def study_qdpx(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    response = HttpResponse(exchange.study_qdpx(study=study), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="study-{study.pk}.qdpx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def study_import(request: HttpRequest) -> HttpResponse:
    """A REFI-QDA project into a new study led by the person importing it."""
    visible = partnerships_visible_to(principal_for(request.user)).order_by("title")
    form = QdpxImportForm(_posted(request), request.FILES or None, visible_partnerships=visible)
    outcome = error = None
    if request.method == "POST" and form.is_valid():
        # The import runs as a background job; its page shows progress, then the report.
        # What is plainly not a .qdpx (a ZIP archive) is refused here, at once.
        upload = form.cleaned_data["file"]
        try:
            data = upload_read(upload)
            if not data.startswith(b"PK\x03\x04"):
                raise ServiceError(NOT_A_QDPX)
            exchange.qdpx_check(data=data)
        except ServiceError as refused:
            error = _say(refused.message)
        else:
            job = job_submit(
                kind="qdpx_import",
                actor=request.user,
                params={
                    "title": form.cleaned_data["title"],
                    "partnerships": [p.pk for p in form.cleaned_data["partnerships"]],
                },
                input_file=(upload.name, data),
            )
            return redirect("job-detail", job_id=job.pk)
    return render(
        request,
        "web/evidence/import_report.html",
        {
            "study": outcome.study if outcome else None,
            "report": outcome.report if outcome else None,
            "error": error,
            "form": form,
            "action_labels": ACTION_LABELS,
        },
        status=400 if request.method == "POST" and outcome is None else 200,
    )


# --- Displays ---------------------------------------------------------------------------------


@require_GET
def displays(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    every_row = request.GET.get("rows") == "all"
    return render(
        request,
        "web/evidence/displays.html",
        {
            "study": study,
            "matrices": [
                (matrix, list(matrix.cells(every_row=every_row)))
                for matrix in (build(study=study) for build in evidence_displays.MATRICES.values())
            ],
            "every_row": every_row,
            "exclusion": exclusion(study=study),
            # Both drawings are assembled from escaped parts in semanggi.evidence.svg.
            "referrals": mark_safe(_referrals(study)),
            "timeline": mark_safe(_timeline(study)),
        },
    )


@require_GET
def cooccurrence(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    return render(
        request,
        "web/evidence/cooccurrence.html",
        {
            "study": study,
            "pairs": evidence_displays.cooccurrence(study=study),
            "exclusion": exclusion(study=study),
        },
    )


def _table_response(name: str, fmt: str, headers: list[str], rows: list[list[Any]]) -> Any:
    if fmt == "csv":
        response: Any = StreamingHttpResponse(
            csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(headers, rows, buffer, title=name)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_GET
def display_export(request: HttpRequest, pk: int, name: str, fmt: str) -> HttpResponse:
    study = _study(request, pk)
    if name == "cooccurrence":
        headers = [_("Code"), _("Code"), _("Overlapping"), _("Same source")]
        pairs = evidence_displays.cooccurrence(study=study)
        rows: list[list[Any]] = [[p.first, p.second, p.overlapping, p.same_source] for p in pairs]
    else:
        build = evidence_displays.MATRICES.get(name)
        if build is None:
            raise Http404
        headers, rows = build(study=study).table()
    return _table_response(f"study-{study.pk}-{name}", fmt, headers, rows)


# --- Findings ---------------------------------------------------------------------------------


def _evidence_for(finding: Any) -> str:
    parts = [str(finding.get_function_display()) if finding.function else ""]
    if finding.indicator:
        parts.append(f"{finding.get_indicator_display()} ({finding.get_direction_display()})")
    parts.append(finding.model_label)
    if finding.party:
        parts.append(finding.party.organisation.acronym or finding.party.organisation.name)
    return "; ".join(p for p in parts if p)


@require_GET
def finding_index(request: HttpRequest, pk: int) -> HttpResponse:
    study = _study(request, pk)
    rows = finding_rows(study=study)
    return render(
        request,
        "web/evidence/finding_list.html",
        {
            "study": study,
            "rows": [
                (
                    row,
                    _evidence_for(row.finding),
                    [(_reason(r), r.blocking) for r in row.result.reasons],
                )
                for row in rows
            ],
            "exclusion": exclusion(study=study),
            "status_labels": STATUS_LABELS,
        },
    )


@require_GET
def finding_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    study = _study(request, pk)
    english = get_language() == "en"
    headers = [
        _("Finding"),
        _("Evidence for"),
        _("Status"),
        _("Why"),
        _("Informants"),
        _("Kinds of source"),
        _("Sources"),
        _("Parties"),
        _("Contradicting weight"),
        _("Excluded segments"),
        _("Verified by"),
        _("Verified at"),
    ]
    rows: list[list[Any]] = []
    for row in finding_rows(study=study):
        f, r = row.finding, row.result
        rows.append(
            [
                (f.statement_en if english and f.statement_en else f.statement),
                _evidence_for(f),
                r.status.value,
                "; ".join(_reason(x) for x in r.reasons),
                r.supporting.informants,
                r.supporting.source_kinds,
                r.supporting.sources,
                r.supporting.parties,
                r.contradicting.weight,
                len(r.excluded),
                f.verified_by.username if f.verified_by else "",
                f.verified_at.isoformat() if f.verified_at else "",
            ]
        )
    return _table_response(f"study-{study.pk}-findings", fmt, headers, rows)


def _finding_form(request: HttpRequest, pk: int, fid: int | None) -> HttpResponse:
    study = _study(request, pk)
    instance = None
    if fid is not None:
        row = finding_get(study=study, pk=fid)
        if row is None:
            raise Http404
        instance = row.finding
    form = FindingForm(_posted(request), instance=instance, study=study)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            finding = finding_save(form=form, study=study)
        except VersionConflict as error:
            conflict = conflict_for(form, error)
        else:
            messages.success(request, _("Finding saved."))
            return redirect("study-finding", pk=study.pk, fid=finding.pk)
    return _render(
        request,
        "web/evidence/finding_form.html",
        study,
        {"form": form, "instance": instance, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
def finding_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _finding_form(request, pk, None)


@require_http_methods(["GET", "POST"])
def finding_edit(request: HttpRequest, pk: int, fid: int) -> HttpResponse:
    return _finding_form(request, pk, fid)


@require_GET
def finding_page(request: HttpRequest, pk: int, fid: int) -> HttpResponse:
    study = _study(request, pk)
    row = finding_get(study=study, pk=fid)
    if row is None:
        raise Http404
    cited = segments_by_id(study=study, ids=[*row.supporting, *row.contradicting])
    excluded = {e.segment_id for e in row.result.excluded}
    code = parse_id(request.GET.get("code"))
    candidates = None
    if code is not None:
        candidates = _page(
            request,
            segment_list(study=study, filters=SegmentFilters(code=code)).exclude(
                pk__in=[*row.supporting, *row.contradicting]
            ),
        )
    return render(
        request,
        "web/evidence/finding_detail.html",
        {
            "study": study,
            "row": row,
            "finding": row.finding,
            "evidence_for": _evidence_for(row.finding),
            "reasons": [(_reason(r), r.blocking) for r in row.result.reasons],
            "supporting": [(cited[s], s in excluded) for s in row.supporting if s in cited],
            "contradicting": [(cited[s], s in excluded) for s in row.contradicting if s in cited],
            "codes": [(r.code.pk, "· " * r.depth + r.code.name) for r in code_tree(study=study)],
            "code": code,
            "candidates": candidates,
            "verifications": finding_verifications(finding=row.finding),
            "status_labels": STATUS_LABELS,
        },
    )


@require_POST
def finding_evidence(request: HttpRequest, pk: int, fid: int) -> HttpResponse:
    study = _study(request, pk)
    row = finding_get(study=study, pk=fid)
    segment = parse_id(request.POST.get("segment"))
    side = request.POST.get("side", "")
    if row is None or segment is None or side not in ("supporting", "contradicting", ""):
        raise Http404
    try:
        finding_evidence_change(
            finding=row.finding,
            segment_id=segment,
            side=side,
            add=request.POST.get("action") == "add",
        )
    except ServiceError as error:
        messages.error(request, _say(error.message))
    back = f"/studies/{study.pk}/findings/{fid}/"
    code = parse_id(request.POST.get("code"))
    return redirect(back + (f"?code={code}" if code is not None else ""))


@require_POST
def finding_verify_view(request: HttpRequest, pk: int, fid: int) -> HttpResponse:
    study = _study(request, pk)
    row = finding_get(study=study, pk=fid)
    if row is None:
        raise Http404
    try:
        finding_verify(finding=row.finding, actor=request.user, status=row.result.status)
    except ServiceError as error:
        messages.error(request, _say(error.message))
    else:
        messages.success(request, _("Finding verified."))
    return redirect("study-finding", pk=study.pk, fid=fid)
