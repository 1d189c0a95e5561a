"""Side-by-side comparison of credentials: every cell filled from the data, or ``unclear: why``.

Cells are plain strings so that every interface (table, JSON, web) shows exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from ..citations import unique_sources
from ..kb import KnowledgeBase
from ..kb.schema import Credential, Source, Unclear
from . import costs


def cell(value: object, unit: str = "") -> str:
    """Render one value; an :class:`Unclear` keeps its reason."""
    if isinstance(value, Unclear):
        return f"unclear: {value.unclear}"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{unit}{value}" if unit == "$" else f"{value}{unit}"


def _exam(c: Credential, attr: str, unit: str = "") -> str:
    return cell(getattr(c.exam, attr), unit) if c.exam else "no exam"


def _content(c: Credential) -> str:
    if c.exam is None:
        return "no exam"
    areas = c.exam.content_areas
    if isinstance(areas, Unclear):
        return cell(areas)
    return "; ".join(f"{a.name} {cell(a.weight_pct, '%')}" if a.weight_pct is not None else a.name for a in areas)


def _renewal(c: Credential) -> str:
    r = c.renewal
    text = f"every {cell(r.period_months)} months"
    if r.ce_units is not None:
        text += f", {cell(r.ce_units)} {r.ce_unit_name or 'CE units'}"
    if r.ce_split:
        text += " (" + ", ".join(f"{a.min_units:g} {a.area}" for a in r.ce_split) + ")"
    return text + f"; methods: {', '.join(r.methods)}"


ROWS: dict[str, Callable[[KnowledgeBase, Credential], str]] = {
    "name": lambda kb, c: c.name,
    "issuer": lambda kb, c: kb.organizations[c.issuer].name if c.issuer in kb.organizations else c.issuer,
    "track": lambda kb, c: c.track,
    "prerequisites": lambda kb, c: ", ".join(c.prerequisites) or "none",
    "eligibility_routes": lambda kb, c: " | ".join(f"{r.name} [{r.kind}]" for r in c.eligibility),
    "exam_items": lambda kb, c: _exam(c, "items_total"),
    "exam_scored_items": lambda kb, c: _exam(c, "items_scored"),
    "exam_pretest_items": lambda kb, c: _exam(c, "items_pretest"),
    "exam_minutes": lambda kb, c: _exam(c, "minutes"),
    "exam_content": lambda kb, c: _content(c),
    "exam_vendor": lambda kb, c: _exam(c, "vendor"),
    "passing_score": lambda kb, c: _exam(c, "passing_score"),
    "fee_member_usd": lambda kb, c: (
        cell(c.fees.exam_member_usd, "$") if c.fees.exam_member_usd is not None else "no member rate"
    ),
    "fee_nonmember_usd": lambda kb, c: cell(c.fees.exam_nonmember_usd, "$"),
    "renewal": lambda kb, c: _renewal(c),
    "renewal_fee_usd": lambda kb, c: cell(c.renewal.renewal_fee_usd, "$"),
    "annual_fee_usd": lambda kb, c: cell(c.renewal.annual_fee_usd, "$"),
    "lapse": lambda kb, c: (
        cell(c.renewal.lapse) if c.renewal.lapse else "unclear: the issuer's lapse rule was not found"
    ),
    "ncca_accredited": lambda kb, c: cell(c.accreditation.ncca),
    "iso17024_accredited": lambda kb, c: cell(c.accreditation.iso17024),
    "ten_year_cost_usd": lambda kb, c: cell(costs.keep_cost(c), "$") + " (issuer fees only; CE courses extra)",
}


class Comparison(msgspec.Struct, frozen=True):
    credentials: list[str]
    rows: dict[str, dict[str, str]]
    citations: list[Source]
    dataset_version: str


def compare(kb: KnowledgeBase, ids: list[str]) -> Comparison:
    """Compare credentials (already-resolved ids) attribute by attribute."""
    creds = [kb.credentials[i] for i in ids]
    rows = {name: {c.id: fn(kb, c) for c in creds} for name, fn in ROWS.items()}
    sources = unique_sources(s for c in creds for b in c.blocks() for s in b.sources)
    return Comparison(credentials=ids, rows=rows, citations=sources, dataset_version=kb.dataset.version)
