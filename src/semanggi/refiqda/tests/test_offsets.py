"""Positions in the units tools use, mapped to code points of the normalised text."""

import codecs

import pytest

from semanggi.refiqda.offsets import (
    OffsetUnit,
    SourceText,
    decode_text,
    detect_unit,
    normalise_line_ends,
)

# "a😀b\r\nc": a (1 unit), 😀 (2 UTF-16 units, 4 UTF-8 bytes), b, CR, LF, c.
TEXT = SourceText("a😀b\r\nc")
CP, LF, U16, U8 = (
    OffsetUnit.CODE_POINTS,
    OffsetUnit.CODE_POINTS_LF,
    OffsetUnit.UTF16,
    OffsetUnit.UTF8_BYTES,
)


@pytest.mark.parametrize(
    ("unit", "offset", "position"),
    [
        (CP, 0, 0),
        (CP, 2, 2),  # before b
        (CP, 3, 3),  # before CR
        (CP, 4, 3),  # between CR and LF: the line break
        (CP, 5, 4),  # before c
        (CP, 6, 5),  # the end
        (CP, 7, None),  # past the end
        (LF, 3, 3),
        (LF, 4, 4),  # before c
        (LF, 5, 5),
        (LF, 6, None),
        (U16, 1, 1),  # before the emoji
        (U16, 2, None),  # inside the surrogate pair
        (U16, 3, 2),  # before b
        (U16, 6, 4),  # before c
        (U16, 7, 5),
        (U16, 8, None),
        (U8, 1, 1),
        (U8, 3, None),  # inside the emoji's four bytes
        (U8, 5, 2),  # before b
        (U8, 8, 4),  # before c
        (U8, 9, 5),
        (U8, 10, None),
        (CP, -1, None),
    ],
)
def test_positions_convert_to_code_points_of_the_normalised_text(
    unit: OffsetUnit, offset: int, position: int | None
) -> None:
    assert TEXT.normalised == "a😀b\nc"
    assert TEXT.convert(offset, unit) == position


@pytest.mark.parametrize(
    ("data", "text", "bom", "encoding"),
    [
        (b"halo", "halo", False, "utf-8"),
        (codecs.BOM_UTF8 + "héllo".encode(), "héllo", True, "utf-8"),
        (codecs.BOM_UTF16_LE + "héllo".encode("utf-16-le"), "héllo", True, "utf-16"),
        ("Café".encode("cp1252"), "Café", False, "cp1252"),
    ],
)
def test_source_files_are_decoded_whatever_their_encoding(
    data: bytes, text: str, bom: bool, encoding: str
) -> None:
    decoded = decode_text(data)
    assert (decoded.raw, decoded.had_bom, decoded.encoding) == (text, bom, encoding)


def test_line_ends_become_lf() -> None:
    assert normalise_line_ends("a\r\nb\rc\n") == "a\nb\nc\n"


def test_plain_ascii_text_is_not_ambiguous() -> None:
    text = SourceText("halo semua")
    choice = detect_unit([(text, 0, 4), (text, 5, 10)], origin="NVivo")
    assert choice.unit is CP and not choice.ambiguous
    assert (choice.boundaries, choice.ends) == (4, 4)


def test_ties_go_to_code_points_except_for_nvivo() -> None:
    # One selection before any emoji or CR: every unit agrees... except after the emoji.
    text = SourceText("😀 a b")
    # Code points 2..3 select "a"; as UTF-16 units they select " a" shifted: both at boundaries.
    assert detect_unit([(text, 2, 3)]).unit is CP
    assert detect_unit([(text, 2, 3)], origin="NVivo for Mac 12").unit is U16
