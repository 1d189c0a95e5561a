"""Roster results out of the app: CSV, XLSX, iCalendar, a printable HTML audit report and its PDF.

Each export is a pure function of the output rows (the dicts the CLI's ``--json`` and the API give)
and a little metadata, returning text or bytes: no database, so the CLI, the API and tests share them.
"""

from __future__ import annotations

from .cells import STATUS_COLUMNS, TASK_COLUMNS, neutralized
from .ics import to_ics
from .pdf import PdfError, report_pdf
from .report import report_html
from .tabular import to_csv, to_xlsx

__all__ = [
    "STATUS_COLUMNS",
    "TASK_COLUMNS",
    "PdfError",
    "neutralized",
    "report_html",
    "report_pdf",
    "to_csv",
    "to_ics",
    "to_xlsx",
]
