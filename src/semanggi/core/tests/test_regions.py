import pytest

from semanggi.core.regions import (
    InvalidRegionCode,
    Level,
    ancestor_codes,
    is_valid_code,
    is_within,
    level_of,
    parent_code,
    search_key,
)


@pytest.mark.parametrize(
    ("code", "level", "parent", "ancestors"),
    [
        ("33", Level.PROVINCE, None, []),
        ("33.72", Level.REGENCY, "33", ["33"]),
        ("33.72.03", Level.DISTRICT, "33.72", ["33", "33.72"]),
        ("33.72.03.1002", Level.VILLAGE, "33.72.03", ["33", "33.72", "33.72.03"]),
    ],
)
def test_codes_name_their_level_and_parents(
    code: str, level: Level, parent: str | None, ancestors: list[str]
) -> None:
    assert level_of(code) is level
    assert parent_code(code) == parent
    assert ancestor_codes(code) == ancestors


@pytest.mark.parametrize(
    "code", ["", "3", "333", "33.7", "33.72.3", "33.72.03.102", "33.72.03.1002.1", "ab", "33-72"]
)
def test_malformed_codes_are_rejected(code: str) -> None:
    assert not is_valid_code(code)
    with pytest.raises(InvalidRegionCode):
        level_of(code)


@pytest.mark.parametrize(
    ("code", "area", "expected"),
    [
        ("33.72.03.1002", "33.72", True),
        ("33.72.03.1002", "33", True),
        ("33.72", "33.72", True),
        ("33.72", "33.72.03", False),
        ("33.720", "33.72", False),  # a prefix of the text is not a parent
        ("31.71.01.1001", "33", False),
    ],
)
def test_within_follows_the_hierarchy_not_the_text(code: str, area: str, expected: bool) -> None:
    assert is_within(code, area) is expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Semanggi", "semanggi"),
        ("  Pasar   Kliwon ", "pasar kliwon"),
        ("Kota Bau-Bau", "kota bau bau"),
        ("Ma'rang", "ma rang"),
        ("Séko", "seko"),
    ],
)
def test_search_keys_ignore_case_accents_and_spacing(text: str, key: str) -> None:
    assert search_key(text) == key
