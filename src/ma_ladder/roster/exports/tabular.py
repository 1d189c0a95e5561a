"""Output rows as CSV text and as an XLSX workbook: what an office manager opens in a spreadsheet.

Both go through :mod:`.cells`, so a staff name like ``=HYPERLINK(...)`` is text in either format, lists
read ``a; b``, and citations read ``title <url>``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from .cells import STATUS_COLUMNS, TASK_COLUMNS, Cell, cell, check_columns, check_rows, text_cell

MIN_WIDTH, MAX_WIDTH = 8, 60  # characters: a column wide enough to read, never a screen wide
DATE_FORMAT = "yyyy-mm-dd"


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Rows as CSV (header first, CRLF line ends as RFC 4180 has them); a column a row lacks is empty."""
    cols = check_columns(columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(cols)
    for row in check_rows(rows, "export"):
        writer.writerow([text_cell(c, row.get(c)) for c in cols])
    return out.getvalue()


def to_xlsx(status_rows: Sequence[Mapping[str, Any]], task_rows: Sequence[Mapping[str, Any]]) -> bytes:
    """A workbook with a "Renewals" sheet (status rows) and a "Tasks" sheet (task rows).

    Written in write-only mode, so a roster of thousands never holds a full cell model in memory.
    """
    wb = Workbook(write_only=True)
    _sheet(wb, "Renewals", STATUS_COLUMNS, check_rows(status_rows, "status"))
    _sheet(wb, "Tasks", TASK_COLUMNS, check_rows(task_rows, "task"))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet(wb: Any, title: str, columns: Sequence[str], rows: list[Mapping[str, Any]]) -> None:
    """One sheet: bold frozen header, filter on the header, widths fitted to the content."""
    ws = wb.create_sheet(title)
    table = [[_xlsx_value(cell(c, row.get(c))) for c in columns] for row in rows]
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _width(col, (r[i - 1] for r in table))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(table) + 1}"
    bold = Font(bold=True)
    ws.append([_header_cell(ws, c, bold) for c in columns])
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in table:
        ws.append([_xlsx_cell(ws, v, wrap) for v in values])


def _header_cell(ws: Any, name: str, font: Any) -> Any:
    c = WriteOnlyCell(ws, value=name)
    c.font = font
    return c


def _xlsx_value(value: Cell) -> Cell:
    """Text without the control characters XML cannot hold (openpyxl refuses them): shown as U+FFFD."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def _xlsx_cell(ws: Any, value: Cell, wrap: Any) -> Any:
    """A cell of the right type. Text is already neutralized, so openpyxl never reads it as a formula
    (it makes a formula of any text starting with ``=``); dates get a date format."""
    if isinstance(value, date):
        c = WriteOnlyCell(ws, value=value)
        c.number_format = DATE_FORMAT
        return c
    if isinstance(value, str):
        c = WriteOnlyCell(ws, value=value)
        c.alignment = wrap
        return c
    return WriteOnlyCell(ws, value=value)


def _width(header: str, values: Any) -> float:
    """A column's width in characters: its longest line of text, within MIN_WIDTH..MAX_WIDTH."""
    longest = len(header)
    for v in values:
        text = v.isoformat() if isinstance(v, date) else "" if v is None else str(v)
        longest = max(longest, *(len(line) for line in text.splitlines() or [""]))
        if longest >= MAX_WIDTH:
            break
    return float(min(max(longest, MIN_WIDTH), MAX_WIDTH) + 2)
