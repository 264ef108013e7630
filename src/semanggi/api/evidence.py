"""API of the evidence workbench: a study's informants (pseudonyms only: real names never
leave through the API), codes, sources, coding by offsets (Unicode code points), findings
with their triangulation, and the displays. Everything under a study answers 404 to anyone
outside its team; writes need a signed-in user (token, or session with its CSRF token)."""

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from semanggi.access.selectors import principal_for
from semanggi.api.auth import require_user
from semanggi.api.pagination import Mapped, Pagination
from semanggi.api.schemas import ErrorOut, InvalidRequestOut
from semanggi.bounds import MAX_POSITION, Id
from semanggi.core.access import can_view_study
from semanggi.core.text import Message
from semanggi.evidence import displays
from semanggi.evidence.models import Segment, Source, Study
from semanggi.evidence.selectors import (
    FindingRow,
    code_tree,
    coding_target,
    finding_get,
    finding_rows,
    informant_list,
    segment_get,
    source_for_coding,
    source_get,
    source_list,
    source_segments_quoted,
    study_get,
    study_list,
)
from semanggi.evidence.services import (
    ServiceError,
    finding_verify,
    segment_code_remove,
    segment_codes_set,
    segment_create,
)
from semanggi.evidence.source_view import source_code_counts

router = Router(tags=["evidence"])


class StudyOut(Schema):
    id: int
    title: str
    research_questions: str
    status: str
    lead: str
    min_informants: int
    min_source_kinds: int
    min_sources: int
    min_parties: int
    method: str
    publication: str
    illustrative: bool


class InformantOut(Schema):
    id: int
    code: str
    label: str
    pseudonym: str
    role: str
    party_id: int | None
    organisation_id: int | None
    sampling: str
    referred_by_id: int | None
    met_where: str
    met_on: date | None
    consent_on: date | None
    consent_withdrawn_on: date | None


class CodeOut(Schema):
    id: int
    parent_id: int | None
    name: str
    description: str
    colour: str = Field(description="its own colour; blank: it has none")
    shown_colour: str = Field(description="the colour it is drawn in (its own, else the palette's)")
    abbreviation: str = Field(description="the short label drawn beside the highlight")
    function: str
    indicator: str
    direction: int
    party_id: int | None
    codable: bool
    depth: int
    segments: int
    in_source: int | None = Field(None, description="segments of the source asked for (?source=)")


class SourceOut(Schema):
    id: int
    kind: str
    document_type: str
    title: str
    text_length: int
    collected_on: date | None
    place: str
    informant_ids: list[int]
    party_id: int | None
    illustrative: bool
    publication: str


class SourceTextOut(SourceOut):
    text: str


class SegmentIn(Schema):
    start: int = Field(..., ge=0, le=MAX_POSITION, description="first code point, counted from 0")
    end: int = Field(..., gt=0, le=MAX_POSITION, description="code point after the last one")
    codes: list[Id] = Field(default_factory=list, max_length=100)
    new_code: str = Field(
        "", max_length=200, description="a code to create (by name) and apply with the others"
    )
    new_code_parent: Id | None = Field(None, description="the new code's parent")


class CodesIn(Schema):
    codes: list[Id] = Field(..., min_length=1, max_length=100)


class SegmentOut(Schema):
    id: int
    source_id: int
    start: int
    end: int
    codes: list[int]


class CodeLabelOut(Schema):
    id: int
    name: str
    colour: str
    abbreviation: str


class SegmentQuoteOut(SegmentOut):
    quote: str = Field(description="the segment's words (the first 300 characters)")
    code_labels: list[CodeLabelOut]


class RemovedOut(Schema):
    segment: SegmentOut | None


class CountsOut(Schema):
    segments: int
    informants: int
    source_kinds: int
    sources: int
    parties: int
    weight: int


class ReasonOut(Schema):
    code: str
    text: str
    blocking: bool


