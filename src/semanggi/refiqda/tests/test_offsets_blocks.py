"""Position maps across block boundaries agree with a character-by-character count, and stay
a small fraction of the text."""

import pytest

from semanggi.refiqda import offsets
from semanggi.refiqda.offsets import OffsetUnit, SourceText

TEXTS = [
    "",
    "a",
    "a😀b\r\nc",
    "\r\n\r\n\r\n",
    "Kami 🙏 menyusun\r\nrencana 😀😀 bersama\rbank é ü\r\n",
    "😀" * 7 + "\r\n" * 5 + "ab",
]


def reference(raw: str, unit: OffsetUnit) -> dict[int, int]:
    """Offset in ``unit`` → code point of the normalised text, counted one by one."""
    result = {}
    units = removed = 0
    for index in range(len(raw) + 1):
        if index and raw[index - 1] == "\r" and raw[index : index + 1] == "\n":
            removed += 1
        position = index - removed
        if unit is OffsetUnit.CODE_POINTS:
            result[index] = position
        elif unit is OffsetUnit.CODE_POINTS_LF:
            if not (index and raw[index - 1] == "\r" and raw[index : index + 1] == "\n"):
                result[index - raw[:index].count("\r\n")] = position
        elif unit is OffsetUnit.UTF16:
            result[units] = position
        else:
            result[units] = position
        if index < len(raw):
            width = (
                (2 if ord(raw[index]) > 0xFFFF else 1)
                if unit is OffsetUnit.UTF16
                else len(raw[index].encode("utf-8"))
            )
            units += width
    return result


@pytest.mark.parametrize("block", [1, 2, 3, 5, 1024])
@pytest.mark.parametrize("raw", TEXTS)
@pytest.mark.parametrize("unit", list(OffsetUnit))
def test_every_offset_converts_as_counted_one_by_one(
    monkeypatch: pytest.MonkeyPatch, block: int, raw: str, unit: OffsetUnit
) -> None:
    monkeypatch.setattr(offsets, "_BLOCK", block)
    text = SourceText(raw)
    expected = reference(raw, unit)
    top = max(expected, default=0) + 3
    for offset in range(-1, top):
        assert text.convert(offset, unit) == expected.get(offset), (offset, unit)


def test_the_maps_hold_one_number_per_block_not_per_character() -> None:
    raw = ("Wawancara 😀 dengan kepala desa.\r\n" * 40_000)[:1_000_000]
    text = SourceText(raw)
    text.convert(500_000, OffsetUnit.UTF16)
    text.convert(500_000, OffsetUnit.UTF8_BYTES)
    maps = [text._crlf.marks, text._units16().marks, text._bytes8().marks]
    assert all(len(m) <= len(raw) // 1024 + 2 for m in maps)
    assert sum(m.itemsize * len(m) for m in maps) < len(raw) // 40
