"""API for managing a partnership: its management records (create, update, list), the gate
to the next phase, phase changes, variance flags and indicator approvals. Every write goes
through the same forms and services as the pages, under the same permissions."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import FileField, ManyToManyField, Model
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.orm import create_schema
from ninja.responses import Status
from pydantic import Field

from semanggi.access.selectors import principal_for
from semanggi.api.auth import require_user
from semanggi.core.lifecycle import Phase
from semanggi.partnerships.models import Partnership, PartyRoleKind
from semanggi.partnerships.selectors import partnership_detail
from semanggi.poac.forms import PartnershipForm
from semanggi.poac.models import IndicatorPeriod, Involvement
from semanggi.poac.records import RECORDS, RecordType
from semanggi.poac.selectors import lifecycle_snapshot, next_gate, partnership_flags
from semanggi.poac.services import (
    ServiceError,
    indicator_actual_approve,
    partnership_check_open,
    partnership_phase_change,
    partnership_save,
    record_save,
)

router = Router(tags=["management"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


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
    return [
        FlagOut(kind=f.kind.value, level=f.level.value, subject=f.subject, reason=_say(f.reason))
        for f in flags
        if f.level.value != "green"
    ]


@router.post(
    "/{slug}/indicator-periods/{pk}/approve",
    response={200: dict[str, Any], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def approve_actual(request: HttpRequest, slug: str, pk: int) -> Any:
    """The accountable party approves an indicator's actual value."""
    partnership = _partnership(request, slug)
    require_user(request)
    period = (
        IndicatorPeriod.objects.select_related("indicator__accountable")
        .filter(indicator__partnership=partnership, pk=pk)
        .first()
    )
    if period is None:
        raise Http404
    try:
        indicator_actual_approve(period=period, actor=request.user)
    except ServiceError as error:
        return Status(403, {"detail": _say(error.message)})
    return {"id": period.pk, "approved_at": period.approved_at}


PartnershipPatch = create_schema(
    Partnership,
    name="PartnershipPatch",
    fields=list(PartnershipForm._meta.fields or []),
    optional_fields=list(PartnershipForm._meta.fields or []),
)


PARTNERSHIP_PATCH_RESPONSES = {
    200: dict[str, Any],
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def update_partnership(request: HttpRequest, slug: str, payload: PartnershipPatch) -> Any:  # type: ignore[valid-type]
    """Change the partnership's own facts (title, description, sector, dates, publication)."""
    partnership = _open_partnership(request, slug)
    fields = list(PartnershipForm._meta.fields or [])
    data = {name: getattr(partnership, name) for name in fields}
    data.update(payload.dict(exclude_unset=True))  # type: ignore[attr-defined]
    form = PartnershipForm(data, partnership=partnership)
    if not form.is_valid():
        return Status(422, {"detail": _("Invalid parameters."), "errors": _errors(form)})
    saved = partnership_save(form=form)
    return {name: getattr(saved, name) for name in ["slug", *fields]}


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
    data: dict[str, Any] = {"id": instance.pk}
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
    return data


def _form_data(record_type: RecordType, body: dict[str, Any]) -> dict[str, Any]:
    names = {
        record_type.model._meta.get_field(name).attname: name for name in _api_fields(record_type)
    }
    data = {names.get(k, k): v for k, v in body.items() if k != "involvement"}
    for party_id, involvement in (body.get("involvement") or {}).items():
        data[f"party_{party_id}"] = involvement
    return data


def _errors(form: Any) -> dict[str, list[str]]:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


def _register(record_type: RecordType) -> None:
    kind = record_type.kind
    fields = _api_fields(record_type)
    name = "".join(part.capitalize() for part in kind.split("-"))
    # Form fields that are not model fields travel too.
    custom: list[tuple[str, Any, Any]] = {
        "decision": [("involvement", dict[int, Involvement], None)],
        "party": [("roles", list[PartyRoleKind], None)],
    }.get(kind, [])
    # Lists of related records travel as plain lists of ids, validated as such.
    m2m = [f for f in fields if isinstance(record_type.model._meta.get_field(f), ManyToManyField)]
    custom = [*custom, *((name, list[int] | None, None) for name in m2m)] or None
    schema_fields = [f for f in fields if f not in m2m]
    optional = [f for f in schema_fields if not record_type.form.base_fields[f].required]
    schema_in = create_schema(
        record_type.model,
        name=f"{name}In",
        fields=schema_fields,
        optional_fields=optional or None,
        custom_fields=custom,
    )
    schema_patch = create_schema(
        record_type.model,
        name=f"{name}Patch",
        fields=schema_fields,
        optional_fields=schema_fields,
        custom_fields=custom,
    )
    queryset = record_type.model.objects.all()
    path = record_type.partnership_path

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

    def save(request: HttpRequest, slug: str, body: dict[str, Any], pk: int | None) -> Any:
        partnership = _open_partnership(request, slug)
        instance = None
        data: dict[str, Any] = {}
        if pk is not None:
            instance = queryset.filter(**{path: partnership}, pk=pk).first()
            if instance is None:
                raise Http404
            data = _form_data(record_type, _record_dict(instance, record_type))
        elif kind == "closure":
            instance = getattr(partnership, "closure", None)
        data.update(_form_data(record_type, body))
        form = record_type.form(data, instance=instance, partnership=partnership)
        if not form.is_valid():
            return Status(422, {"detail": _("Invalid parameters."), "errors": _errors(form)})
        saved = record_save(form=form, actor=request.user)
        return Status(200 if pk else 201, _record_dict(queryset.get(pk=saved.pk), record_type))

    def create_record(request: HttpRequest, slug: str, payload: schema_in) -> Any:  # type: ignore[valid-type]
        return save(request, slug, payload.dict(exclude_unset=True), None)  # type: ignore[attr-defined]

    def update_record(request: HttpRequest, slug: str, pk: int, payload: schema_patch) -> Any:  # type: ignore[valid-type]
        return save(request, slug, payload.dict(exclude_unset=True), pk)  # type: ignore[attr-defined]

    errors = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
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
        ["PATCH"],
        update_record,
        response={200: dict[str, Any], **errors},
        operation_id=f"update_{kind.replace('-', '_')}",
        summary=f"Update a {kind} record",
    )


for _record_type in RECORDS.values():
    _register(_record_type)
