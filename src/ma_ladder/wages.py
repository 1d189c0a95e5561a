"""Official wages (BLS OEWS) for medical assistants and the roles they advance to.

The figures come from ``knowledge/wages/oews.csv``, extracted reproducibly by
``scripts/extract_wages.py``; the release and data year are read from its provenance file, never
hard-coded. Cells BLS does not publish are ``None``, with the BLS note that explains why.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .citations import Citation
from .errors import UnknownName, suggest

WAGES = Path(__file__).parent / "knowledge" / "wages"
SPECIAL = {
    "-": "estimate not released",
    "*": "estimate not available",
    "#": "at or above the top of the published range ($115.00/hour or $239,200/year)",
    "": "not published for this area",
}


@dataclass(frozen=True)
class WageRow:
    area: str
    area_type: str
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
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WageTable:
    release: str
    data_year: str
    rows: list[WageRow]
    provenance: dict[str, Any]


@dataclass(frozen=True)
class WageReport:
    release: str
    data_year: str
    rows: list[WageRow]
    citations: list[Citation]
    notes: list[str]


def _num(raw: str, notes: list[str], what: str) -> float | None:
    if raw in SPECIAL:
        if raw:
            notes.append(f"{what}: {SPECIAL[raw]}")
        return None
    return float(raw)


def _row(r: dict[str, str]) -> WageRow:
    notes: list[str] = []
    emp = _num(r["employment"], notes, "employment")
    return WageRow(
        area=r["area_name"],
        area_type={"N": "national", "S": "state", "M": "metro"}[r["area_type"]],
        state=r["state"],
        soc=r["soc"],
        title=r["title"],
        employment=int(emp) if emp is not None else None,
        median_annual=_num(r["annual_median"], notes, "median annual"),
        p10_annual=_num(r["annual_p10"], notes, "10th percentile annual"),
        p90_annual=_num(r["annual_p90"], notes, "90th percentile annual"),
        mean_annual=_num(r["annual_mean"], notes, "mean annual"),
        median_hourly=_num(r["hourly_median"], notes, "median hourly"),
        p10_hourly=_num(r["hourly_p10"], notes, "10th percentile hourly"),
        p90_hourly=_num(r["hourly_p90"], notes, "90th percentile hourly"),
        notes=notes,
    )


@functools.cache
def table(folder: Path = WAGES) -> WageTable:
    """The extracted OEWS figures, read once per process."""
    provenance = yaml.safe_load((folder / "provenance.yaml").read_text())
    with (folder / "oews.csv").open(newline="") as fh:
        rows = [_row(r) for r in csv.DictReader(fh)]
    return WageTable(str(provenance["release"]), str(provenance["data_year"]), rows, provenance)


def occupations(t: WageTable | None = None) -> dict[str, str]:
    """SOC code -> title of every occupation in the extract."""
    t = t or table()
    return {r.soc: r.title for r in t.rows if r.area_type == "national"}


def resolve_occupation(given: str, t: WageTable | None = None) -> str:
    """A SOC code from a code (``31-9092`` or ``319092``) or words of the title."""
    occ = occupations(t)
    g = given.strip().lower().replace("-", "")
    for soc, title in occ.items():
        if g == soc.replace("-", "") or g == title.lower():
            return soc
    hits = [soc for soc, title in occ.items() if g and g in title.lower()]
    if len(hits) == 1:
        return hits[0]
    raise UnknownName(
        "occupation", given, [f"{s} ({t})" for s, t in occ.items()], [f"{s} ({occ[s]})" for s in hits] or None
    )


def metros(t: WageTable | None = None) -> list[str]:
    t = t or table()
    return sorted({r.area for r in t.rows if r.area_type == "metro"})


def resolve_metro(given: str, t: WageTable | None = None) -> list[str]:
    """Metro areas whose name contains ``given`` (case-insensitive); a miss suggests the nearest."""
    names = metros(t)
    hits = [n for n in names if given.strip() and given.strip().lower() in n.lower()]
    if not hits:
        raise UnknownName("metro area", given, names, suggest(given, names))
    return hits


def citations(t: WageTable) -> list[Citation]:
    p = t.provenance
    return [
        Citation(f"BLS Occupational Employment and Wage Statistics, {t.release}", str(p["bls_page"])),
        Citation(f"BLS OEWS time-series data files ({t.release})", "https://download.bls.gov/pub/time.series/oe/"),
    ]


def query(
    state: str | None = None,
    metro: list[str] | None = None,
    socs: list[str] | None = None,
    national: bool = True,
    t: WageTable | None = None,
) -> WageReport:
    """Rows for the nation (unless ``national`` is False), a state and/or metro areas, per occupation."""
    t = t or table()
    wanted = set(socs or occupations(t))
    areas = set(metro or [])

    def keep(r: WageRow) -> bool:
        if r.soc not in wanted:
            return False
        return (
            (national and r.area_type == "national")
            or (state is not None and r.area_type == "state" and r.state == state)
            or (r.area_type == "metro" and r.area in areas)
        )

    order = {"national": 0, "state": 1, "metro": 2}
    rows = sorted(filter(keep, t.rows), key=lambda r: (order[r.area_type], r.area, r.soc))
    notes = list(t.provenance.get("bls_notes", []))
    return WageReport(t.release, t.data_year, rows, citations(t), notes)


def plot(report: WageReport, path: Path) -> Path:
    """A bar chart of median annual pay with the 10th-90th percentile range, one group per area."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    areas = list(dict.fromkeys(r.area for r in report.rows))
    socs = list(dict.fromkeys(r.soc for r in report.rows))
    titles = {r.soc: r.title for r in report.rows}
    fig, ax = plt.subplots(figsize=(10, 0.6 * len(socs) * len(areas) + 1.5))
    height = 0.8 / max(len(areas), 1)
    for i, area in enumerate(areas):
        by_soc = {r.soc: r for r in report.rows if r.area == area}
        ys = [j + i * height for j in range(len(socs))]
        med = [(by_soc[s].median_annual or 0) if s in by_soc else 0 for s in socs]
        lo = [max(m - ((by_soc[s].p10_annual or m) if s in by_soc else m), 0) for s, m in zip(socs, med, strict=True)]
        hi = [max(((by_soc[s].p90_annual or m) if s in by_soc else m) - m, 0) for s, m in zip(socs, med, strict=True)]
        ax.barh(ys, med, height=height, xerr=[lo, hi], label=area, capsize=3)
    ax.set_yticks([j + height * (len(areas) - 1) / 2 for j in range(len(socs))])
    ax.set_yticklabels([titles[s] for s in socs])
    ax.invert_yaxis()
    ax.set_xlabel("Annual wage (bar: median; whiskers: 10th-90th percentile)")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"${x:,.0f}"))
    ax.set_title(f"Annual wages, BLS Occupational Employment and Wage Statistics, {report.release}")
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
