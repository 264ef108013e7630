"""API of the coding view of a source, beside ``semanggi.api.evidence`` on the same router:
a source's sentences and paragraphs, the hits of a search in it, and auto-coding (every hit
coded at once). With the segments (their words and codes, ``?code=`` to show one code), the
codes (``?source=`` for counts in a source), inline code creation (``new_code`` when coding)
and the memos (``?source=``), everything the coding page does, a client does too."""

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from semanggi.api.auth import require_user
from semanggi.api.evidence import ErrorOut, _say, _visible
from semanggi.api.evidence import router as evidence_router
from semanggi.api.pagination import Pagination
from semanggi.bounds import Id
from semanggi.core import coding
from semanggi.evidence.autocode import AUTOCODE_MAX_HITS, QUERY_MAX, QUERY_MIN, segments_autocode
from semanggi.evidence.models import Source
from semanggi.evidence.selectors import source_for_coding
from semanggi.evidence.services import ServiceError
from semanggi.evidence.source_view import HIT_CONTEXT

router = evidence_router


class UnitOut(Schema):
    start: int
    end: int
    text: str


class HitOut(Schema):
    start: int
    end: int
    before: str
    match: str
    after: str


class HitsOut(Schema):
    query: str
    count: int = Field(description=f"hits, counted up to {AUTOCODE_MAX_HITS + 1}")
    over_limit: bool = Field(description=f"more than {AUTOCODE_MAX_HITS}: too many to auto-code")
    items: list[HitOut]


class HitsQuery(Schema):
    q: str = Field(..., min_length=QUERY_MIN, max_length=QUERY_MAX, description="what to find")


class AutocodeIn(Schema):
    query: str = Field(..., min_length=QUERY_MIN, max_length=QUERY_MAX)
    codes: list[Id] = Field(default_factory=list, max_length=100)
    new_code: str = Field("", max_length=200, description="a code to create and apply too")
    new_code_parent: Id | None = None


class AutocodeOut(Schema):
    hits: int
    created: int = Field(description="new segments")
    added: int = Field(description="segments that were there and received a code")
    skipped: int = Field(description="segments that carried every code already")
    segments: list[int]
    codes: list[int]


def _text(request: HttpRequest, pk: Id, sid: Id) -> str:
    if source_for_coding(study=_visible(request, pk), pk=sid) is None:
        raise Http404
    text: str = Source.objects.filter(pk=sid).values_list("text", flat=True).get()
    return text


@router.get("/{pk}/sources/{sid}/units", response={200: list[UnitOut], 404: ErrorOut})
@paginate(Pagination)
def list_units(
    request: HttpRequest,
    pk: Id,
    sid: Id,
    by: Literal["sentence", "paragraph"] = "sentence",
    **kwargs: Any,
) -> Any:
    """The source's sentences or paragraphs in order, with their positions (code points),
    as the coding page selects them: a paragraph is a line; a sentence ends with . ! ? or …
    (not after an abbreviation such as "dr." or an initial) or at the end of its line."""
    text = _text(request, pk, sid)
    spans = coding.units(text, by)
    return [UnitOut(start=u.start, end=u.end, text=text[u.start : u.end]) for u in spans]


@router.get("/{pk}/sources/{sid}/hits", response={200: HitsOut, 404: ErrorOut})
def list_hits(
    request: HttpRequest,
    pk: Id,
    sid: Id,
    search: Query[HitsQuery],
) -> Any:
    """Where ``q`` occurs in the source, ignoring case: what auto-coding would code (the
    first 100 with their context)."""
    text = _text(request, pk, sid)
    query = search.q.strip()
    spans = coding.find_hits(text, query, AUTOCODE_MAX_HITS)
    return HitsOut(
        query=query,
        count=len(spans),
        over_limit=len(spans) > AUTOCODE_MAX_HITS,
        items=[
            HitOut(
                start=s.start,
                end=s.end,
                before=text[max(s.start - HIT_CONTEXT, 0) : s.start],
                match=text[s.start : s.end],
                after=text[s.end : s.end + HIT_CONTEXT],
            )
            for s in spans[:100]
        ],
    )


@router.post(
    "/{pk}/sources/{sid}/autocode",
    response={200: AutocodeOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def autocode(request: HttpRequest, pk: Id, sid: Id, payload: AutocodeIn) -> Any:
    """Code every hit of ``query`` in the source (ignoring case) with ``codes`` (and a code
    named ``new_code``, created on the way), all or nothing. A hit that is already a segment
    receives the codes it lacks; one that has them all is skipped. More than 500 hits, or
    none, is refused (422) with the reason."""
    require_user(request)
    source = source_for_coding(study=_visible(request, pk), pk=sid)
    if source is None:
        raise Http404
    try:
        outcome = segments_autocode(
            source=source,
            query=payload.query,
            code_ids=payload.codes,
            actor=request.user,
            new_code=payload.new_code,
            new_code_parent=payload.new_code_parent,
        )
    except ServiceError as error:
        return Status(422, {"detail": _say(error.message)})
    return AutocodeOut(
        hits=outcome.hits,
        created=outcome.created,
        added=outcome.added,
        skipped=outcome.skipped,
        segments=list(outcome.segment_ids),
        codes=list(outcome.code_ids),
    )
