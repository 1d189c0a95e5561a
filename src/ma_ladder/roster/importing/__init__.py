"""Roster importing: an employer's CSV or XLSX roster into StaffMember records and a row-by-row report.

Three layers, each usable alone: :mod:`.read` (bytes to a header and numbered rows), :mod:`.columns`
(header texts to fields) and :mod:`.rows` (rows to people, with every problem found); :mod:`.api`
joins them. Pure parsing: saving the people is the store's job.
"""

from __future__ import annotations

from .api import ImportResult, import_file, report_text
from .columns import SYNONYMS, ColumnMatch, IgnoredColumn, Mapping, match_columns
from .read import Cell, Row, Table, Uncomputed, read_table
from .rows import RowIssue

__all__ = [
    "SYNONYMS",
    "Cell",
    "ColumnMatch",
    "IgnoredColumn",
    "ImportResult",
    "Mapping",
    "Row",
    "RowIssue",
    "Table",
    "Uncomputed",
    "import_file",
    "match_columns",
    "read_table",
    "report_text",
]
