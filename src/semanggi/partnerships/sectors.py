"""The one sector picker of every form and filter: a text field that takes DAC sector codes
or names, in Indonesian or English.

With JavaScript (``semanggi.js``) it becomes a combobox over ``/api/sectors/search``
("kesehatan", "health", "122…"), showing each match's name in the reader's language with
its code small. Without, it is a text field with a list of the sectors to choose from
(``datalist``); the server resolves what was typed, asking to choose when it is ambiguous.
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from semanggi.iati.codelists import codelist
from semanggi.iati.sectors import SectorMatch, sector_candidates, sector_match

# How many candidates an "ambiguous" error lists.
AMBIGUOUS_SHOWN = 6
# An offer names a handful of sectors; a long list is a mistake.
MAX_SECTORS = 50


def _language() -> str:
    return get_language() or "id"


def _codes(value: object) -> list[str]:
    """Items of a value: a list, or a text separated by commas or semicolons."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    if isinstance(value, Iterable):
        return [str(item).strip() for item in value if str(item).strip()]
    return [str(value)]


class SectorPicker(forms.TextInput):
    """A text input with the list of sectors to choose from; the script turns it into a
    search-as-you-type combobox. It shows the names of the sectors already chosen, so that
    no code is ever shown alone."""

    template_name = "partnerships/sector_picker.html"

    def __init__(
        self,
        *,
        multiple: bool = False,
        categories: bool = False,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        base = {
            "data-sector-picker": "multiple" if multiple else "single",
            "autocomplete": "off",
        }
        if categories:
            base["data-categories"] = "1"
        super().__init__(attrs={**base, **(attrs or {})})
        self.multiple = multiple
        self.categories = categories

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        # Several values under one name (a form that posts each sector apart) are one list.
        if self.multiple and hasattr(data, "getlist"):
            values = data.getlist(name)
            return values if len(values) > 1 else (values[0] if values else None)
        return super().value_from_datadict(data, files, name)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        language = _language()
        widget = context["widget"]
        widget["picked"] = [
            match
            for match in (sector_match(code, language) for code in _codes(widget["value"]))
            if match is not None
        ]
        widget["options"] = _options(language, categories=self.categories)
        widget["list_id"] = f"{widget['attrs'].get('id') or name}-sectors"
        widget["attrs"]["list"] = widget["list_id"]
        widget["multiple"] = self.multiple
        return context


def _options(language: str, *, categories: bool) -> list[SectorMatch]:
    """The sectors to choose from without script (active codes), categories first."""
    found = []
    if categories:
        found.extend(sector_match(code, language) for code in codelist("SectorCategory"))
    found.extend(
        sector_match(code, language) for code, item in codelist("Sector").items() if item.active
    )
    return [match for match in found if match is not None]


def sector_codes(*, categories: bool = False) -> list[str]:
    """Every code a sector field takes as a code: the DAC sectors (withdrawn ones too, for the
    records that carry them) and, with ``categories``, the 3-digit categories."""
    codes = list(codelist("SectorCategory")) if categories else []
    return codes + list(codelist("Sector"))


def sector_resolve(text: str, *, categories: bool = False) -> str:
    """The sector a person means by ``text``: a code, a name in either language, or a
    label such as ``Pelayanan kesehatan dasar (12220)``. Raises ValidationError, in the
    reader's language, when nothing or more than one sector fits."""
    text = " ".join(str(text).split())
    found = sector_candidates(text, categories=categories)
    if len(found) == 1:
        return found[0]
    if not found:
        if text.isdigit():
            raise ValidationError(
                _("Unknown sector code: %(code)s."), params={"code": text}, code="unknown"
            )
        raise ValidationError(
            _("No sector is called “%(name)s”."), params={"name": text}, code="unknown"
        )
    language = _language()
    shown = "; ".join(
        f"{match.name} ({match.code})"
        for match in (sector_match(code, language) for code in found[:AMBIGUOUS_SHOWN])
        if match is not None
    )
    raise ValidationError(
        _("Several sectors fit “%(name)s”: choose one of %(shown)s…"),
        params={"name": text, "shown": shown},
        code="ambiguous",
    )


class SectorField(forms.CharField):
    """One DAC 5-digit sector (or, with ``categories``, a 3-digit category too), typed as a
    code or a name; cleans to the code ("" when empty)."""

    def __init__(self, *, categories: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("widget", SectorPicker(categories=categories))
        kwargs.setdefault(
            "help_text", _("Type a word of its name, such as kesehatan or health, or its code.")
        )
        super().__init__(**kwargs)
        self.categories = categories

    def allowed_codes(self) -> list[str]:
        """The codes the API's document lists (a person may also type a name)."""
        return sector_codes(categories=self.categories)

    def clean(self, value: Any) -> str:
        text: str = super().clean(value)
        text = text.strip()
        if not text:
            return ""
        return sector_resolve(text, categories=self.categories)


class SectorCodesField(forms.Field):
    """Several sectors (and, with ``categories``, 3-digit categories), typed as codes or
    names separated by commas, picked with the sector picker, or sent as a JSON list of
    codes; cleans to the codes, in the order given, duplicates dropped."""

    def __init__(self, *, categories: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("widget", SectorPicker(multiple=True, categories=categories))
        super().__init__(**kwargs)
        self.categories = categories

    def allowed_codes(self) -> list[str]:
        """The codes the API's document lists (a person may also type a name)."""
        return sector_codes(categories=self.categories)

    def to_python(self, value: object) -> list[str]:
        items = list(dict.fromkeys(_codes(value)))
        if len(items) > MAX_SECTORS:
            raise ValidationError(
                _("At most %(limit)s sectors."), params={"limit": MAX_SECTORS}, code="too_many"
            )
        codes: list[str] = []
        errors: list[ValidationError] = []
        for item in items:
            try:
                codes.append(sector_resolve(item, categories=self.categories))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(codes))

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value: object) -> str:
        return ", ".join(_codes(value))

    def has_changed(self, initial: object, data: object) -> bool:
        return set(_codes(initial)) != set(_codes(data))
