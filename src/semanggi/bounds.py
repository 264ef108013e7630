"""Bounds on what people and programs send: record ids and the dates people enter.

An id is a positive 64-bit integer (what SQLite and PostgreSQL keys hold); a larger number is
no id at all, answered as "not found" before it reaches the database. Dates people enter lie
between 1900 and 2100: a year 1 or 9999 is a typing mistake, and one that breaks arithmetic on
dates (a timeline that reaches a day before year 1). A decimal has at most 15 significant
digits: SQLite reads decimals back through a 15-digit context, so a longer one would be saved
and then fail every page that reads it (with 2 decimal places: below 10 trillion rupiah).
"""

from datetime import date
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from pydantic import BeforeValidator, Field

MAX_ID = 2**63 - 1
# The largest integer a plain integer column holds (PostgreSQL's integer).
MAX_INT = 2**31 - 1
# A position in a source's text (stored as a 32-bit integer).
MAX_POSITION = 2**31 - 1
# Significant digits of a decimal, on every database (SQLite keeps 15 exactly).
MAX_DECIMAL_DIGITS = 15
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)

# An id in an API path, query or body: a number a key can hold (0 is simply not found).
Id = Annotated[int, Field(ge=0, le=MAX_ID)]


def _json_integer(value: Any) -> Any:
    """A JSON integer (``5`` or ``5.0``), not a boolean or a string that looks like one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not an integer")
    return value


# An id inside a JSON body, where the document says "integer" and means it.
JsonId = Annotated[int, Field(ge=0, le=MAX_ID), BeforeValidator(_json_integer)]


def parse_id(text: str | None) -> int | None:
    """The id written in ``text`` (ASCII digits only, within range), else None."""
    if not text or not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


class IdConverter:
    """``<id:pk>`` in a URL: like ``int``, but a number no key can hold matches nothing
    (a 404), instead of reaching the database."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: Any) -> str:
        return str(value)


def validate_entered_date(value: date) -> None:
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST.year, "latest": LATEST.year},
        )


def decimal_digits(max_digits: int | None) -> int:
    """The digits a decimal field takes on every database."""
    return MAX_DECIMAL_DIGITS if max_digits is None else min(max_digits, MAX_DECIMAL_DIGITS)


def integer_cap(model_field: Any = None) -> int:
    """The largest number an integer field takes: what its column holds on every database
    (32 bits, 64 for a big integer), whatever SQLite would accept."""
    return MAX_ID if model_field is not None and "Big" in type(model_field).__name__ else MAX_INT


class BoundedInput:
    """Form mixin: every date field accepts only dates between 1900 and 2100, every integer
    only what its column holds on every database, every decimal at most 15 digits, and every
    field that picks records by id refuses numbers no key can hold before it asks the
    database."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = getattr(getattr(self, "_meta", None), "model", None)
        for name, field in self.fields.items():
            if type(field) is forms.IntegerField:
                try:
                    column = model._meta.get_field(name) if model is not None else None
                except Exception:  # a form field that is no model field
                    column = None
                cap = integer_cap(column)
                field.validators += [MinValueValidator(-cap - 1), MaxValueValidator(cap)]
            elif isinstance(field, forms.DecimalField):
                digits = decimal_digits(field.max_digits)
                if digits != field.max_digits:
                    field.max_digits = digits
                    field.validators = [
                        v for v in field.validators if not isinstance(v, DecimalValidator)
                    ] + [DecimalValidator(digits, field.decimal_places)]
            elif isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(_validate_date_or_time)
            elif isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(
                field, BoundedModelMultipleChoiceField
            ):
                field.__class__ = BoundedModelMultipleChoiceField
            elif isinstance(field, forms.ModelChoiceField) and not isinstance(
                field, BoundedModelChoiceField
            ):
                field.__class__ = BoundedModelChoiceField


def _validate_date_or_time(value: Any) -> None:
    validate_entered_date(value.date() if hasattr(value, "date") else value)


def _is_key(value: Any) -> bool:
    # Only integer keys are bounded; a form may pick by another field (a slug, a code).
    if isinstance(value, int) and not isinstance(value, bool):
        return 0 < value <= MAX_ID
    text = str(value)
    return not (text.isascii() and text.isdigit()) or parse_id(text) is not None


class BoundedModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _is_key(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def _check_values(self, value: Any) -> Any:
        for item in value if isinstance(value, list | tuple) else ():
            if not _is_key(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)
