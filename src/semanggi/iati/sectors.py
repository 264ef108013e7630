"""DAC sectors as people look for them: by a word of their name in Indonesian or English
("kesehatan", "health"), by the name of their category, or by their code.

Plain functions over the shipped codelists (``Sector``, 5-digit codes, and
``SectorCategory``, the 3-digit categories an offer may name); the sector picker of the
pages and ``/api/sectors/search`` read them."""

from dataclasses import dataclass
from functools import cache

from semanggi.core.regions import search_key
from semanggi.iati.codelists import CodelistItem, codelist

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class SectorMatch:
    """A sector (or a whole category) as the picker shows it: its name in the reader's
    language, the name of its category beside it, and its code small."""

    code: str
    name: str
    category: str  # the category's code ("" for a category itself)
    category_name: str
    is_category: bool

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True)
class _Entry:
    item: CodelistItem
    is_category: bool
    own: tuple[str, str]  # search keys of its name: Indonesian, English
    parent: str  # search key of its category's names (both languages)


@cache
def _entries() -> tuple[_Entry, ...]:
    categories = codelist("SectorCategory")
    entries = []
    for item in categories.values():
        entries.append(
            _Entry(item, True, (search_key(item.name("id")), search_key(item.name_en)), "")
        )
    for code, item in codelist("Sector").items():
        category = categories.get(item.category or code[:3])
        parent = (
            search_key(f"{category.name('id')} {category.name_en}") if category is not None else ""
        )
        entries.append(
            _Entry(item, False, (search_key(item.name("id")), search_key(item.name_en)), parent)
        )
    return tuple(entries)


def sector_match(code: str, language: str) -> SectorMatch | None:
    """The sector or category ``code`` as the picker shows it, or None when unknown."""
    categories = codelist("SectorCategory")
    item = codelist("Sector").get(code)
    if item is not None:
        category = categories.get(item.category or code[:3])
        return SectorMatch(
            code,
            item.name(language),
            category.code if category else "",
            category.name(language) if category else "",
            False,
        )
    whole = categories.get(code)
    if whole is not None:
        return SectorMatch(code, whole.name(language), "", "", True)
    return None


def _rank(entry: _Entry, key: str, words: list[str], language: str) -> int | None:
    """How well ``entry`` answers the typed ``key`` (0 best), or None when it does not."""
    code = entry.item.code
    if key == code:
        return 0
    if key.isdigit():
        return 1 if code.startswith(key) else None
    mine, other = entry.own if language == "id" else entry.own[::-1]
    if mine == key:
        return 2
    if mine.startswith(key):
        return 3
    if all(word in mine for word in words):
        return 4 if any(part.startswith(words[0]) for part in mine.split()) else 5
    if all(word in other for word in words):
        return 6
    if all(word in f"{mine} {other} {entry.parent}" for word in words):
        return 7
    return None


def sector_search(
    q: str, language: str, *, categories: bool = False, limit: int = SEARCH_LIMIT
) -> list[SectorMatch]:
    """Sectors whose code starts with what was typed, or whose name (in either language)
    or category name holds each word of it, best first: the code, then the name in the
    reader's language (whole, start, words), then the other language, then the category.
    Withdrawn codes are found only by their exact code. ``categories`` adds the 3-digit
    categories (what an offer may name)."""
    key = search_key(q)[:100]
    if not key:
        return []
    words = key.split()
    found: list[tuple[int, bool, str, CodelistItem]] = []
    for entry in _entries():
        if entry.is_category and not categories:
            continue
        if not entry.item.active and key != entry.item.code:
            continue
        rank = _rank(entry, key, words, language)
        if rank is not None:
            found.append((rank, not entry.is_category, entry.item.code, entry.item))
    found.sort(key=lambda row: row[:3])
    matches = [sector_match(code, language) for _rank_, _kind, code, _item in found[:limit]]
    return [match for match in matches if match is not None]


def sector_candidates(text: str, *, categories: bool = False) -> list[str]:
    """The codes a person may mean by ``text``: a code, a name in either language (or a
    label such as ``Basic health care (12220)``), else every sector the search finds.
    One code means the text is understood; several, that it is ambiguous."""
    key = search_key(text)
    if not key:
        return []
    known = {entry.item.code: entry for entry in _entries() if categories or not entry.is_category}
    codes = [part.strip("()·,;") for part in key.split()]
    named = [code for code in codes if code in known]
    if named:
        return list(dict.fromkeys(named))
    exact = [entry.item.code for entry in known.values() if key in entry.own]
    if exact:
        # A name shared by a withdrawn code and an active one means the active one.
        active = [code for code in exact if known[code].item.active]
        return active or exact
    return [match.code for match in sector_search(text, "id", categories=categories, limit=50)]