class FindingOut(Schema):
    id: int
    statement: str
    statement_en: str
    function: str
    indicator: str
    direction: int
    model_label: str
    supporting: list[int]
    contradicting: list[int]
    status: str
    reasons: list[ReasonOut]
    support: CountsOut
    against: CountsOut
    excluded: list[int]
    verified_by: str | None
    verified_at: datetime | None
    verified_status: str


class MatrixOut(Schema):
    name: str
    rows: list[str]
    columns: list[str]
    counts: list[list[int]]


def _say(message: Message) -> str:
    return message.in_language(get_language())


def _study(request: HttpRequest, pk: Id) -> Study:
    study = study_get(principal=principal_for(request.user), pk=pk)
    if study is None:
        raise Http404
    return study


def _visible(request: HttpRequest, pk: Id) -> Study:
    """For the coding endpoints: the access decision without loading the study's relations."""
    if not can_view_study(principal_for(request.user), pk):
        raise Http404
    return Study(pk=pk)


def _study_out(study: Study) -> StudyOut:
    return StudyOut(
        id=study.pk,
        title=study.title,
        research_questions=study.research_questions,
        status=study.status,
        lead=study.lead.username,
        min_informants=study.min_informants,
        min_source_kinds=study.min_source_kinds,
        min_sources=study.min_sources,
        min_parties=study.min_parties,
        method=study.method,
        publication=study.publication,
        illustrative=study.illustrative,
    )


def _source_out(
    source: Source, *, text: bool = False, informant_ids: list[int] | None = None
) -> Any:
    data = {
        "id": source.pk,
        "kind": source.kind,
        "document_type": source.document_type,
        "title": source.title,
        "text_length": source.text_length,
        "collected_on": source.collected_on,
        "place": source.place,
        "informant_ids": (
            informant_ids if informant_ids is not None else [i.pk for i in source.informants.all()]
        ),
        "party_id": source.party_id,
        "illustrative": source.illustrative,
        "publication": source.publication,
    }
    return SourceTextOut(text=source.text, **data) if text else SourceOut(**data)


def _segment_out(segment: Segment, codes: list[int] | None = None) -> SegmentOut:
    return SegmentOut(
        id=segment.pk,
        source_id=segment.source_id,
        start=segment.start,
        end=segment.end,
        codes=codes if codes is not None else sorted(c.pk for c in segment.codes.all()),
    )


def _segment_quote_out(segment: Segment) -> SegmentQuoteOut:
    codes = list(segment.codes.all())
    return SegmentQuoteOut(
        id=segment.pk,
        source_id=segment.source_id,
        start=segment.start,
        end=segment.end,
        codes=sorted(c.pk for c in codes),
        quote=segment.snippet,  # type: ignore[attr-defined]
        code_labels=[
            CodeLabelOut(id=c.pk, name=c.name, colour=c.shown_colour, abbreviation=c.abbreviation)
            for c in codes
        ],
    )


def _finding_out(row: FindingRow) -> FindingOut:
    f, r = row.finding, row.result
    english = get_language() == "en"
    return FindingOut(
        id=f.pk,
        statement=f.statement,
        statement_en=f.statement_en,
        function=f.function,
        indicator=f.indicator,
        direction=f.direction,
        model_label=f.model_label,
        supporting=list(row.supporting),
        contradicting=list(row.contradicting),
        status=r.status.value,
        reasons=[
            ReasonOut(code=x.code, text=x.english if english else x.indonesian, blocking=x.blocking)
            for x in r.reasons
        ],
        support=CountsOut(**r.supporting.__dict__),
        against=CountsOut(**r.contradicting.__dict__),
        excluded=[int(e.segment_id) for e in r.excluded],
        verified_by=f.verified_by.username if f.verified_by else None,
        verified_at=f.verified_at,
        verified_status=f.verified_status,
    )


@router.get("", response=list[StudyOut])
@paginate(Pagination)
def list_studies(request: HttpRequest, **kwargs: Any) -> Any:
    """The studies the caller leads or is on the team of (all, for administrators)."""
    return [_study_out(s) for s in study_list(principal=principal_for(request.user))]


