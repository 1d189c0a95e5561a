"""One value of an output row as a spreadsheet cell: the rules CSV and XLSX share.

Rows are the public contract (plain dicts, as the CLI's ``--json`` prints them), so a value may be a
string, a number, a date or an ISO date string, a list of plain strings, or a list of ``{title, url}``
citations. A spreadsheet turns text that starts like a formula into a formula when the file is opened
(CSV injection: ``=HYPERLINK(...)`` in a staff name), so every text cell is neutralized here, once,
for both formats.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from ...errors import UsageError

STATUS_COLUMNS: tuple[str, ...] = (
    "staff_id",
    "name",
    "state",
    "credential",
    "status",
    "due",
    "needs",
    "grace_until",
    "reason",
    "citations",
)
TASK_COLUMNS: tuple[str, ...] = (
    "staff_id",
    "name",
    "state",
    "task",
    "decision",
    "conditions",
    "unmet",
    "credential",
    "citations",
    "disclaimer",
)
DATE_COLUMNS = frozenset({"due", "grace_until"})  # ISO strings here become real date cells in XLSX

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Cell = str | int | float | bool | date | None


def neutralized(text: str) -> str:
    """Text a spreadsheet will show as text: a leading apostrophe when it would start a formula.

    Leading spaces are looked past, since some spreadsheets trim them before deciding.
    """
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


def citation_text(cite: Mapping[str, Any]) -> str:
    """``title <url>``, or the title alone for a source without a URL."""
    title, url = str(cite.get("title") or ""), cite.get("url")
    return f"{title} <{url}>" if url else title


def joined(items: Sequence[Any]) -> str:
    """A list as one cell: plain strings and citations joined with ``; ``."""
    return "; ".join(citation_text(i) if isinstance(i, Mapping) else str(i) for i in items if i is not None)


def as_date(value: Any, where: str) -> date | None:
    """A row's date (a ``date`` or an ISO string) as a date; None is unknown.

    Raises UsageError naming the row and field for anything else: a calendar cannot guess a date.
    """
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UsageError(f"{where}: {value!r} is not a date; give an ISO date (YYYY-MM-DD) or null for unknown")


def cell(column: str, value: Any) -> Cell:
    """The typed value of one cell: numbers, booleans and dates kept as such, everything else as
    neutralized text. A real negative number stays a number: only text can carry a formula."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and column in DATE_COLUMNS and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # not a real date: kept as the text it is
    if isinstance(value, Mapping):
        text = citation_text(value)
    elif isinstance(value, list | tuple):
        text = joined(value)
    else:
        text = str(value)
    return neutralized(text)


def text_cell(column: str, value: Any) -> str:
    """The cell as CSV writes it: dates in ISO form, booleans as ``true``/``false``, nothing as empty."""
    typed = cell(column, value)
    if typed is None:
        return ""
    if isinstance(typed, bool):
        return "true" if typed else "false"
    if isinstance(typed, date):
        return typed.isoformat()
    return str(typed)


def check_columns(columns: Sequence[str]) -> list[str]:
    """The columns as a list; a clear error for none, a non-string or a repeat."""
    cols = list(columns)
    if not cols:
        raise UsageError(f"no columns to export; give some of {', '.join(STATUS_COLUMNS)} or {', '.join(TASK_COLUMNS)}")
    bad = [c for c in cols if not isinstance(c, str) or not c]
    if bad:
        raise UsageError(f"column names must be non-empty strings, got {bad!r}")
    repeated = sorted({c for c in cols if cols.count(c) > 1})
    if repeated:
        raise UsageError(f"column(s) given twice: {', '.join(repeated)}; give each once")
    return cols


def check_rows(rows: Sequence[Any], kind: str) -> list[Mapping[str, Any]]:
    """The rows as a list of mappings; a clear error naming the first row that is not one."""
    out = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise UsageError(f"{kind} row {n} is a {type(row).__name__}, not a mapping of column to value")
        out.append(row)
    return out
