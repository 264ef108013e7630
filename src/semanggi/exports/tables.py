"""Tables as CSV and XLSX, safe to open in a spreadsheet.

XLSX cells carry their type, so text is written as text cells and kept exactly. CSV has no
types: a text that a spreadsheet would read as a formula gets a leading apostrophe there."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

Cell = str | int | Decimal | None

# A cell that starts with one of these is read as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """CSV text line by line, for streaming: a UTF-8 byte-order mark first (so spreadsheet
    programs read it as UTF-8), then the header and the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else _safe_text(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Cell) -> Any:
    if not isinstance(value, str):
        return value
    # Text is written as a text cell, exactly as it is: a spreadsheet never reads a text cell
    # as a formula, so "=SUM(A1)" stays data without a quote prepended.
    from openpyxl.cell import WriteOnlyCell  # loaded when a workbook is written

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[Cell]], file: IO[bytes], *, title: str
) -> None:
    from openpyxl import Workbook  # loaded when a workbook is written, not per process

    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, value) for value in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(file)
