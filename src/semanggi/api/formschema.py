"""What a form checks, written into the OpenAPI document of the operation that uses it.

The API's writes go through the same forms as the pages: the request's schema says which
fields travel and their JSON types, the form then checks lengths, choices, ranges, required
fields and dates. A client (or a fuzzer) reading the document should know all of that before
it sends anything, so that a request the document calls valid is one the form accepts. Each
write registers its form here (`document_form`); the document is then rewritten from the
form's fields: maximum lengths, text that may not be blank nor hold NUL, the choices, the
bounds of numbers and dates, the digits of decimals, and which fields a new record needs.

What a form checks between fields (an end after a start) and whether an id names a record the
caller may use cannot be written in a schema: the first answers 422, the second 404.
"""

import copy
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from semanggi.bounds import MAX_ID, BoundedInput, decimal_digits, integer_cap

# Years a person may enter (bounds.py): 1900-2100.
YEAR_PATTERN = "^(19[0-9]{2}|20[0-9]{2}|2100)-"
NO_NUL = "^[^\\u0000]*$"
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


@dataclass(frozen=True)
class FormDocument:
    form: type[forms.BaseForm]
    create: bool
    # JSON property → form field, where they differ (``activity_id`` → ``activity``).
    names: dict[str, str] = field(default_factory=dict)
    # Fields the operation fills itself (not asked for in a new record's body).
    provided: frozenset[str] = frozenset()
    # What a form's own clean_<field> checks, as JSON Schema, by form field.
    extra: dict[str, dict[str, Any]] = field(default_factory=dict)


FORMS: dict[tuple[str, str], FormDocument] = {}


