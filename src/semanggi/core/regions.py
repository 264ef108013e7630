"""Indonesian administrative region codes (Kemendagri): ``33``, ``33.72``, ``33.72.03``,
``33.72.03.1002`` for province, regency/city, district and village."""

import re
import unicodedata
from enum import IntEnum

_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


class Level(IntEnum):
    PROVINCE = 1
    REGENCY = 2
    DISTRICT = 3
    VILLAGE = 4


class InvalidRegionCode(ValueError):
    pass


def is_valid_code(code: str) -> bool:
    return bool(_CODE.match(code))


def level_of(code: str) -> Level:
    """The administrative level a code names; raises InvalidRegionCode for anything else."""
    if not is_valid_code(code):
        raise InvalidRegionCode(code)
    return Level(code.count(".") + 1)


def parent_code(code: str) -> str | None:
    """The code of the region one level up, or None for a province."""
    level_of(code)
    head, sep, _ = code.rpartition(".")
    return head if sep else None


def ancestor_codes(code: str) -> list[str]:
    """Codes from the province down to the region's parent, in that order."""
    parts = code.split(".")
    level_of(code)
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def is_within(code: str, area: str) -> bool:
    """True when ``code`` is ``area`` itself or lies inside it (33.72.03.1002 is within 33.72)."""
    return code == area or code.startswith(area + ".")


def search_key(text: str) -> str:
    """The form in which region names are stored for search and typed text is compared:
    lower case, accents dropped, apostrophes and hyphens as spaces, single spaces
    ("Kota  Bau-Bau" → "kota bau bau")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    for mark in "'’`-":
        plain = plain.replace(mark, " ")
    return " ".join(plain.casefold().split())
