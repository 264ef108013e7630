from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language

from semanggi.core.money import format_rupiah
from semanggi.iati.codelists import codelist

register = template.Library()


@register.filter
def localized(record: Any, field: str) -> str:
    """``{{ partnership|localized:"title" }}``: the English text when English is active and
    the record has one, else the Indonesian."""
    result: str = record.localized(field)
    return result


@register.filter
def rupiah(amount: Decimal | int | str | None) -> str:
    # Missing values (None, or "" from a failed template lookup) show as nothing.
    return "" if amount is None or amount == "" else format_rupiah(Decimal(amount))


@register.filter
def sector_name(code: str) -> str:
    item = codelist("Sector").get(code)
    return item.name(get_language() or "id") if item else code


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, ())


@register.filter
def say(message: Any) -> str:
    """``{{ requirement.message|say }}``: a core Message (or a {"id", "en"} dict) in the
    active language."""
    language = get_language()
    if isinstance(message, dict):
        text: str = message["en"] if language == "en" else message["id"]
        return text
    result: str = message.in_language(language)
    return result


@register.filter
def region_name(region: Any) -> str:
    """A region's name with its code small beside it: never a bare code."""
    if region is None:
        return ""
    return format_html(
        '<span class="region-name">{} <small class="code">{}</small></span>',
        region.name,
        region.code,
    )


@register.filter
def day(value: Any) -> str:
    """The one date format of the pages, in the reader's language: 5 Mar 2026 / 5 Mar 2026."""
    if not value:
        return ""
    return date_format(value, "j M Y")
