"""Records of the BLS OEWS wage extract (``knowledge/wages/oews.csv`` and its provenance).

The CSV is read once, when the knowledge base is built; cells BLS does not publish are ``None``,
with the BLS note that says why.
"""

from __future__ import annotations

from typing import Any, Literal

from .common import Record

AreaType = Literal["national", "state", "metro"]


class WageRow(Record, frozen=True):
    """One occupation in one area, as BLS publishes it."""

    area: str
    area_type: AreaType
    state: str
    soc: str
    title: str
    employment: int | None
    median_annual: float | None
    p10_annual: float | None
    p90_annual: float | None
    mean_annual: float | None
    median_hourly: float | None
    p10_hourly: float | None
    p90_hourly: float | None
    notes: list[str] = []


class WageTable(Record, frozen=True):
    """The whole extract: its release (e.g. "May 2025"), data year, rows and provenance."""

    release: str
    data_year: str
    rows: list[WageRow]
    provenance: dict[str, Any]
