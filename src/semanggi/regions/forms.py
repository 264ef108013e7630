"""The one region picker of every form: a text field that takes region codes or names.

With JavaScript (``semanggi.js``) it becomes a combobox over ``/api/regions/search``; without,
a person types a name ("Semanggi") or a code and the server resolves it, asking to choose
when a name is shared by several regions.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from semanggi.core.regions import is_valid_code
from semanggi.regions.models import Region
from semanggi.regions.selectors import RegionMatch, region_matches, region_search

# How many candidates an "ambiguous name" error lists.
AMBIGUOUS_SHOWN = 5


class RegionPicker(forms.TextInput):
    """A text input the script turns into a search-as-you-type combobox; it renders the
    names of the regions already chosen, so that no code is ever shown alone."""

    template_name = "regions/region_picker.html"

    def __init__(self, *, multiple: bool = False, attrs: dict[str, Any] | None = None) -> None:
        base = {"data-region-picker": "multiple" if multiple else "single", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})})
        self.multiple = multiple

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        text = context["widget"]["value"] or ""
        codes = [part for part in str(text).replace(",", " ").split() if is_valid_code(part)]
        found = region_matches(codes) if codes else {}
        context["widget"]["picked"] = [found[code] for code in codes if code in found]
        context["widget"]["multiple"] = self.multiple
        return context


def region_resolve(text: str) -> Region:
    """The region a person means by ``text``: a code, a name, or a label such as
    ``Semanggi · Pasar Kliwon · Kota Surakarta``. Raises ValidationError, in the reader's
    language, when nothing or more than one region fits."""
    text = " ".join(text.split())
    if is_valid_code(text):
        region = Region.objects.filter(code=text).first()
        if region is None:
            raise ValidationError(
                _("Unknown region code: %(code)s."), params={"code": text}, code="unknown"
            )
        return region
    parts = [part.strip() for part in text.split("·") if part.strip()]
    matches = region_search(q=" ".join(parts), limit=50)
    exact = [m for m in matches if m.name.casefold() == parts[0].casefold()] if parts else []
    if len(parts) > 1:
        exact = [m for m in exact if _parents_fit(m, parts[1:])]
    chosen = exact if exact else matches
    if len(chosen) == 1:
        return Region.objects.get(code=chosen[0].code)
    if not chosen:
        raise ValidationError(
            _("No region is called “%(name)s”."), params={"name": text}, code="unknown"
        )
    shown = "; ".join(f"{m.label} ({m.code})" for m in chosen[:AMBIGUOUS_SHOWN])
    raise ValidationError(
        _("Several regions are called “%(name)s”: choose one of %(shown)s."),
        params={"name": text, "shown": shown},
        code="ambiguous",
    )


def _parents_fit(match: RegionMatch, parents: list[str]) -> bool:
    names = [name.casefold() for name in match.parents]
    return all(parent.casefold() in names for parent in parents)


class RegionField(forms.CharField):
    """One region, typed as a code or a name; cleans to the region's code ("" when empty)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("widget", RegionPicker())
        kwargs.setdefault(
            "help_text", _("Type a name, such as Semanggi or Mojosongo, or a region code.")
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text: str = super().clean(value)
        text = text.strip()
        if not text:
            return ""
        return region_resolve(text).code


def region_codes_resolve(parts: list[str]) -> list[Region]:
    """Regions for codes or names (one per item), in the order given, duplicates dropped.
    Errors name every item that did not resolve."""
    regions: dict[str, Region] = {}
    errors: list[ValidationError] = []
    codes = [part for part in parts if is_valid_code(part)]
    found = Region.objects.in_bulk(codes)
    unknown = [code for code in codes if code not in found]
    if unknown:
        errors.append(
            ValidationError(
                _("Unknown region code: %(code)s."),
                params={"code": ", ".join(unknown)},
                code="unknown",
            )
        )
    for part in parts:
        if part in found:
            regions.setdefault(part, found[part])
        elif not is_valid_code(part):
            try:
                region = region_resolve(part)
            except ValidationError as error:
                errors.append(error)
            else:
                regions.setdefault(region.code, region)
    if errors:
        raise ValidationError(errors)
    return list(regions.values())
