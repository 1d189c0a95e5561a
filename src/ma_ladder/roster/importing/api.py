"""Import a roster file: read it, map its columns, check its rows, and report in plain text.

The result keeps every person the file describes and every problem found, so the caller chooses:
refuse the file when it has any error (the default), or keep the people none of whose rows had
one (``--skip-invalid``: :attr:`ImportResult.valid`).
"""

from __future__ import annotations

import gc
import textwrap
from collections.abc import Callable
from datetime import date

import msgspec

from ...compliance.records import StaffMember
from ...errors import shown, tidy
from ...kb.base import KnowledgeBase
from .columns import Mapping, match_columns
from .read import Source, Table, read_table
from .rows import RowIssue, RowReader

Progress = Callable[[int, int | None], None]
PROGRESS_EVERY = 10_000  # rows between progress calls
SHOWN_ISSUES = 20  # problems listed in the text report before "and N more"


class ImportResult(msgspec.Struct, frozen=True):
    """What a roster file holds: its people, its problems, and how it was read."""

    filename: str
    kind: str  # "csv" or "xlsx"
    encoding: str  # the text codec used ("utf-8", "utf-8-sig", "cp1252", "latin-1") or "xlsx"
    mapping: Mapping
    members: list[StaffMember]
    issues: list[RowIssue]
    rows_read: int
    ok_rows: int  # rows with no error (warnings allowed)
    invalid_staff_ids: frozenset[str]  # people with an error on any of their rows
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = []

    @property
    def errors(self) -> list[RowIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def ok(self) -> bool:
        """No errors: an all-or-nothing import may take the whole file."""
        return not any(i.severity == "error" for i in self.issues)

    @property
    def valid(self) -> list[StaffMember]:
        """The people none of whose rows had an error (what ``--skip-invalid`` imports)."""
        bad = self.invalid_staff_ids
        return [m for m in self.members if m.staff_id not in bad]

    def to_dict(self) -> dict[str, object]:
        return {
            "filename": self.filename,
            "kind": self.kind,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "mapping": self.mapping.to_dict(),
            "rows_read": self.rows_read,
            "ok_rows": self.ok_rows,
            "people": len(self.members),
            "invalid_staff_ids": sorted(self.invalid_staff_ids),
            "issues": [i.to_dict() for i in self.issues],
            "notes": self.notes,
        }


def import_file(
    kb: KnowledgeBase, source: Source, filename: str | None, on: date, progress: Progress | None = None
) -> ImportResult:
    """Read a roster (a path, or an upload's bytes with its ``filename``) as of the date ``on``.

    Raises :class:`~ma_ladder.errors.UsageError` for a file that cannot be a roster at all (not CSV
    or XLSX, no header, a required column missing); every problem inside rows is a :class:`RowIssue`.
    ``progress(rows_done, rows_total_or_None)`` is called every 10,000 rows and at the end.
    """
    table = read_table(source, filename)
    name = filename or (str(source) if not isinstance(source, bytes) else "upload")
    mapping = match_columns(kb, table.header, name)
    collecting = gc.isenabled()
    gc.disable()  # the records hold no cycles; collecting while a million are made triples the time
    try:
        return _import(kb, table, name, mapping, on, progress)
    finally:
        if collecting:
            gc.enable()


def _import(
    kb: KnowledgeBase, table: Table, name: str, mapping: Mapping, on: date, progress: Progress | None
) -> ImportResult:
    reader = RowReader(kb, mapping, on, table.epoch, len(table.header), text_only=table.kind == "csv")
    total = table.total_rows
    count = reader.read_all(
        table.rows, None if progress is None else (lambda done: progress(done, total)), PROGRESS_EVERY
    )
    if progress is not None:
        progress(count, count)
    invalid = frozenset(i.staff_id for i in reader.issues if i.severity == "error" and i.staff_id is not None)
    return ImportResult(
        name,
        table.kind,
        table.encoding,
        mapping,
        reader.members(),
        reader.issues,
        count,
        reader.ok_rows,
        invalid,
        table.delimiter,
        table.sheet,
        table.notes,
    )


_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def report_text(result: ImportResult, width: int = 80) -> str:
    """The import as a person reads it in a terminal: how the file was read, how its columns were
    matched, and its first problems, each line at most ``width`` characters."""
    r = result
    how = f"CSV, {r.encoding}, {_DELIMITER_NAMES.get(r.delimiter or ',', repr(r.delimiter))}-separated"
    if r.kind == "xlsx":
        how = f"Excel workbook, sheet {r.sheet!r}"
    n_err = sum(1 for i in r.issues if i.severity == "error")
    n_warn = len(r.issues) - n_err
    lines = _wrap(
        f"{r.filename} ({how}): {r.rows_read:,} rows read, {r.ok_rows:,} without errors; {len(r.members):,} "
        f"people, {len(r.valid):,} with no errors.",
        width,
    )
    lines += [f"  {n}" for note in r.notes for n in _wrap(note, width - 2)]
    lines.append("Columns:")
    col_width = min(28, max((len(m.column) for m in r.mapping.columns), default=0))
    for m in r.mapping.columns:
        target = f"training hours for {m.task}" if m.task else m.field
        detail = {"synonym": " (synonym)", "fuzzy": f" (fuzzy match {m.score or 0:g} to {m.matched!r})"}.get(m.how, "")
        lines += _wrap(f"{_cut(m.column, col_width):<{col_width}} -> {target}{detail}", width, "  ", "    ")
    for c in r.mapping.ignored:
        lines += _wrap(f"{_cut(c.column, col_width):<{col_width}} ignored: {c.reason}", width, "  ", "    ")
    if not r.issues:
        lines.append("No problems found.")
        return "\n".join(lines)
    people = len(r.invalid_staff_ids)
    lines += _wrap(f"{n_err:,} error(s) and {n_warn:,} warning(s); {people:,} people have errors:", width)
    for i in r.issues[:SHOWN_ISSUES]:
        where = f"row {i.row}" if i.row is not None else "file"
        col = f", {i.column}" if i.column else ""
        val = f" {shown(i.value)}" if i.value is not None else ""
        kind = "warning: " if i.severity == "warning" else ""
        lines += _wrap(tidy(f"{where}{col}{val}: {kind}{i.message}"), width, "  ", "      ")
    if len(r.issues) > SHOWN_ISSUES:
        lines.append(f"  and {len(r.issues) - SHOWN_ISSUES:,} more.")
    return "\n".join(lines)


def _wrap(text: str, width: int, first: str = "", rest: str = "  ") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False) or [""]


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
