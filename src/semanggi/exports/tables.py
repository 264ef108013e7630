"""Tables as CSV and XLSX, safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook

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


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[Cell]], file: IO[bytes], *, title: str
) -> None:
    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_safe_text(value) for value in row])
    workbook.save(file)
