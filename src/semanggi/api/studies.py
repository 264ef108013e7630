"""API of the evidence workbench's writes: studies, informants, sources (typed in or uploaded),
codes, memos and findings with their evidence, and the REFI-QDA exchange (QDPX export, QDC
codebook export and import). With the reads of ``semanggi.api.evidence`` and the access
requests of ``semanggi.api.access``, an API client can run a whole study without the pages.

Every write goes through the same form and service as the page, so validation, versions
(``version`` in the body or ``If-Match``; 409 with the record as it is now) and history are
the same. Informants' real names never travel through the API.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, Q
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Form, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.orm import create_schema
from ninja.pagination import paginate
from pydantic import Field

from semanggi.access.selectors import partnerships_visible_to, principal_for
from semanggi.api.auth import require_user
from semanggi.api.evidence import ErrorOut, SourceOut, _say, _source_out, _study
from semanggi.api.evidence import router as evidence_router
from semanggi.api.formschema import document_form, names_nothing
from semanggi.api.pagination import Mapped, Pagination
from semanggi.api.schemas import InvalidRequestOut, JsonIn
from semanggi.api.versions import ConflictOut, apply, conflict, etag, version_asked
from semanggi.bounds import Id
from semanggi.evidence import exchange
from semanggi.evidence.forms import (
    COLOUR,
    CodeForm,
    FindingForm,
    InformantForm,
    MemoForm,
    SourceForm,
    StudyForm,
)
from semanggi.evidence.models import Code, Finding, Informant, Memo, Segment, Source, Study
from semanggi.evidence.selectors import memo_list, study_for_writing_sources, study_may_manage
from semanggi.evidence.services import (
    NotFoundError,
    ServiceError,
    code_save,
    finding_evidence_set,
    finding_save,
    informant_save,
    memo_create,
    memo_update,
    source_create_from_form,
    source_update,
    study_save,
    upload_read,
)
from semanggi.versions import VersionConflict

# The same router as the reads: one path answers GET and POST (two routers under one prefix
# would each claim the path for their own methods only).
router = evidence_router


WRITE_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ConflictOut,
    422: InvalidRequestOut,
}


def _errors(form: Any) -> dict[str, list[str]]:
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def _invalid(form: Any) -> Status[dict[str, Any]]:
    unknown = names_nothing(form)
    if unknown:  # ids that name no record: as an id in the path would
        return Status(404, {"detail": f"{_('Not found.')} ({', '.join(unknown)})"})
    return Status(422, {"detail": _("Invalid parameters."), "errors": _errors(form)})


def _fields(form_class: Any, instance: Model) -> dict[str, Any]:
    """The record's current values as the form reads them (related records by id)."""
    names = [n for n in form_class.base_fields if n != "version"]
    data = model_to_dict(instance, fields=names)
    return {k: (v.pk if isinstance(v, Model) else v) for k, v in data.items()}


def _defaults(form_class: Any) -> dict[str, Any]:
    """What a new record holds for the fields a client leaves out: the model's defaults."""
    model = form_class._meta.model
    found = {}
    for name in form_class._meta.fields:
        field = model._meta.get_field(name)
        if field.has_default():
            found[name] = field.get_default()
    return found


def _record(instance: Model, form_class: Any) -> dict[str, Any]:
    data = _fields(form_class, instance)
    data["id"] = instance.pk
    data["version"] = instance.version  # type: ignore[attr-defined]
    for key, value in list(data.items()):
        if isinstance(value, list):
            data[key] = [v.pk if isinstance(v, Model) else v for v in value]
    return data


def _write(
    request: HttpRequest,
    response: HttpResponse,
    *,
    body: dict[str, Any],
    instance: Model | None,
    build: Any,
    save: Any,
    form_class: Any,
) -> Any:
    """Create (``instance`` None) or change a record through its form: the given fields over
    the current values, the version checked, 422 with the form's errors, 409 on a conflict."""
    named = version_asked(request, body.pop("version", None)) if instance is not None else None

    def attempt() -> Any:
        current = None
        data: dict[str, Any] = _defaults(form_class) if instance is None else {}
        if instance is not None:
            current = type(instance).objects.get(pk=instance.pk)
            data = _fields(form_class, current)
            data["version"] = named
        data.update(body)
        form = build(data, current)
        if not form.is_valid():
            return _invalid(form)
        return save(form)

    try:
        saved = apply(attempt, named=named)
    except VersionConflict as error:
        return conflict(error, _record(error.current, form_class))
    except NotFoundError as error:
        raise HttpError(404, _say(error.message)) from None
    except ServiceError as error:
        raise HttpError(400, _say(error.message)) from None
    if isinstance(saved, Status):
        return saved
    etag(response, saved.version)
    return Status(200 if instance is not None else 201, _record(saved, form_class))


