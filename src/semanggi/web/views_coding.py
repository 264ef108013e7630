"""The coding view of a source: the text (one part at a time) with its highlights, the code
sidebar, the segments as quotations, search hits and auto-coding, the memos beside the text;
and the coding page that works without JavaScript (by sentence, paragraph or search hit).

Each view parses and authorises (the study through ``_access``: 404 outside its team),
calls selectors or one service, and renders or redirects with a confirmation."""

from typing import Any

from django.contrib import messages
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from semanggi.bounds import parse_id
from semanggi.evidence.autocode import AUTOCODE_MAX_HITS, segments_autocode
from semanggi.evidence.forms import AutocodeForm, CodingForm, MemoForm, NewCodeForm
from semanggi.evidence.models import Code, Source, Study
from semanggi.evidence.selectors import (
    SEGMENTS_PER_PAGE,
    source_for_coding,
    source_get,
    source_segments,
    source_window,
)
from semanggi.evidence.services import ServiceError, code_create, segment_create
from semanggi.evidence.source_view import (
    CodeEntry,
    code_sidebar,
    positions,
    segment_rows,
    source_hits,
    source_memos,
    text_pieces,
    window_units,
)
from semanggi.web.views_evidence import _say, _study

UNITS = ("sentence", "paragraph", "hit")


def _query(params: dict[str, Any]) -> str:
    """``?a=1&b=2`` of the parameters that have a value."""
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if value not in (None, ""):
            query[key] = str(value)
    return "?" + query.urlencode() if query else "?"


def _only_code(request: HttpRequest, entries: list[CodeEntry]) -> CodeEntry | None:
    """The code of "show only code X" (``?code=``), which must be the study's."""
    raw = request.GET.get("code")
    if not raw:
        return None
    wanted = parse_id(raw)
    found = next((e for e in entries if e.code.pk == wanted), None)
    if found is None:
        raise Http404
    return found


def _filtered(entries: list[CodeEntry], text: str) -> list[CodeEntry]:
    """The codes whose name holds ``text`` (ignoring case), with their parents, so that the
    hierarchy stays readable: the sidebar's search without JavaScript."""
    needle = text.strip().casefold()
    if not needle:
        return entries
    parent_of = {e.code.pk: e.parent_id for e in entries}
    keep: set[int] = set()
    for entry in entries:
        if needle in entry.code.name.casefold():
            pk: int | None = entry.code.pk
            while pk is not None and pk not in keep:
                keep.add(pk)
                pk = parent_of.get(pk)
    return [e for e in entries if e.code.pk in keep]


def _coding_context(request: HttpRequest, study: Study, source: Source) -> dict[str, Any]:
    # One part of the text at a time, with the segments over it (both bounded).
    text = source.text
    window = source_window(text, parse_id(request.GET.get("from")) or 0)
    entries = code_sidebar(study=study, source=source)
    only = _only_code(request, entries)
    only_id = only.code.pk if only else None
    segments = source_segments(source=source, start=window.start, end=window.end, code=only_id)
    hits = source_hits(text, request.GET.get("q", "")[:200], window, AUTOCODE_MAX_HITS)
    part = text[window.start : window.end]
    kept = {"from": window.start or None, "code": only_id, "q": hits.query}
    return {
        "study": study,
        "source": source,
        "window": window,
        "entries": entries,
        "only": only,
        "hits": hits,
        "rows": segment_rows(segments, text),
        "segment_limit": SEGMENTS_PER_PAGE,
        "pieces": text_pieces(part, segments, window.start, hits=hits.spans, only_code=only_id),
        "sentences": positions(window_units(text, window, "sentence")),
        "paragraphs": positions(window_units(text, window, "paragraph")),
        "counts": " ".join(f"{e.code.pk}:{e.in_source}:{e.in_study}" for e in entries),
        "kept": kept,
        "current_query": _query(kept),
        "previous_url": _query({**kept, "from": window.previous}),
        "next_url": _query({**kept, "from": window.next}),
        "show_all_url": _query({**kept, "code": None}),
        "fragment_url": _query({**kept, "fragment": "coding"}),
        "autocode_max": AUTOCODE_MAX_HITS,
    }


