"""Spreadsheet exports keep the data exact and never turn text into a formula."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from semanggi.exports.tables import csv_lines, write_xlsx

TEXTS = ["=SUM(A1)", "+62 812 555", "-5 %", "@kepala", "\tteks", "biasa"]


def xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(["=judul", "angka"], rows, buffer, title="Uji")  # type: ignore[arg-type]
    return buffer.getvalue()


@pytest.mark.parametrize("text", TEXTS)
def test_text_round_trips_exactly_and_is_never_a_formula(text: str) -> None:
    data = xlsx([[text, 3]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet["A2"].value == text
    assert sheet["A2"].data_type == "s"
    assert sheet["A1"].value == "=judul" and sheet["A1"].data_type == "s"
    assert sheet["B2"].value == 3 and sheet["B2"].data_type == "n"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_numbers_stay_numbers() -> None:
    sheet = load_workbook(io.BytesIO(xlsx([["x", Decimal("12.5")], ["y", None]]))).active
    assert sheet is not None
    assert sheet["B2"].value == 12.5
    assert sheet["B3"].value is None


def test_csv_has_no_types_so_formula_like_text_is_quoted() -> None:
    text = "".join(csv_lines(["a"], [["=SUM(A1)"], ["biasa"]]))
    assert text == "\ufeffa\r\n'=SUM(A1)\r\nbiasa\r\n"
