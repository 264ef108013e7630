"""API for managing a partnership: its management records (create, update, list), the gate
to the next phase, phase changes, variance flags and indicator approvals. Every write goes
through the same forms and services as the pages, under the same permissions."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import FileField, ManyToManyField, Model
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.orm import create_schema
from ninja.responses import Status
from pydantic import Field, StringConstraints

from semanggi.access.selectors import principal_for
from semanggi.api.auth import require_user
from semanggi.api.formschema import conflicts, document_form, names_nothing
from semanggi.api.schemas import ErrorOut, InvalidRequestOut, JsonIn
from semanggi.api.versions import ConflictOut, apply, conflict, etag, version_asked
from semanggi.bounds import Id
from semanggi.core.lifecycle import Phase
from semanggi.partnerships.models import Partnership, PartyRoleKind
from semanggi.partnerships.selectors import partnership_detail
from semanggi.poac.forms import PartnershipForm
from semanggi.poac.models import IndicatorPeriod, Involvement
from semanggi.poac.records import RECORDS, RecordType
from semanggi.poac.selectors import (
    flag_subjects,
    lifecycle_snapshot,
    next_gate,
    partnership_flags,
)
from semanggi.poac.services import (
    ServiceError,
    indicator_actual_approve,
    indicator_approver_check,
    partnership_check_open,
    partnership_phase_change,
    partnership_save,
    record_save,
)
from semanggi.versions import VersionConflict

# A party's id as the key of a JSON object.
PartyKey = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,17}$")]

router = Router(tags=["management"])


class RequirementOut(Schema):
    code: str
    met: bool
    blocking: bool
    message: str


class GateOut(Schema):
    phase: str
    next_phase: str | None
    passed: bool | None
    requirements: list[RequirementOut]


class FlagOut(Schema):
    kind: str
    level: str
    subject: str
    subject_name: str | None = Field(None, description="what the flag is about, by name")
    subject_url: str | None = Field(None, description="where it is on the partnership's page")
    reason: str


class PhaseIn(Schema):
    target: Phase
    reason: str | None = Field(None, max_length=2000)


class PhaseOut(Schema):
    allowed: bool
    code: str
    phase: str
    message: str
    missing: list[RequirementOut]


def _partnership(request: HttpRequest, slug: str, *, change: bool = False) -> Partnership:
    partnership = partnership_detail(principal=principal_for(request.user), slug=slug)
    if partnership is None:
        raise Http404
    if change:
        require_user(request)
        if not request.user.has_perm("partnerships.change_partnership", partnership):
            raise HttpError(403, "forbidden")
    return partnership


def _open_partnership(request: HttpRequest, slug: str) -> Partnership:
    """A partnership the caller may change and that is not closed (409 when closed)."""
    partnership = _partnership(request, slug, change=True)
    try:
        partnership_check_open(partnership)
    except ServiceError as error:
        raise HttpError(409, _say(error.message)) from error
    return partnership


def _say(message: Any) -> str:
    text: str = message.in_language(get_language())
    return text


def _requirement(requirement: Any) -> RequirementOut:
    return RequirementOut(
        code=requirement.code,
        met=requirement.met,
        blocking=requirement.blocking,
        message=_say(requirement.message),
    )


@router.get("/{slug}/gate", response={200: GateOut, 404: ErrorOut})
def get_gate(request: HttpRequest, slug: str) -> Any:
    """What the partnership still lacks to enter the next phase."""
    partnership = _partnership(request, slug)
    gate = next_gate(partnership, lifecycle_snapshot(partnership))
    return GateOut(
        phase=partnership.phase,
        next_phase=gate.target.value if gate else None,
        passed=gate.passed if gate else None,
        requirements=[_requirement(r) for r in gate.requirements] if gate else [],
    )


@router.post(
    "/{slug}/phase",
    response={200: PhaseOut, 409: PhaseOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def change_phase(request: HttpRequest, slug: str, payload: PhaseIn) -> Any:
    """Move to another phase: forward through the gate, back with a reason."""
    partnership = _partnership(request, slug, change=True)
    result = partnership_phase_change(
        partnership=partnership, target=payload.target, reason=payload.reason, actor=request.user
    )
    body = PhaseOut(
        allowed=result.allowed,
        code=result.code,
        phase=result.phase.value,
        message=_say(result.message),
        missing=[_requirement(r) for r in result.missing],
    )
    return Status(200 if result.allowed else 409, body)


@router.get("/{slug}/flags", response={200: list[FlagOut], 404: ErrorOut})
def get_flags(request: HttpRequest, slug: str) -> Any:
    """The variance flags as of today, red and amber only."""
    partnership = _partnership(request, slug)
    flags = partnership_flags([partnership.pk], timezone.localdate())[partnership.pk]
    shown = [f for f in flags if f.level.value != "green"]
    subjects = flag_subjects({f.subject for f in shown})
    page = f"/partnerships/{partnership.slug}/"
    return [
        FlagOut(
            kind=f.kind.value,
            level=f.level.value,
            subject=f.subject,
            subject_name=subjects[f.subject].label if f.subject in subjects else None,
            subject_url=f"{page}#{subjects[f.subject].anchor}" if f.subject in subjects else None,
            reason=_say(f.reason),
        )
        for f in shown
    ]


class ApproveIn(Schema):
    version: int | None = Field(
        None, ge=1, description="the version of the record approved (or send If-Match)"
    )


@router.post(
    "/{slug}/indicator-periods/{pk}/approve",
    response={
        200: dict[str, Any],
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ConflictOut,
        422: InvalidRequestOut,
        428: ErrorOut,
    },
)
def approve_actual(
    request: HttpRequest,
    slug: str,
    pk: Id,
    response: HttpResponse,
    payload: ApproveIn | None = None,
) -> Any:
    """The accountable party approves an indicator's actual value, naming the version of
    the record she approves (``version`` in the body or ``If-Match`` with the record's
    ETag). 409 with the record as it is now if it changed since that version."""
    partnership = _partnership(request, slug)
    require_user(request)
    period = (
        IndicatorPeriod.objects.select_related("indicator__accountable")
        .filter(indicator__partnership=partnership, pk=pk)
        .first()
    )
    if period is None:
        raise Http404
    version = version_asked(request, payload.version if payload else None)
    try:
        indicator_approver_check(period=period, actor=request.user)
        if version is None:
            return Status(
                428, {"detail": _("Name the version you approve: send If-Match or version.")}
            )
        indicator_actual_approve(period=period, actor=request.user, version=version)
    except ServiceError as error:
        return Status(403, {"detail": _say(error.message)})
    except VersionConflict as error:
        return conflict(error, _record_dict(error.current, RECORDS["indicator-period"]))
    etag(response, period.version)
    return {
        "id": period.pk,
        "approved_at": period.approved_at,
        "approved_version": version,
        "version": period.version,
    }


VERSION_FIELD = ("version", int | None, Field(None, ge=1, description="the version changed"))

PartnershipPatch = create_schema(
    Partnership,
    base_class=JsonIn,
    name="PartnershipPatch",
    fields=list(PartnershipForm._meta.fields or []),
    optional_fields=list(PartnershipForm._meta.fields or []),
    custom_fields=[VERSION_FIELD],
)


PARTNERSHIP_PATCH_RESPONSES = {
    200: dict[str, Any],
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ConflictOut,
    422: InvalidRequestOut,
}


def _partnership_dict(partnership: Partnership) -> dict[str, Any]:
    fields = list(PartnershipForm._meta.fields or [])
    return {name: getattr(partnership, name) for name in ["slug", "version", *fields]}


def update_partnership(
    request: HttpRequest,
    slug: str,
    payload: PartnershipPatch,  # type: ignore[valid-type]
    response: HttpResponse,
) -> Any:
    """Change the partnership's own facts (title, description, sector, dates, publication).
    Name the version changed (``version`` or ``If-Match``) to be told of others' changes
    (409); without it, the fields given are set over the current values of the others."""
    _open_partnership(request, slug)
    given = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]
    named = version_asked(request, given.pop("version", None))
    fields = list(PartnershipForm._meta.fields or [])

    def write() -> Any:
        partnership = _open_partnership(request, slug)
        data = {name: getattr(partnership, name) for name in fields}
        data.update(given)
        data["version"] = named
        form = PartnershipForm(data, partnership=partnership)
        if not form.is_valid():
            return Status(422, {"detail": _("Invalid parameters."), "errors": _errors(form)})
        return partnership_save(form=form)

    try:
        saved = apply(write, named=named)
    except VersionConflict as error:
        return conflict(error, _partnership_dict(error.current))
    if isinstance(saved, Status):
        return saved
    etag(response, saved.version)
    return _partnership_dict(saved)


# --- Records, one set of endpoints per record type ------------------------------------------


def _api_fields(record_type: RecordType) -> list[str]:
    """The form's model fields that travel as JSON (files are uploaded through the pages)."""
    fields = record_type.form._meta.fields or []
    return [
        name
        for name in fields
        if not isinstance(record_type.model._meta.get_field(name), FileField)
    ]


