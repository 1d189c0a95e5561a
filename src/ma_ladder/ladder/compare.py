"""Side-by-side comparison of credentials: every cell filled from the data, or ``unclear: why``.

Cells are plain strings so that every interface (table, JSON, web) shows exactly the same thing.
A state-issued credential (``WA:MA-C``) is compared on what its record holds: its requirements,
the national credentials that meet it, its dates and sources. It records no exam, fee or renewal
rule, so those cells say ``unknown``; nothing is filled in as zero.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from ..citations import unique_sources
from ..kb import KnowledgeBase
from ..kb.schema import Credential, Source, State, StateCredential, Unclear
from ..words import either
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


def renewal_text(c: Credential) -> str:
    """The renewal rule in words: period, CE units and their split, methods."""
    r = c.renewal
    text = f"every {cell(r.period_months)} months"
    if r.ce_units is not None:
        text += f", {cell(r.ce_units)} {r.ce_unit_name or 'CE units'}"
    if r.ce_split:
        text += " (" + ", ".join(f"{a.min_units:g} {a.area}" for a in r.ce_split) + ")"
    methods = {"ce": "continuing education", "exam": "exam", "fee": "fee", "work": "work"}
    return text + f"; by {', '.join(methods.get(m, m) for m in r.methods)}"


def meets(kb: KnowledgeBase, cid: str) -> list[str]:
    """State credentials (still issued) that a national credential meets, by their records' ``satisfied_by``."""
    return [scid for scid, (_, sc) in kb.state_credentials().items() if cid in sc.satisfied_by and sc.ended is None]


def fee_text(c: Credential) -> str:
    """The exam fee: non-member, with the member rate where there is one."""
    fees = c.fees
    text = cell(fees.exam_nonmember_usd, "$")
    if fees.exam_member_usd is not None:
        text += f" ({cell(fees.exam_member_usd, '$')} for members)"
    return text


ROWS: dict[str, Callable[[KnowledgeBase, Credential], str]] = {
    "name": lambda kb, c: c.name,
    "issuer": lambda kb, c: kb.organizations[c.issuer].name if c.issuer in kb.organizations else c.issuer,
    "track": lambda kb, c: c.track.replace("_", " "),
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
    "renewal": lambda kb, c: renewal_text(c),
    "renewal_fee_usd": lambda kb, c: cell(c.renewal.renewal_fee_usd, "$"),
    "annual_fee_usd": lambda kb, c: cell(c.renewal.annual_fee_usd, "$"),
    "lapse": lambda kb, c: (
        cell(c.renewal.lapse) if c.renewal.lapse else "unclear: the issuer's lapse rule was not found"
    ),
    "ncca_accredited": lambda kb, c: cell(c.accreditation.ncca),
    "iso17024_accredited": lambda kb, c: cell(c.accreditation.iso17024),
    "ten_year_cost_usd": lambda kb, c: cell(costs.keep_cost(c), "$") + " (issuer fees only; CE courses extra)",
    "state_credentials": lambda kb, c: (
        ("meets " + ", ".join(m)) if (m := meets(kb, c.id)) else "meets no state credential's record"
    ),
}
NOT_RECORDED = "unknown: not in the state credential's record"
NOT_APPLICABLE = "not applicable: a state credential, not a certification exam"
STATE_ROWS: dict[str, Callable[[KnowledgeBase, State, StateCredential], str]] = {
    "name": lambda kb, st, sc: sc.name,
    "issuer": lambda kb, st, sc: f"{st.name} (state-issued)",
    "track": lambda kb, st, sc: "state credential" + (f" (no longer issued since {sc.ended})" if sc.ended else ""),
    "prerequisites": lambda kb, st, sc: "see eligibility routes",
    "eligibility_routes": lambda kb, st, sc: " | ".join(sc.requires) or NOT_RECORDED,
    "exam_items": lambda kb, st, sc: NOT_RECORDED,
    "exam_scored_items": lambda kb, st, sc: NOT_RECORDED,
    "exam_pretest_items": lambda kb, st, sc: NOT_RECORDED,
    "exam_minutes": lambda kb, st, sc: NOT_RECORDED,
    "exam_content": lambda kb, st, sc: NOT_RECORDED,
    "exam_vendor": lambda kb, st, sc: NOT_RECORDED,
    "passing_score": lambda kb, st, sc: NOT_RECORDED,
    "fee_member_usd": lambda kb, st, sc: NOT_RECORDED,
    "fee_nonmember_usd": lambda kb, st, sc: NOT_RECORDED,
    "renewal": lambda kb, st, sc: NOT_RECORDED,
    "renewal_fee_usd": lambda kb, st, sc: NOT_RECORDED,
    "annual_fee_usd": lambda kb, st, sc: NOT_RECORDED,
    "lapse": lambda kb, st, sc: NOT_RECORDED,
    "ncca_accredited": lambda kb, st, sc: NOT_APPLICABLE,
    "iso17024_accredited": lambda kb, st, sc: NOT_APPLICABLE,
    "ten_year_cost_usd": lambda kb, st, sc: "unknown: the state's fees are not in its record",
    "state_credentials": lambda kb, st, sc: (
        ("met by a current " + either(sc.satisfied_by))
        if sc.satisfied_by
        else "its record names no national credential that meets it"
    ),
}


class Comparison(msgspec.Struct, frozen=True):
    credentials: list[str]
    rows: dict[str, dict[str, str]]
    citations: list[Source]
    dataset_version: str


def _column(kb: KnowledgeBase, cid: str) -> tuple[dict[str, str], list[Source]]:
    if cid in kb.credentials:
        c = kb.credentials[cid]
        return {name: fn(kb, c) for name, fn in ROWS.items()}, [s for b in c.blocks() for s in b.sources]
    st, sc = kb.state_credentials()[cid]
    return {name: fn(kb, st, sc) for name, fn in STATE_ROWS.items()}, list(sc.sources)


def compare(kb: KnowledgeBase, ids: list[str]) -> Comparison:
    """Compare credentials (already-resolved ids, national or state-issued) attribute by attribute."""
    columns = {cid: _column(kb, cid) for cid in ids}
    rows = {name: {cid: columns[cid][0][name] for cid in ids} for name in ROWS}
    sources = unique_sources(s for cid in ids for s in columns[cid][1])
    return Comparison(credentials=ids, rows=rows, citations=sources, dataset_version=kb.dataset.version)