def _one(model: Any, study: Study, pk: int, path: str = "study") -> Any:
    found = model.objects.filter(**{path: study}, pk=pk).first()
    if found is None:
        raise Http404
    return found


def _managed(request: HttpRequest, pk: int) -> Study:
    user = require_user(request)
    study = _study(request, pk)
    if not study_may_manage(principal_for(user), study):
        raise HttpError(403, _("Only the study's lead (or an administrator) may do this."))
    return study


# --- Studies ----------------------------------------------------------------------------------

StudyIn = create_schema(
    Study,
    base_class=JsonIn,
    name="StudyIn",
    fields=[
        "title",
        "research_questions",
        "status",
        "method",
        "publication",
        "illustrative",
        "min_informants",
        "min_source_kinds",
        "min_sources",
        "min_parties",
    ],
    optional_fields=[
        "research_questions",
        "status",
        "method",
        "publication",
        "illustrative",
        "min_informants",
        "min_source_kinds",
        "min_sources",
        "min_parties",
    ],
    custom_fields=[
        ("partnerships", list[str] | None, Field(None, description="slugs, asked for")),
        ("team", list[str] | None, Field(None, description="user names, asked for")),
        ("access_note", str | None, Field(None, max_length=2000)),
        ("version", int | None, Field(None, ge=1)),
    ],
)


def _study_form(request: HttpRequest, instance: Study | None, body: dict[str, Any]) -> Any:
    visible = partnerships_visible_to(principal_for(request.user))
    slugs = body.pop("partnerships", None)
    team = body.pop("team", None)
    if slugs is not None:
        found = dict(visible.filter(slug__in=slugs).values_list("slug", "pk"))
        if set(found) != set(slugs):
            raise HttpError(404, _("Unknown partnership."))
        body["partnerships"] = list(found.values())
    elif instance is not None:
        body["partnerships"] = list(instance.partnerships.values_list("pk", flat=True))
    if team is not None:
        users = get_user_model().objects.filter(username__in=team, is_active=True)
        if set(users.values_list("username", flat=True)) != set(team):
            raise HttpError(404, f"{_('Not found.')} (team)")
        body["team_usernames"] = ", ".join(team)
    elif instance is not None:
        body["team_usernames"] = ", ".join(instance.team.values_list("username", flat=True))
    body["access_note"] = body.pop("access_note", None) or ""
    return visible


@router.post("", response={201: dict[str, Any], **WRITE_ERRORS})
def create_study(request: HttpRequest, payload: StudyIn, response: HttpResponse) -> Any:  # type: ignore[valid-type]
    """A new study that you lead. Partnerships and team members are asked for: each joins
    when the partnership's accountable side consents (see ``/api/access-requests``)."""
    user = require_user(request)
    body = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]
    visible = _study_form(request, None, body)
    return _write(
        request,
        response,
        body=body,
        instance=None,
        build=lambda data, current: StudyForm(data, visible_partnerships=visible),
        save=lambda form: study_save(form=form, lead=user, actor=user)[0],
        form_class=StudyForm,
    )


@router.patch("/{pk}", response={200: dict[str, Any], **WRITE_ERRORS})
def update_study(request: HttpRequest, pk: Id, payload: StudyIn, response: HttpResponse) -> Any:  # type: ignore[valid-type]
    """Change the study (its lead or an administrator). Name the version you changed."""
    study = _managed(request, pk)
    body = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]
    visible = _study_form(request, study, body)
    return _write(
        request,
        response,
        body=body,
        instance=study,
        build=lambda data, current: StudyForm(data, instance=current, visible_partnerships=visible),
        save=lambda form: study_save(form=form, lead=study.lead, actor=request.user)[0],
        form_class=StudyForm,
    )