def _value(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, Decimal | date):
        return value
    return value


def _record_dict(instance: Model, record_type: RecordType) -> dict[str, Any]:
    data: dict[str, Any] = {"id": instance.pk, "version": instance.version}  # type: ignore[attr-defined]
    for name in _api_fields(record_type):
        field = record_type.model._meta.get_field(name)
        if isinstance(field, ManyToManyField):
            data[name] = [item.pk for item in getattr(instance, name).all()]
        else:
            # Relations travel as "<field>_id", as in the generated schemas.
            data[field.attname] = getattr(instance, field.attname)
    if record_type.kind == "decision":
        data["involvement"] = {dp.party_id: dp.involvement for dp in instance.parties.all()}  # type: ignore[attr-defined]
    if record_type.kind == "party":
        data["roles"] = sorted(role.role for role in instance.roles.all())  # type: ignore[attr-defined]
    if record_type.kind == "indicator-period":
        # The approval, read-only: it changes through the approve endpoint.
        data["approved_by_id"] = instance.approved_by_id  # type: ignore[attr-defined]
        data["approved_at"] = instance.approved_at  # type: ignore[attr-defined]
    return data


def _form_data(record_type: RecordType, body: dict[str, Any]) -> dict[str, Any]:
    names = {
        record_type.model._meta.get_field(name).attname: name for name in _api_fields(record_type)
    }
    skipped = ("involvement", "version", "approved_by_id", "approved_at")
    data = {names.get(k, k): v for k, v in body.items() if k not in skipped}
    for party_id, involvement in (body.get("involvement") or {}).items():
        data[f"party_{party_id}"] = involvement
    return data


