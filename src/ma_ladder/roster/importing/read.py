"""The read layer: bytes of a CSV or XLSX file into a header and numbered rows of cells.

Nothing here knows what the columns mean. It only makes an office's file readable the same way
whatever program wrote it: the text encoding is detected (never failing on bytes), the delimiter is
sniffed, blank rows are skipped, trailing empty columns dropped, and each row keeps the row number a
person sees in their spreadsheet program, so every message can point at it.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple

from ...errors import UsageError

Source = str | Path | bytes


class Uncomputed(NamedTuple):
    """A formula cell whose file holds no saved result (written by a program that does not calculate)."""

    formula: str


Cell = str | int | float | bool | datetime | date | time | timedelta | Uncomputed | None


class Row(NamedTuple):
    """One data row: its 1-based row number in the file, one cell per header column, and any
    non-empty values beyond the last column (ignored, but reported)."""

    number: int
    cells: list[Cell]
    extra: list[Cell] | None = None


@dataclass
class Table:
    """A file's header and its data rows (read lazily: a million rows are never all in memory).

    ``encoding`` is the codec the text was decoded with (``utf-8``, ``utf-8-sig`` when the file
    starts with a byte-order mark, ``utf-16``, ``cp1252``, ``latin-1``) or ``xlsx``; ``epoch`` is the
    date Excel serial number 0 stands for (1899-12-30, or 1904-01-01 in a 1904-system workbook).
    """

    header: list[str]
    rows: Iterator[Row]
    kind: Literal["csv", "xlsx"]
    encoding: str
    header_row: int = 1
    delimiter: str | None = None
    sheet: str | None = None
    epoch: date = date(1899, 12, 30)
    total_rows: int | None = None  # an upper bound on the data rows, when the file says (XLSX)
    notes: list[str] = field(default_factory=list)


WINDOWS_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01, counting Excel's phantom 1900-02-29
MAC_EPOCH = date(1904, 1, 1)
_CHUNK = 1 << 20
_SAMPLE = 64 * 1024
_DELIMITERS = (",", ";", "\t")


def read_table(source: Source, filename: str | None = None) -> Table:
    """Open a roster file (a path, or the bytes of an upload with its ``filename``).

    The content decides the format, not the name: a zip with a workbook in it is XLSX, text is CSV.
    Anything else raises a :class:`UsageError` saying what the file seems to be and what to save it as.
    """
    name = filename or (Path(source).name if not isinstance(source, bytes) else "upload")
    head = _head(source)
    if not head:
        raise UsageError(f"{name}: the file is empty; export the roster with a header row and one row per person.")
    kind = _kind(head, name)
    if kind == "xlsx":
        return _read_xlsx(source, name)
    return _read_csv(source, name, head)


def _open(source: Source) -> IO[bytes]:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    try:
        return open(source, "rb")  # the caller closes it when the rows are read
    except OSError as err:
        raise UsageError(f"cannot open {source}: {err.strerror or err}") from None


def _head(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source[:_SAMPLE]
    with _open(source) as f:
        return f.read(_SAMPLE)


_NOT_A_ROSTER = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old-format Excel (.xls) or Word file",
    b"{\\rtf": "an RTF document",
}


def _kind(head: bytes, name: str) -> Literal["csv", "xlsx"]:
    """CSV or XLSX from the first bytes; a clear error for the other files people upload by mistake."""
    how = "Save the roster as .xlsx or .csv (in Excel: File > Save As) and import that."
    for magic, what in _NOT_A_ROSTER.items():
        if head.startswith(magic):
            raise UsageError(f"{name} is {what}, not a roster spreadsheet. {how}", field="file")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"  # a zip; _read_xlsx says so if it holds no workbook
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    if b"\x00" in head:
        raise UsageError(f"{name} is a binary file, neither CSV nor XLSX. {how}", field="file")
    return "csv"


# --- CSV ---------------------------------------------------------------------------------------


def detect_encoding(source: Source) -> str:
    """The codec the file's text is in: UTF-8 (``utf-8-sig`` with a byte-order mark), UTF-16 with a
    byte-order mark (Excel's "Unicode text"), else Windows-1252 when every byte is defined there, else
    Latin-1, which decodes any bytes: an importer never refuses a file for its encoding."""
    head = _head(source)
    if head.startswith(codecs.BOM_UTF8):
        if _decodes(source, "utf-8"):
            return "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if _decodes(source, "utf-16"):
            return "utf-16"
    elif _decodes(source, "utf-8"):
        return "utf-8"
    return "cp1252" if _decodes(source, "cp1252") else "latin-1"


def _decodes(source: Source, encoding: str) -> bool:
    """Does the whole file decode? Checked in chunks, so a large file is not held twice in memory."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        if isinstance(source, bytes):
            decoder.decode(source, final=True)
            return True
        with _open(source) as f:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False


def sniff_delimiter(sample: str) -> str:
    """Comma, semicolon (European Excel) or tab: the one that splits the header into the most columns
    and gives the most rows of the header's width; comma when nothing else does better."""
    best, best_score = ",", (0, 0)
    lines = sample.splitlines(keepends=True)
    if len(sample) >= _SAMPLE - 4 and len(lines) > 1:
        lines = lines[:-1]  # the sample may end part-way through a line
    for d in _DELIMITERS:
        records = [r for r in csv.reader(lines[:200], delimiter=d) if any(c.strip() for c in r)][:50]
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        score = (sum(1 for r in records[1:] if len(r) == width), width)
        if score > best_score:
            best, best_score = d, score
    return best


def _read_csv(source: Source, name: str, head: bytes) -> Table:
    encoding = detect_encoding(source)
    sample = head.decode(encoding, errors="ignore")
    delimiter = sniff_delimiter(sample)
    stream = io.TextIOWrapper(_open(source), encoding=encoding, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        first = _first_record(reader, name)
    except UsageError:
        stream.close()
        raise
    if first is None:
        stream.close()
        raise UsageError(f"{name}: the file has no rows; export the roster with a header row.")
    number, header_cells = first
    header = _trim(header_cells)
    if not header:
        stream.close()
        raise UsageError(f"{name}: the header row is empty; put the column names on the first row.")
    rows = _csv_rows(reader, name, stream, reader.line_num, len(header))
    table = Table(_header(header), rows, "csv", encoding, number, delimiter)
    if encoding in ("cp1252", "latin-1"):
        table.notes.append(f"the file is not UTF-8; read as {encoding} (accented names may need checking)")
    return table


def _first_record(reader: Any, name: str) -> tuple[int, list[str]] | None:
    """The first non-blank record (the header) and the line it starts on."""
    last = 0
    try:
        for record in reader:
            start, last = last + 1, reader.line_num
            if record and "".join(record).strip():
                return start, record
    except csv.Error as err:
        raise UsageError(
            f"{name}, line {last + 1}: cannot read the CSV ({err}); check the quotes on that line."
        ) from None
    return None


def _csv_rows(reader: Any, name: str, stream: IO[str], last: int, width: int) -> Iterator[Row]:
    """The data rows after the header (line ``last``): blank ones skipped, short ones padded, long ones
    cut with their extra values kept. One generator, not two stacked: it runs once per row."""
    try:
        for record in reader:
            start, last = last + 1, reader.line_num
            n = len(record)
            if n == width:
                if "".join(record).strip():
                    yield Row(start, record)
            elif n < width:
                if record and "".join(record).strip():
                    yield Row(start, [*record, *([""] * (width - n))])
            elif "".join(record).strip():
                extra = _trim(record[width:])
                yield Row(start, record[:width], extra or None)
    except csv.Error as err:
        raise UsageError(
            f"{name}, line {last + 1}: cannot read the CSV ({err}); check the quotes on that line."
        ) from None
    finally:
        stream.close()


def _trim(cells: list[Any]) -> list[Any]:
    """Cells without the empty ones at the end (Excel exports often carry a few)."""
    end = len(cells)
    while end and (cells[end - 1] is None or (isinstance(cells[end - 1], str) and not cells[end - 1].strip())):
        end -= 1
    return cells[:end]


def _header(cells: list[Any]) -> list[str]:
    """Header texts, stripped; an unnamed column in the middle gets a name so it can be reported."""
    out = []
    for i, c in enumerate(cells, 1):
        text = " ".join(str(c).split()) if c is not None else ""
        out.append(text or f"(column {i}, no header)")
    return out


# --- XLSX --------------------------------------------------------------------------------------


def _read_xlsx(source: Source, name: str) -> Table:
    """The first sheet with data in a workbook, read without loading it whole.

    Formulas are read as the values the spreadsheet program saved; a formula with no saved value
    becomes :class:`Uncomputed` so the row can say to open and save the file.
    """
    import openpyxl  # type: ignore[import-untyped]  # only a workbook pays for it

    how = "Save the roster as .xlsx or .csv and import that."
    stream = _open(source)
    try:
        wb = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as err:
        stream.close()
        raise UsageError(
            f"{name} is a zip file but not a readable Excel workbook ({err}). {how}", field="file"
        ) from None
    except Exception as err:  # openpyxl's own InvalidFileException and friends
        stream.close()
        raise UsageError(f"{name} cannot be read as an Excel workbook ({err}). {how}", field="file") from None
    epoch = MAC_EPOCH if wb.epoch.year == 1904 else WINDOWS_EPOCH
    for ws in wb.worksheets:
        rows = _sheet_rows(wb, ws)
        first = next(rows, None)
        if first is None:
            continue
        number, cells = first
        header = _trim(cells)
        return Table(
            _header(header),
            _xlsx_rows(rows, len(header), wb, stream),
            "xlsx",
            "xlsx",
            number,
            sheet=ws.title,
            epoch=epoch,
            total_rows=(ws.max_row - number) if isinstance(ws.max_row, int) else None,
        )
    wb.close()
    stream.close()
    raise UsageError(f"{name}: no sheet in the workbook has any data; put the roster on the first sheet.")


def _sheet_rows(wb: Any, ws: Any) -> Iterator[tuple[int, list[Cell]]]:
    """Non-empty rows of a sheet with their row numbers, each a list of cells from column A."""
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser  # type: ignore[import-untyped]

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> Any:
            cell = super().parse_cell(element)
            if cell["value"] is None:
                f = element.find(FORMULA_TAG)
                v = element.find(VALUE_TAG)
                if f is not None and (v is None or (not v.text and element.get("t") != "str")):
                    cell["value"] = Uncomputed("=" + (f.text or ""))
            return cell

    with ws._get_source() as src:
        parser = Parser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for number, parsed in parser.parse():
            cells: list[Cell] = []
            for c in parsed:
                value = c["value"]
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                col = c["column"]
                if col > len(cells):
                    cells.extend([None] * (col - len(cells)))
                cells[col - 1] = value
            if cells:
                yield number, cells


def _xlsx_rows(rows: Iterator[tuple[int, list[Cell]]], width: int, wb: Any, stream: IO[bytes]) -> Iterator[Row]:
    try:
        for number, cells in rows:
            n = len(cells)
            if n <= width:
                yield Row(number, cells + [None] * (width - n))
            else:
                yield Row(number, cells[:width], _trim(cells[width:]) or None)
    finally:
        wb.close()
        stream.close()