# --- Informants, sources, codes ---------------------------------------------------------------


def _schema(
    model: Any, form_class: Any, name: str, *, patch: bool, extra: tuple[str, ...] = ()
) -> Any:
    names = [n for n in form_class._meta.fields if n not in ("real_name", "contact")]
    m2m = [n for n in names if model._meta.get_field(n).many_to_many]
    plain = [n for n in names if n not in m2m]
    required = [n for n in plain if form_class.base_fields[n].required and not patch]
    return create_schema(
        model,
        base_class=JsonIn,
        name=name,
        fields=plain,
        optional_fields=[n for n in plain if n not in required] or None,
        custom_fields=[
            *((n, list[Id] | None, None) for n in (*m2m, *extra)),
            ("version", int | None, Field(None, ge=1)),
        ],
    )


InformantIn = _schema(Informant, InformantForm, "InformantIn", patch=False)
InformantPatch = _schema(Informant, InformantForm, "InformantPatch", patch=True)
CodeIn = _schema(Code, CodeForm, "CodeIn", patch=False)
CodePatch = _schema(Code, CodeForm, "CodePatch", patch=True)


@router.post("/{pk}/informants", response={201: dict[str, Any], **WRITE_ERRORS})
def create_informant(
    request: HttpRequest,
    pk: Id,
    payload: InformantIn,  # type: ignore[valid-type]
    response: HttpResponse,
) -> Any:
    """A new informant, known by code and role label; the real name is entered on the page
    by the study lead, never through the API."""
    require_user(request)
    study = _study(request, pk)
    return _write(
        request,
        response,
        body=payload.dict(exclude_unset=True),  # type: ignore[attr-defined]
        instance=None,
        build=lambda data, current: InformantForm(data, study=study),
        save=lambda form: informant_save(form=form),
        form_class=InformantForm,
    )


@router.patch("/{pk}/informants/{iid}", response={200: dict[str, Any], **WRITE_ERRORS})
def update_informant(
    request: HttpRequest,
    pk: Id,
    iid: Id,
    payload: InformantPatch,  # type: ignore[valid-type]
    response: HttpResponse,
) -> Any:
    require_user(request)
    study = _study(request, pk)
    informant = _one(Informant, study, iid)
    return _write(
        request,
        response,
        body=payload.dict(exclude_unset=True),  # type: ignore[attr-defined]
        instance=informant,
        build=lambda data, current: InformantForm(data, instance=current, study=study),
        save=lambda form: informant_save(form=form),
        form_class=InformantForm,
    )


@router.post("/{pk}/codes", response={201: dict[str, Any], **WRITE_ERRORS})
def create_code(
    request: HttpRequest,
    pk: Id,
    payload: CodeIn,  # type: ignore[valid-type]
    response: HttpResponse,
) -> Any:
    require_user(request)
    study = _study(request, pk)
    return _write(
        request,
        response,
        body=payload.dict(exclude_unset=True),  # type: ignore[attr-defined]
        instance=None,
        build=lambda data, current: CodeForm(data, study=study),
        save=lambda form: code_save(form=form),
        form_class=CodeForm,
    )


@router.patch("/{pk}/codes/{cid}", response={200: dict[str, Any], **WRITE_ERRORS})
def update_code(
    request: HttpRequest,
    pk: Id,
    cid: Id,
    payload: CodePatch,  # type: ignore[valid-type]
    response: HttpResponse,
) -> Any:
    require_user(request)
    study = _study(request, pk)
    code = _one(Code, study, cid)
    return _write(
        request,
        response,
        body=payload.dict(exclude_unset=True),  # type: ignore[attr-defined]
        instance=code,
        build=lambda data, current: CodeForm(data, instance=current, study=study),
        save=lambda form: code_save(form=form),
        form_class=CodeForm,
    )


SOURCE_FIELDS = [n for n in SourceForm._meta.fields if n != "original"]  # type: ignore[union-attr]
SourcePatch = _schema(Source, SourceForm, "SourcePatch", patch=True)


def _source_data(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if v is not None}