def document_form(
    method: str,
    path: str,
    form: type[forms.BaseForm],
    *,
    create: bool,
    names: dict[str, str] | None = None,
    provided: frozenset[str] = frozenset(),
    extra: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Write what ``form`` checks into the request body of ``method path`` (as in the
    document: ``/api/...``)."""
    FORMS[(method.lower(), path)] = FormDocument(form, create, names or {}, provided, extra or {})


def int_bounds(form_field: forms.Field, model_field: Any = None) -> tuple[int, int]:
    """The smallest and largest number an integer field takes (with BoundedInput's cap)."""
    low: int | None = None
    high: int | None = None
    for validator in [*form_field.validators, *getattr(model_field, "validators", ())]:
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value if low is None else max(low, validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value if high is None else min(high, validator.limit_value)
    cap = integer_cap(model_field)
    high = cap if high is None else min(high, cap)
    low = -cap - 1 if low is None else max(low, -cap - 1)
    return low, high


def _bounded(form: type[forms.BaseForm]) -> bool:
    return issubclass(form, BoundedInput)


def _model_field(form: type[forms.BaseForm], name: str) -> Any:
    meta = getattr(form, "_meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # a form field that is no model field
        return None


def _decimal(
    branch: dict[str, Any], form_field: forms.DecimalField, model_field: Any, *, bounded: bool
) -> None:
    digits, places = form_field.max_digits, form_field.decimal_places
    if bounded:  # BoundedInput's cap (semanggi.bounds)
        digits = decimal_digits(digits)
    low, high = None, None
    for validator in [*form_field.validators, *getattr(model_field, "validators", ())]:
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value
    if branch.get("type") == "number":
        if digits is not None and places is not None:
            branch["exclusiveMaximum"] = 10 ** (digits - places)
            branch["exclusiveMinimum"] = -(10 ** (digits - places))
        if places is not None:
            branch["multipleOf"] = 10**-places if places else 1
        if low is not None:
            branch.pop("exclusiveMinimum", None)
            branch["minimum"] = float(low) if low != int(low) else int(low)
        if high is not None:
            branch.pop("exclusiveMaximum", None)
            branch["maximum"] = float(high) if high != int(high) else int(high)
    elif branch.get("type") == "string":
        whole = "[0-9]+" if digits is None else f"[0-9]{{1,{digits - (places or 0)}}}"
        fraction = (
            ""
            if places == 0
            else ("(\\.[0-9]+)?" if places is None else f"(\\.[0-9]{{1,{places}}})?")
        )
        sign = "" if low is not None and low >= 0 else "-?"
        branch["pattern"] = f"^{sign}{whole}{fraction}$"


def _choices(form_field: forms.Field) -> list[Any]:
    """The values a choice field takes (those in groups too), without the empty one."""
    values = []
    for value, label in getattr(form_field, "choices", ()):
        if isinstance(label, list | tuple):  # a group: (name, [(value, label), ...])
            values += [inner for inner, _label in label]
        elif value != "":
            values.append(value)
    return values


def _branch(
    branch: dict[str, Any],
    form_field: forms.Field,
    model_field: Any,
    *,
    bounded: bool,
    required: bool,
) -> None:
    kind = branch.get("type")
    if kind == "array" and required:
        branch["minItems"] = max(branch.get("minItems", 0), 1)
    # A field that takes codes from a codelist (sectors): the document lists the codes.
    allowed = getattr(form_field, "allowed_codes", None)
    if callable(allowed):
        codes = [str(code) for code in allowed()]
        if kind == "array" and isinstance(branch.get("items"), dict):
            branch["items"].pop("maxLength", None)
            branch["items"]["enum"] = codes
        elif kind == "string":
            branch.pop("maxLength", None)
            branch.pop("pattern", None)
            branch["enum"] = codes + ([] if required else [""])
        return
    if isinstance(form_field, forms.DecimalField):
        _decimal(branch, form_field, model_field, bounded=bounded)
    elif isinstance(form_field, forms.ModelMultipleChoiceField):
        if kind == "array" and isinstance(branch.get("items"), dict):
            items = branch["items"]
            if items.get("type") == "integer":
                items.update(minimum=1, maximum=MAX_ID)
    elif isinstance(form_field, forms.ModelChoiceField):
        if kind == "integer":
            branch.update(minimum=1, maximum=MAX_ID)
        elif kind == "string" and required:  # picked by slug or code
            branch["pattern"] = NOT_BLANK
    elif isinstance(form_field, forms.MultipleChoiceField):
        if kind == "array" and isinstance(branch.get("items"), dict):
            branch["items"]["enum"] = [str(value) for value in _choices(form_field)]
    elif isinstance(form_field, forms.ChoiceField):
        values = _choices(form_field)
        if kind == "string" and values:
            branch.pop("maxLength", None)
            branch["enum"] = [str(v) for v in values] + ([] if required else [""])
        elif kind == "integer" and values and all(isinstance(v, int) for v in values):
            branch["enum"] = values
    elif isinstance(form_field, forms.IntegerField):
        if kind == "integer":
            low, high = int_bounds(form_field, model_field)
            branch.update(minimum=low, maximum=high)
    elif isinstance(form_field, forms.DateField | forms.DateTimeField):
        if kind == "string":
            date_only = not isinstance(form_field, forms.DateTimeField)
            branch.setdefault("format", "date" if date_only else "date-time")
            if bounded:
                branch["pattern"] = YEAR_PATTERN
    elif isinstance(form_field, forms.CharField) and kind == "string":
        if form_field.max_length is not None:
            branch["maxLength"] = form_field.max_length
        branch["pattern"] = NOT_BLANK if required else NO_NUL


def _tighten(schema: dict[str, Any], document: FormDocument) -> dict[str, Any]:
    result = copy.deepcopy(schema)
    properties: dict[str, Any] = result.get("properties", {})
    names = {prop: document.names.get(prop, prop) for prop in properties}
    required = set(result.get("required", []))
    bounded = _bounded(document.form)
    for prop, name in names.items():
        form_field = document.form.base_fields.get(name)
        if form_field is None:
            continue
        model_field = _model_field(document.form, name)
        needed = form_field.required
        value = properties[prop]
        # A value the operation fills when the body leaves it out.
        filled = value.get("default") is not None
        branches = value.get("anyOf")
        if needed and branches:
            # A field the form needs may be left out of a change, never sent empty.
            branches = [b for b in branches if b.get("type") != "null"]
            if len(branches) == 1:
                value = {**{k: v for k, v in value.items() if k != "anyOf"}, **branches[0]}
                value.pop("default", None)
                branches = None
            else:
                value["anyOf"] = branches
        for branch in branches or [value]:
            if branch.get("type") != "null":
                _branch(branch, form_field, model_field, bounded=bounded, required=needed)
                if branch.get("type") == "string":
                    branch.update(document.extra.get(name, {}))
        properties[prop] = value
        if document.create and needed and name not in document.provided and not filled:
            required.add(prop)
        elif not document.create:
            required.discard(prop)
    if required:
        result["required"] = sorted(required)
    return result


def apply(schema: dict[str, Any]) -> None:
    """Rewrite the request bodies of the registered operations in the OpenAPI ``schema``."""
    components = schema.get("components", {}).get("schemas", {})
    for (method, path), document in FORMS.items():
        operation = schema["paths"].get(path, {}).get(method)
        if operation is None or "requestBody" not in operation:
            continue
        for content in operation["requestBody"].get("content", {}).values():
            body = content.get("schema", {})
            ref = body.get("$ref", "")
            if ref:
                name = ref.rsplit("/", 1)[-1]
                target = f"{name}{'Create' if document.create else 'Change'}Form"
                components[target] = _tighten(components[name], document)
                content["schema"] = {"$ref": f"#/components/schemas/{target}"}
            else:
                content["schema"] = _tighten(body, document)


# Errors of a field that names records: the ids or codes name none (the caller may use).
NAMES_NOTHING = {"invalid_choice", "invalid_pk_value", "unknown"}
# Errors of the whole form where the record would repeat one already there.
CONFLICTS = {"unique", "unique_together", "conflict"}


def _codes(form: forms.BaseForm) -> dict[str, set[str | None]]:
    return {name: {e.code for e in errors} for name, errors in form.errors.as_data().items()}


def names_nothing(form: forms.BaseForm) -> list[str] | None:
    """The fields of an invalid ``form`` when its only errors are ids (or region codes) that
    name no record it offers (the caller may not use, or that does not exist): answered 404,
    as an id in the path is. None when any other error is there."""
    codes = _codes(form)
    if not codes:
        return None
    for name, found in codes.items():
        field = form.fields.get(name)
        picks = isinstance(field, forms.ModelChoiceField) or (
            field is not None and type(field).__name__ in ("RegionCodesField", "RegionField")
        )
        if not picks or not found <= NAMES_NOTHING:
            return None
    return sorted(codes)


def conflicts(form: forms.BaseForm) -> bool:
    """True when an invalid ``form``'s only errors say the record would repeat one already
    recorded: the state of the data, not the request, answered 409."""
    codes = _codes(form)
    return bool(codes) and all(found <= CONFLICTS for found in codes.values())