@require_GET
def source_page(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    study = _study(request, pk)
    source = source_get(study=study, pk=sid)
    if source is None:
        raise Http404
    context = _coding_context(request, study, source)
    if request.GET.get("fragment") == "coding":
        # What the coding script asks for after each change: the text, the segments, counts.
        return render(request, "web/evidence/_coding.html", context)
    cq = request.GET.get("cq", "")[:200]
    return render(
        request,
        "web/evidence/source_detail.html",
        {
            **context,
            "cq": cq,
            "shown_codes": _filtered(context["entries"], cq),
            "withdrawn": [i for i in source.informants.all() if i.withdrawn],
            "memo_rows": source_memos(study=study, source=source, text=source.text),
            "memo_form": MemoForm(),
        },
    )


# --- Coding without JavaScript ------------------------------------------------------------


def _chosen(request: HttpRequest, length: int) -> tuple[int, int] | None:
    start, end = parse_id(request.GET.get("start")), parse_id(request.GET.get("end"))
    if request.GET.get("start") == "0":
        start = 0
    if start is None or end is None or not 0 <= start < end <= length:
        return None
    return start, end


def _code_page(request: HttpRequest, study: Study, source: Source) -> HttpResponse:
    """Choose a stretch by sentence, paragraph or search hit (links only), then codes."""
    by = request.GET.get("by", "sentence")
    if by not in UNITS:
        by = "sentence"
    text = source.text
    window = source_window(text, parse_id(request.GET.get("from")) or 0)
    chosen = _chosen(request, len(text))
    hits = source_hits(text, request.GET.get("q", "")[:200], window, AUTOCODE_MAX_HITS)
    kept = {"by": by, "from": window.start or None, "q": hits.query if by == "hit" else None}
    if by == "hit":
        units = [(h.start, h.end, h.before, h.match, h.after) for h in hits.items]
    else:
        units = [(u.start, u.end, "", u.text, "") for u in window_units(text, window, by)]
    rows = []
    for number, (start, end, before, words, after) in enumerate(units, 1):
        links = []
        if chosen is None:
            links.append(("choose", _query({**kept, "start": start, "end": end})))
        else:
            inside = chosen[0] <= start and end <= chosen[1]
            if not inside and start >= chosen[0]:
                links.append(("extend", _query({**kept, "start": chosen[0], "end": end})))
            if not inside and end <= chosen[1]:
                links.append(("start", _query({**kept, "start": start, "end": chosen[1]})))
            links.append(("choose", _query({**kept, "start": start, "end": end})))
        in_chosen = chosen is not None and chosen[0] <= start and end <= chosen[1]
        rows.append((number, before, words, after, links, in_chosen))
    entries = code_sidebar(study=study, source=source)
    return render(
        request,
        "web/evidence/source_code.html",
        {
            "study": study,
            "source": source,
            "by": by,
            "window": window,
            "hits": hits,
            "rows": rows,
            "chosen": chosen,
            "quote": text[chosen[0] : chosen[1]] if chosen else "",
            "entries": entries,
            "tabs": [(unit, _query({"by": unit, "from": window.start or None})) for unit in UNITS],
            "previous_url": _query({**kept, "from": window.previous}),
            "next_url": _query({**kept, "from": window.next}),
            "again_url": _query(kept),
            "autocode_max": AUTOCODE_MAX_HITS,
            "source_url": _query({"from": window.start or None}),
        },
    )


def _back(request: HttpRequest, study: Study, sid: int) -> str:
    """Where a coding form returns: the page it came from, if it is this source's."""
    base = f"/studies/{study.pk}/sources/{sid}/"
    back = request.GET.get("next") or request.POST.get("next", "")
    return back if back.startswith(base) else base


def _names(study: Study, code_ids: Any) -> str:
    names = Code.objects.filter(study=study, pk__in=list(code_ids)).values_list("name", flat=True)
    return ", ".join(sorted(names))


def _quote(source: Source, start: int, end: int) -> str:
    """The coded words, read by the database (the text is not loaded for coding)."""
    words = (
        Source.objects.filter(pk=source.pk)
        .annotate(words=Substr("text", start + 1, min(end - start, 81)))
        .values_list("words", flat=True)
        .get()
    )
    return words[:80] + ("…" if len(words) > 80 else "")


@require_http_methods(["GET", "POST"])
def source_code(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    """Coding without JavaScript: the stretch chosen by sentence, paragraph or search hit
    (GET), coded with the codes ticked or a new one (POST)."""
    study = _study(request, pk)
    if request.method == "GET":
        source = source_get(study=study, pk=sid)
        if source is None:
            raise Http404
        return _code_page(request, study, source)
    source = source_for_coding(study=study, pk=sid)
    if source is None:
        raise Http404
    form = CodingForm(request.POST, study=study)
    if not form.is_valid():
        errors = [str(e) for e in form.non_field_errors()]
        messages.error(request, errors[0] if errors else _("Choose the text and a code."))
        return redirect(_back(request, study, sid))
    data = form.cleaned_data
    parent = data.get("new_code_parent")
    try:
        segment = segment_create(
            source=source,
            start=data["start"],
            end=data["end"],
            code_ids=[c.pk for c in data["codes"]],
            actor=request.user,
            new_code=data.get("new_code") or "",
            new_code_parent=parent.pk if parent else None,
        )
    except ServiceError as error:
        messages.error(request, _say(error.message))
    else:
        messages.success(
            request,
            _("Coded «%(quote)s» with %(codes)s.")
            % {
                "quote": _quote(source, segment.start, segment.end),
                "codes": _names(study, segment.code_ids),  # type: ignore[attr-defined]
            },
        )
    return redirect(_back(request, study, sid))


@require_POST
def source_autocode(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    """Every hit of a search in the source, coded at once."""
    study = _study(request, pk)
    source = source_for_coding(study=study, pk=sid)
    if source is None:
        raise Http404
    form = AutocodeForm(request.POST, study=study)
    if not form.is_valid():
        errors = [str(e) for e in form.non_field_errors()] + [
            str(e) for e in form.errors.get("q", [])
        ]
        messages.error(request, errors[0] if errors else _("Choose the text and a code."))
        return redirect(_back(request, study, sid))
    data = form.cleaned_data
    parent = data.get("new_code_parent")
    try:
        outcome = segments_autocode(
            source=source,
            query=data["q"],
            code_ids=[c.pk for c in data["codes"]],
            actor=request.user,
            new_code=data.get("new_code") or "",
            new_code_parent=parent.pk if parent else None,
        )
    except ServiceError as error:
        messages.error(request, _say(error.message))
    else:
        messages.success(
            request,
            _(
                "«%(q)s»: %(hits)s hits coded with %(codes)s (%(created)s new segments, "
                "%(added)s received the code, %(skipped)s had it already)."
            )
            % {
                "q": data["q"].strip(),
                "hits": outcome.hits,
                "codes": _names(study, outcome.code_ids),
                "created": outcome.created,
                "added": outcome.added,
                "skipped": outcome.skipped,
            },
        )
    return redirect(_back(request, study, sid))


@require_POST
def source_code_new(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    """A code created from the coding view, without coding anything yet."""
    study = _study(request, pk)
    if source_for_coding(study=study, pk=sid) is None:
        raise Http404
    form = NewCodeForm(request.POST, study=study)
    if not form.is_valid():
        messages.error(request, _("A new code needs a name."))
        return redirect(_back(request, study, sid))
    parent = form.cleaned_data.get("new_code_parent")
    try:
        code = code_create(
            study_id=study.pk,
            name=form.cleaned_data["new_code"],
            parent_id=parent.pk if parent else None,
        )
    except ServiceError as error:
        messages.error(request, _say(error.message))
    else:
        messages.success(
            request, _("Code ready: %(name)s. Tick it to apply it.") % {"name": code.name}
        )
    return redirect(_back(request, study, sid) + "#codes")