@router.post("/{pk}/sources", response={201: SourceOut, **WRITE_ERRORS})
def create_source(
    request: HttpRequest,
    pk: Id,
    kind: str = Form(...),
    title: str = Form(..., max_length=250),
    text: str = Form(""),
    document_type: str = Form(""),
    description: str = Form(""),
    collected_on: str = Form(""),
    place: str = Form(""),
    informants: list[Id] = Form([]),  # noqa: B008
    party: Id | None = Form(None),  # noqa: B008
    illustrative: bool = Form(False),
    publication: str = Form(""),
    upload: UploadedFile | None = File(None),  # noqa: B008
) -> Any:
    """A new source: its text typed in (``text``), or a file (``upload``: .txt, .md, .html,
    .docx or a PDF with a text layer) read as the upload page reads it: size, kind and real
    content checked, nothing saved from a file that is refused."""
    user = require_user(request)
    # The access decision and the study's existence in one query: the form and the new
    # source need the study's id only, not its team, partnerships or the reader's profile.
    study = study_for_writing_sources(user=user, pk=pk)
    if study is None:
        raise Http404
    data = {
        "kind": kind,
        "title": title,
        "text": text,
        "document_type": document_type,
        "description": description,
        "collected_on": collected_on,
        "place": place,
        "informants": informants,
        "party": party or "",
        "illustrative": illustrative,
        "publication": publication,
    }
    files = {"upload": upload} if upload is not None else None
    form = SourceForm(data, files, study=study)
    if not form.is_valid():
        return _invalid(form)
    try:
        source = source_create_from_form(form=form, actor=user)
    except ServiceError as error:
        raise HttpError(400, _say(error.message)) from None
    # A new source without informants has none to read back.
    return Status(201, _source_out(source, informant_ids=[] if not informants else None))


@router.patch("/{pk}/sources/{sid}", response={200: dict[str, Any], **WRITE_ERRORS})
def update_source(
    request: HttpRequest,
    pk: Id,
    sid: Id,
    payload: SourcePatch,  # type: ignore[valid-type]
    response: HttpResponse,
) -> Any:
    """Change what is known about a source; its text stays as it is."""
    require_user(request)
    study = _study(request, pk)
    source = _one(Source, study, sid)
    body = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]
    body.pop("text", None)
    return _write(
        request,
        response,
        body=body,
        instance=source,
        build=lambda data, current: SourceForm(
            {**data, "text": current.text}, instance=current, study=study
        ),
        save=lambda form: source_update(form=form),
        form_class=SourceForm,
    )


# --- Memos ------------------------------------------------------------------------------------


class MemoIn(JsonIn):
    title: str = Field(..., min_length=1, max_length=200)
    text: str = Field("", max_length=100_000)
    source: Id | None = None
    segment: Id | None = None
    code: Id | None = None
    informant: Id | None = None


class MemoPatch(JsonIn):
    title: str | None = Field(None, min_length=1, max_length=200)
    text: str | None = Field(None, max_length=100_000)
    version: int | None = Field(None, ge=1)


class MemoOut(Schema):
    id: int
    title: str
    text: str
    source: int | None
    segment: int | None
    code: int | None
    informant: int | None
    version: int


def _memo_out(memo: Memo) -> MemoOut:
    return MemoOut(
        id=memo.pk,
        title=memo.title,
        text=memo.text,
        source=memo.source_id,
        segment=memo.segment_id,
        code=memo.code_id,
        informant=memo.informant_id,
        version=memo.version,
    )


@router.get("/{pk}/memos", response={200: list[MemoOut], 404: ErrorOut})
@paginate(Pagination)
def list_memos(
    request: HttpRequest,
    pk: Id,
    source: Id | None = None,
    segment: Id | None = None,
    **kwargs: Any,
) -> Any:
    """The study's memos, on the study or on one of its sources, segments, codes or
    informants, newest first. ``?source=`` gives those beside a source's text (on the
    source and on its segments), ``?segment=`` those on one segment."""
    study = _study(request, pk)
    memos = memo_list(study=study, every=True)
    if source is not None:
        memos = memos.filter(Q(source_id=source) | Q(segment__source_id=source))
    if segment is not None:
        memos = memos.filter(segment_id=segment)
    return Mapped(memos, _memo_out)