@router.get("/{pk}", response={200: StudyOut, 404: ErrorOut})
def get_study(request: HttpRequest, pk: Id) -> Any:
    return _study_out(_study(request, pk))


@router.get("/{pk}/informants", response={200: list[InformantOut], 404: ErrorOut})
@paginate(Pagination)
def list_informants(request: HttpRequest, pk: Id, **kwargs: Any) -> Any:
    """Informants by pseudonym. Real names and contacts are never part of the API."""
    return [
        InformantOut(
            id=i.pk,
            code=i.code,
            label=i.label,
            pseudonym=str(i),
            role=i.role,
            party_id=i.party_id,
            organisation_id=i.organisation_id,
            sampling=i.sampling,
            referred_by_id=i.referred_by_id,
            met_where=i.met_where,
            met_on=i.met_on,
            consent_on=i.consent_on,
            consent_withdrawn_on=i.consent_withdrawn_on,
        )
        for i in informant_list(study=_study(request, pk))
    ]


@router.get("/{pk}/codes", response={200: list[CodeOut], 404: ErrorOut})
@paginate(Pagination)
def list_codes(request: HttpRequest, pk: Id, source: Id | None = None, **kwargs: Any) -> Any:
    """The codebook in tree order (parents before children), each code with its colour, its
    short label and how many segments carry it in the study and, with ``?source=``, in
    that source."""
    study = _study(request, pk)
    in_source: dict[int, int] | None = None
    if source is not None:
        found = source_for_coding(study=study, pk=source)
        if found is None:
            raise Http404
        in_source = source_code_counts(source=found)
    return [
        CodeOut(
            id=r.code.pk,
            parent_id=r.code.parent_id,
            name=r.code.name,
            description=r.code.description,
            colour=r.code.colour,
            shown_colour=r.code.shown_colour,
            abbreviation=r.code.abbreviation,
            function=r.code.function,
            indicator=r.code.indicator,
            direction=r.code.direction,
            party_id=r.code.party_id,
            codable=r.code.codable,
            depth=r.depth,
            segments=r.segments,
            in_source=in_source.get(r.code.pk, 0) if in_source is not None else None,
        )
        for r in code_tree(study=study)
    ]


@router.get("/{pk}/sources", response={200: list[SourceOut], 404: ErrorOut})
@paginate(Pagination)
def list_sources(request: HttpRequest, pk: Id, **kwargs: Any) -> Any:
    return Mapped(source_list(study=_study(request, pk)), _source_out)


@router.get("/{pk}/sources/{sid}", response={200: SourceTextOut, 404: ErrorOut})
def get_source(request: HttpRequest, pk: Id, sid: Id) -> Any:
    """A source with its text: UTF-8, LF line ends; positions are code points of it."""
    source = source_get(study=_study(request, pk), pk=sid)
    if source is None:
        raise Http404
    return _source_out(source, text=True)


@router.get("/{pk}/sources/{sid}/segments", response={200: list[SegmentQuoteOut], 404: ErrorOut})
@paginate(Pagination)
def list_segments(
    request: HttpRequest, pk: Id, sid: Id, code: Id | None = None, **kwargs: Any
) -> Any:
    """The source's segments by position, a page at a time, each with its words and its
    codes (name, colour, short label); ``?code=`` shows only the segments of that code."""
    source = source_for_coding(study=_visible(request, pk), pk=sid)
    if source is None:
        raise Http404
    return Mapped(source_segments_quoted(source=source, code=code), _segment_quote_out)


