"""The IATI codelists shipped with Semanggi, read once, safely (no entities, no network)."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

CODELIST_DIR = Path(__file__).resolve().parent / "codelists"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class CodelistItem:
    code: str
    name_en: str
    name_id: str | None
    category: str | None
    active: bool

    def name(self, language: str) -> str:
        """The name in ``language`` ('id' or 'en'), English when no Indonesian name exists."""
        if language == "id" and self.name_id:
            return self.name_id
        return self.name_en


def safe_parser() -> etree.XMLParser:
    """The one XML parser configuration Semanggi uses: no entities, no DTD, no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@cache
def _indonesian_names() -> dict[str, dict[str, str]]:
    path = CODELIST_DIR / "sector_names_id.json"
    if not path.exists():
        return {}
    data: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def codelist(name: str) -> dict[str, CodelistItem]:
    """Items of codelist ``name`` (e.g. 'Sector'), keyed by code, in the file's order."""
    tree = etree.parse(str(CODELIST_DIR / f"{name}.xml"), safe_parser())
    translations = _indonesian_names().get(name, {})
    items: dict[str, CodelistItem] = {}
    for element in tree.iterfind("codelist-items/codelist-item"):
        code = element.findtext("code", "").strip()
        english = next(
            (
                (n.text or "").strip()
                for n in element.iterfind("name/narrative")
                if n.get(_XML_LANG) in (None, "en")
            ),
            code,
        )
        items[code] = CodelistItem(
            code=code,
            name_en=english,
            name_id=translations.get(code),
            category=element.findtext("category"),
            active=element.get("status", "active") == "active",
        )
    return items


def is_code(name: str, code: str) -> bool:
    return code in codelist(name)