@router.post("/{pk}/memos", response={201: MemoOut, **WRITE_ERRORS})
def create_memo(request: HttpRequest, pk: Id, payload: MemoIn) -> Any:
    user = require_user(request)
    study = _study(request, pk)
    targets = {
        "source": _one(Source, study, payload.source) if payload.source else None,
        "segment": _one(Segment, study, payload.segment, "source__study")
        if payload.segment
        else None,
        "code": _one(Code, study, payload.code) if payload.code else None,
        "informant": _one(Informant, study, payload.informant) if payload.informant else None,
    }
    try:
        memo = memo_create(
            study=study, actor=user, title=payload.title, text=payload.text, **targets
        )
    except ServiceError as error:
        raise HttpError(400, _say(error.message)) from None
    return Status(201, _memo_out(memo))


@router.patch("/{pk}/memos/{mid}", response={200: MemoOut, **WRITE_ERRORS})
def update_memo(
    request: HttpRequest, pk: Id, mid: Id, payload: MemoPatch, response: HttpResponse
) -> Any:
    require_user(request)
    study = _study(request, pk)
    memo = _one(Memo, study, mid)
    named = version_asked(request, payload.version)
    try:
        saved = apply(
            lambda: memo_update(
                memo=Memo.objects.get(pk=memo.pk),
                title=payload.title,
                text=payload.text,
                expected=named,
            ),
            named=named,
        )
    except VersionConflict as error:
        return conflict(error, _memo_out(error.current).dict())
    etag(response, saved.version)
    return _memo_out(saved)


# --- Findings ---------------------------------------------------------------------------------

EVIDENCE = ("supporting", "contradicting")  # segment ids
FindingIn = _schema(Finding, FindingForm, "FindingIn", patch=False, extra=EVIDENCE)
FindingPatch = _schema(Finding, FindingForm, "FindingPatch", patch=True, extra=EVIDENCE)


def _finding_write(
    request: HttpRequest,
    response: HttpResponse,
    study: Study,
    finding: Finding | None,
    body: dict[str, Any],
) -> Any:
    supporting = body.pop("supporting", None)
    contradicting = body.pop("contradicting", None)

    def save(form: Any) -> Finding:
        saved = finding_save(form=form, study=study)
        if supporting is not None or contradicting is not None:
            finding_evidence_set(finding=saved, supporting=supporting, contradicting=contradicting)
        return saved

    return _write(
        request,
        response,
        body=body,
        instance=finding,
        build=lambda data, current: FindingForm(data, instance=current, study=study),
        save=save,
        form_class=FindingForm,
    )


def _with_evidence(answer: Any, study: Study) -> Any:
    """A finding's answer with its evidence lists (segment ids)."""
    if isinstance(answer, Status) and isinstance(answer.value, dict) and "id" in answer.value:
        finding = Finding.objects.get(pk=answer.value["id"], study=study)
        answer.value["supporting"] = sorted(finding.supporting.values_list("pk", flat=True))
        answer.value["contradicting"] = sorted(finding.contradicting.values_list("pk", flat=True))
    return answer


@router.post("/{pk}/findings", response={201: dict[str, Any], **WRITE_ERRORS})
def create_finding(
    request: HttpRequest,
    pk: Id,
    payload: FindingIn,  # type: ignore[valid-type]
    response: HttpResponse,
) -> Any:
    """A new finding with what it is evidence for and, as lists of segment ids, its
    supporting and contradicting evidence; its triangulation is read from
    ``GET /studies/{pk}/findings``."""
    require_user(request)
    study = _study(request, pk)
    body = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]
    return _with_evidence(_finding_write(request, response, study, None, body), study)


@router.patch("/{pk}/findings/{fid}", response={200: dict[str, Any], **WRITE_ERRORS})
def update_finding(
    request: HttpRequest,
    pk: Id,
    fid: Id,
    payload: FindingPatch,  # type: ignore[valid-type]
    response: HttpResponse,
) -> Any:
    """Change a finding or its evidence; a change clears its verification."""
    require_user(request)
    study = _study(request, pk)
    finding = _one(Finding, study, fid)
    body = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]
    return _with_evidence(_finding_write(request, response, study, finding, body), study)


# --- REFI-QDA ---------------------------------------------------------------------------------


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _exported(content: Any) -> bytes:
    try:
        data: bytes = content()
    except ServiceError as error:  # nothing to export yet (an empty codebook)
        raise HttpError(409, _say(error.message)) from None
    return data