@router.post(
    "/{pk}/sources/{sid}/segments",
    response={201: SegmentOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidRequestOut},
)
def create_segment(request: HttpRequest, pk: Id, sid: Id, payload: SegmentIn) -> Any:
    """Code [start, end) of a source with one or more codes. Positions are Unicode code
    points (an emoji counts once), start inclusive, end exclusive. Coding a span that is
    already a segment adds the codes to it. ``new_code`` names a code created on the way
    (a code of that name under that parent is reused); all or nothing."""
    user = require_user(request)
    # Access, the source and the codes in one query (the reader's profile is not needed).
    target = coding_target(user=user, study_id=pk, source_id=sid, code_ids=payload.codes)
    if target is None:
        raise Http404
    try:
        segment = segment_create(
            source=target.source,
            start=payload.start,
            end=payload.end,
            code_ids=payload.codes,
            actor=user,
            new_code=payload.new_code,
            new_code_parent=payload.new_code_parent,
            codes_checked=target.codes_valid,
        )
    except ServiceError as error:
        return Status(422, {"detail": _say(error.message)})
    return Status(201, _segment_out(segment, segment.code_ids))  # type: ignore[attr-defined]


@router.put(
    "/{pk}/segments/{gid}/codes",
    response={200: SegmentOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidRequestOut},
)
def set_segment_codes(request: HttpRequest, pk: Id, gid: Id, payload: CodesIn) -> Any:
    """Replace the codes of a segment."""
    require_user(request)
    study = _visible(request, pk)
    segment = segment_get(study=study, pk=gid)
    if segment is None:
        raise Http404
    try:
        segment_codes_set(segment=segment, study=study, code_ids=payload.codes)
    except ServiceError as error:
        return Status(422, {"detail": _say(error.message)})
    return _segment_out(segment_get(study=study, pk=gid))  # type: ignore[arg-type]


@router.delete(
    "/{pk}/segments/{gid}/codes/{cid}",
    response={200: RemovedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def remove_segment_code(request: HttpRequest, pk: Id, gid: Id, cid: Id) -> Any:
    """Take a code off a segment; the segment goes with its last code (``segment`` is null),
    unless a finding cites it or a memo is written on it (409)."""
    require_user(request)
    study = _visible(request, pk)
    segment = segment_get(study=study, pk=gid)
    if segment is None:
        raise Http404
    try:
        left = segment_code_remove(segment=segment, code_id=cid)
    except ServiceError as error:
        return Status(409, {"detail": _say(error.message)})
    return RemovedOut(segment=_segment_out(segment_get(study=study, pk=gid)) if left else None)  # type: ignore[arg-type]


@router.get("/{pk}/findings", response={200: list[FindingOut], 404: ErrorOut})
@paginate(Pagination)
def list_findings(request: HttpRequest, pk: Id, **kwargs: Any) -> Any:
    """Findings with their triangulation under the study's rule, and the reasons."""
    return [_finding_out(row) for row in finding_rows(study=_study(request, pk))]


@router.post(
    "/{pk}/findings/{fid}/verify",
    response={200: FindingOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def verify_finding(request: HttpRequest, pk: Id, fid: Id) -> Any:
    """The evaluator verifies a finding as it stands now."""
    require_user(request)
    study = _study(request, pk)
    row = finding_get(study=study, pk=fid)
    if row is None:
        raise Http404
    try:
        finding_verify(finding=row.finding, actor=request.user, status=row.result.status)
    except ServiceError as error:  # a finding without support: its state, not the request
        return Status(409, {"detail": _say(error.message)})
    return _finding_out(finding_get(study=study, pk=fid))  # type: ignore[arg-type]


@router.get("/{pk}/displays/{name}", response={200: MatrixOut, 404: ErrorOut})
def get_matrix(request: HttpRequest, pk: Id, name: str) -> Any:
    """A display matrix: code-informant, code-kind, code-party or party-function."""
    build = displays.MATRICES.get(name)
    if build is None:
        raise HttpError(404, "unknown display")
    matrix = build(study=_study(request, pk))
    return MatrixOut(
        name=matrix.name,
        rows=[r.label for r in matrix.rows],
        columns=[c.label for c in matrix.columns],
        counts=[[cell.count for cell in cells] for _, cells in matrix.cells()],
    )
