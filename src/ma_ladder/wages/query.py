"""Official wages (BLS OEWS) for medical assistants and the roles they advance to.

The figures are part of the knowledge base (``knowledge/wages/oews.csv``, extracted reproducibly by
``scripts/extract_wages.py``, read when the knowledge base is built); the release and data year come
from its provenance file, never from code. Rows are indexed once per loaded knowledge base by area
and occupation, so a query reads only the rows it returns.
"""

from __future__ import annotations

import msgspec

from ..citations import Citation
from ..errors import MaLadderError, UnknownName, suggest
from ..kb import KnowledgeBase
from ..kb.schema import WageRow, WageTable

Area = tuple[str, str]  # (area type, state code or metro name; "" for the nation)


class WageReport(msgspec.Struct, frozen=True):
    """The rows of a query, with the release they come from, their citations and BLS's notes."""

    release: str
    data_year: str
    rows: list[WageRow]
    citations: list[Citation]
    notes: list[str]
    dataset_version: str


def table(kb: KnowledgeBase) -> WageTable:
    """The wage extract of a knowledge base; an error (not a crash) where it has none."""
    if kb.wages is None:
        raise MaLadderError("this knowledge base has no wage data (knowledge/wages/oews.csv is missing)")
    return kb.wages


class _Index(msgspec.Struct, frozen=True):
    by_area: dict[Area, dict[str, WageRow]]
    occupations: dict[str, str]
    metros: list[str]


def _index(kb: KnowledgeBase) -> _Index:
    by_area: dict[Area, dict[str, WageRow]] = {}
    for r in table(kb).rows:
        place = "" if r.area_type == "national" else r.state if r.area_type == "state" else r.area
        by_area.setdefault((r.area_type, place), {})[r.soc] = r
    occ = {r.soc: r.title for r in table(kb).rows if r.area_type == "national"}
    metros = sorted(place for kind, place in by_area if kind == "metro")
    return _Index(by_area, occ, metros)


def occupations(kb: KnowledgeBase) -> dict[str, str]:
    """SOC code -> title of every occupation in the extract."""
    return kb.cached(_index).occupations


def resolve_occupation(kb: KnowledgeBase, given: str) -> str:
    """A SOC code from a code (``31-9092`` or ``319092``) or words of the title."""
    occ = occupations(kb)
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


def metros(kb: KnowledgeBase) -> list[str]:
    """Every metro area in the extract, by name."""
    return kb.cached(_index).metros


def resolve_metro(kb: KnowledgeBase, given: str) -> list[str]:
    """Metro areas whose name contains ``given`` (case-insensitive); a miss suggests the nearest."""
    names = metros(kb)
    hits = [n for n in names if given.strip() and given.strip().lower() in n.lower()]
    if not hits:
        raise UnknownName("metro area", given, names, suggest(given, names))
    return hits


def citations(kb: KnowledgeBase) -> list[Citation]:
    """Where the figures come from: the BLS release page and its data files."""
    t = table(kb)
    return [
        Citation(f"BLS Occupational Employment and Wage Statistics, {t.release}", str(t.provenance["bls_page"])),
        Citation(f"BLS OEWS time-series data files ({t.release})", "https://download.bls.gov/pub/time.series/oe/"),
    ]


def query(
    kb: KnowledgeBase,
    state: str | None = None,
    metro: list[str] | None = None,
    socs: list[str] | None = None,
    national: bool = True,
) -> WageReport:
    """Rows for the nation (unless ``national`` is False), a state and/or metro areas, per occupation."""
    t, index = table(kb), kb.cached(_index)
    areas: list[Area] = [("national", "")] if national else []
    areas += [("state", state)] if state is not None else []
    areas += [("metro", m) for m in sorted(set(metro or []))]
    wanted = sorted(set(socs) if socs else index.occupations)
    rows = [row for a in areas for soc in wanted if (row := index.by_area.get(a, {}).get(soc)) is not None]
    notes = list(t.provenance.get("bls_notes", []))
    return WageReport(t.release, t.data_year, rows, citations(kb), notes, kb.dataset.version)