_QDPX = {200: {"description": "The study as a REFI-QDA project", "content": {"application/zip": {
    "schema": {"type": "string", "format": "binary"}}}}}  # fmt: skip
_QDC = {200: {"description": "The study's codebook (REFI-QDA)", "content": {"application/xml": {
    "schema": {"type": "string"}}}}}  # fmt: skip


@router.get(
    "/{pk}/qdpx", response={404: ErrorOut, 409: ErrorOut}, openapi_extra={"responses": _QDPX}
)
def export_qdpx(request: HttpRequest, pk: Id) -> HttpResponse:
    """The study as a REFI-QDA project (.qdpx), for NVivo, ATLAS.ti, MAXQDA, QualCoder…
    Informants appear by code; withdrawn informants' material is left out. Importing a
    project is a background job: ``POST /api/jobs/qdpx-import``."""
    study = _study(request, pk)
    data = _exported(lambda: exchange.study_qdpx(study=study))
    return _attachment(data, "application/zip", f"study-{pk}.qdpx")


@router.get(
    "/{pk}/codebook.qdc",
    response={404: ErrorOut, 409: ErrorOut},
    openapi_extra={"responses": _QDC},
)
def export_qdc(request: HttpRequest, pk: Id) -> HttpResponse:
    """The study's codebook as a REFI-QDA codebook (.qdc); 409 while it holds no code."""
    study = _study(request, pk)
    data = _exported(lambda: exchange.study_qdc(study=study))
    return _attachment(data, "application/xml", f"study-{pk}-codebook.qdc")


@router.post("/{pk}/codebook", response={200: dict[str, Any], **WRITE_ERRORS})
def import_qdc(request: HttpRequest, pk: Id, file: UploadedFile = File(...)) -> Any:  # noqa: B008
    """Codes from a REFI-QDA codebook (.qdc) into the study: all or nothing, with what was
    changed or dropped and why."""
    require_user(request)
    study = _study(request, pk)
    if not (file.name or "").lower().endswith(".qdc"):
        raise HttpError(400, _("Choose a REFI-QDA codebook file (.qdc)."))
    try:
        report = exchange.codebook_import_qdc(study=study, data=upload_read(file))
    except ServiceError as error:
        raise HttpError(400, _say(error.message)) from None
    english = get_language() == "en"
    return {
        "codes": report.counts.codes,
        "entries": [
            {
                "action": str(entry.action),
                "code": entry.code,
                "text": entry.english if english else entry.indonesian,
                "subject": entry.subject,
            }
            for entry in report.entries
        ],
    }


def _names(form_class: Any) -> dict[str, str]:
    """JSON property → form field, where a relation travels as ``<field>_id``."""
    model = form_class._meta.model
    return {
        model._meta.get_field(name).attname: name
        for name in form_class._meta.fields
        if name in form_class.base_fields
    }


def _document_forms() -> None:
    """The forms' own checks, written into the document (formschema.py). A new study takes
    the model's defaults for what the body leaves out."""
    defaults = frozenset(_defaults(StudyForm))
    for method, path, form_class, create in (
        ("post", "/api/studies", StudyForm, True),
        ("patch", "/api/studies/{pk}", StudyForm, False),
        ("post", "/api/studies/{pk}/informants", InformantForm, True),
        ("patch", "/api/studies/{pk}/informants/{iid}", InformantForm, False),
        ("post", "/api/studies/{pk}/codes", CodeForm, True),
        ("patch", "/api/studies/{pk}/codes/{cid}", CodeForm, False),
        ("post", "/api/studies/{pk}/sources", SourceForm, True),
        ("patch", "/api/studies/{pk}/sources/{sid}", SourceForm, False),
        ("post", "/api/studies/{pk}/findings", FindingForm, True),
        ("patch", "/api/studies/{pk}/findings/{fid}", FindingForm, False),
    ):
        document_form(
            method,
            path,
            form_class,
            create=create,
            names=_names(form_class),
            provided=defaults if form_class is StudyForm else frozenset(_defaults(form_class)),
            extra={"colour": {"pattern": f"^{COLOUR.pattern}$"}},
        )
    document_form("post", "/api/studies/{pk}/memos", MemoForm, create=True)
    document_form("patch", "/api/studies/{pk}/memos/{mid}", MemoForm, create=False)


_document_forms()