def _all_errors(form: Any) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


def _errors(form: Any) -> dict[str, list[str]]:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


def _register(record_type: RecordType) -> None:
    kind = record_type.kind
    fields = _api_fields(record_type)
    name = "".join(part.capitalize() for part in kind.split("-"))
    # Form fields that are not model fields travel too.
    custom: list[tuple[str, Any, Any]] = {
        "decision": [("involvement", dict[PartyKey, Involvement], None)],
        "party": [("roles", list[PartyRoleKind], None)],
    }.get(kind, [])
    # Lists of related records travel as plain lists of ids, validated as such.
    m2m = [f for f in fields if isinstance(record_type.model._meta.get_field(f), ManyToManyField)]
    custom = [*custom, *((name, list[Id] | None, None) for name in m2m)]
    schema_fields = [f for f in fields if f not in m2m]
    optional = [f for f in schema_fields if not record_type.form.base_fields[f].required]
    schema_in = create_schema(
        record_type.model,
        base_class=JsonIn,
        name=f"{name}In",
        fields=schema_fields,
        optional_fields=optional or None,
        custom_fields=custom or None,
    )
    schema_patch = create_schema(
        record_type.model,
        base_class=JsonIn,
        name=f"{name}Patch",
        fields=schema_fields,
        optional_fields=schema_fields,
        custom_fields=[*custom, VERSION_FIELD],
    )
    queryset = record_type.model.objects.all()
    path = record_type.partnership_path
    # The form's own checks, written into the document (formschema.py).
    names = {record_type.model._meta.get_field(f).attname: f for f in schema_fields}
    base = f"/api/partnerships/{{slug}}/records/{kind}"
    document_form("post", base, record_type.form, create=True, names=names)
    document_form("patch", base + "/{pk}", record_type.form, create=False, names=names)

    def list_records(request: HttpRequest, slug: str) -> Any:
        partnership = _partnership(request, slug)
        rows = queryset.filter(**{path: partnership}).order_by("pk")
        if kind == "decision":
            rows = rows.prefetch_related("parties")
        if kind == "party":
            rows = rows.prefetch_related("roles")
        m2m = [
            f for f in fields if isinstance(record_type.model._meta.get_field(f), ManyToManyField)
        ]
        if m2m:
            rows = rows.prefetch_related(*m2m)
        return [_record_dict(row, record_type) for row in rows]

    def one(partnership: Partnership, pk: Id) -> Model:
        instance = queryset.filter(**{path: partnership}, pk=pk).first()
        if instance is None:
            raise Http404
        return instance

    def save(
        request: HttpRequest,
        slug: str,
        body: dict[str, Any],
        pk: Id | None,
        response: HttpResponse,
    ) -> Any:
        named = version_asked(request, body.pop("version", None)) if pk is not None else None

        def write() -> Any:
            partnership = _open_partnership(request, slug)
            instance = None
            data: dict[str, Any] = {}
            if pk is not None:
                instance = one(partnership, pk)
                data = _form_data(record_type, _record_dict(instance, record_type))
                data["version"] = named
            elif kind == "closure":
                instance = getattr(partnership, "closure", None)
            data.update(_form_data(record_type, body))
            form = record_type.form(data, instance=instance, partnership=partnership)
            if not form.is_valid():
                unknown = names_nothing(form)
                if unknown:  # ids that name no record of the partnership: as a path would
                    return Status(404, {"detail": f"{_('Not found.')} ({', '.join(unknown)})"})
                if conflicts(form):  # it would repeat a record already there
                    return Status(409, {"detail": " ".join(_all_errors(form))})
                return Status(422, {"detail": _("Invalid parameters."), "errors": _errors(form)})
            return record_save(form=form, actor=request.user)

        try:
            saved = apply(write, named=named)
        except VersionConflict as error:
            return conflict(error, _record_dict(error.current, record_type))
        if isinstance(saved, Status):
            return saved
        etag(response, saved.version)  # type: ignore[attr-defined]
        return Status(200 if pk else 201, _record_dict(queryset.get(pk=saved.pk), record_type))

    def get_record(request: HttpRequest, slug: str, pk: Id, response: HttpResponse) -> Any:
        instance = one(_partnership(request, slug), pk)
        etag(response, instance.version)  # type: ignore[attr-defined]
        return _record_dict(instance, record_type)

    def create_record(
        request: HttpRequest, slug: str, payload: schema_in, response: HttpResponse
    ) -> Any:  # type: ignore[valid-type]
        return save(request, slug, payload.dict(exclude_unset=True), None, response)  # type: ignore[attr-defined]

    def update_record(
        request: HttpRequest,
        slug: str,
        pk: Id,
        payload: schema_patch,  # type: ignore[valid-type]
        response: HttpResponse,
    ) -> Any:
        """Change some fields of the record. Name the version changed (``version`` or
        ``If-Match`` with the ETag of its GET) to be told of others' changes (409 with the
        record as it is now); without it, the fields given are set over the current ones."""
        return save(request, slug, payload.dict(exclude_unset=True), pk, response)  # type: ignore[attr-defined]

    errors = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: InvalidRequestOut}
    router.add_api_operation(
        f"/{{slug}}/records/{kind}",
        ["GET"],
        list_records,
        response={200: list[dict[str, Any]], 404: ErrorOut},
        operation_id=f"list_{kind.replace('-', '_')}",
        summary=f"List {kind} records",
    )
    router.add_api_operation(
        f"/{{slug}}/records/{kind}",
        ["POST"],
        create_record,
        response={201: dict[str, Any], 200: dict[str, Any], **errors},
        operation_id=f"create_{kind.replace('-', '_')}",
        summary=f"Create a {kind} record",
    )
    router.add_api_operation(
        f"/{{slug}}/records/{kind}/{{pk}}",
        ["GET"],
        get_record,
        response={200: dict[str, Any], 404: ErrorOut},
        operation_id=f"get_{kind.replace('-', '_')}",
        summary=f"Get a {kind} record (ETag: its version)",
    )
    router.add_api_operation(
        f"/{{slug}}/records/{kind}/{{pk}}",
        ["PATCH"],
        update_record,
        # 409 is a version conflict (with the record as it is now) or a closed partnership.
        response={200: dict[str, Any], **errors, 409: ConflictOut | ErrorOut},
        operation_id=f"update_{kind.replace('-', '_')}",
        summary=f"Update a {kind} record",
    )


for _record_type in RECORDS.values():
    _register(_record_type)
