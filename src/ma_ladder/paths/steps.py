"""Paths and their steps: the data a plan is made of, how steps add up, and the Pareto frontier.

A step's months and cost are ranges; ``None`` means unknown, and every unknown carries its reason in
``unknown``. Totals add the known parts and keep the unknowns, so a path with unknown costs can never
dominate one whose costs are known. A total with an unknown part is a lower bound, never the answer:
``months_known`` and ``cost_known`` say whether it is complete, and ``months_text`` and ``cost_text``
say it in words every interface prints the same way ("unknown", "at least 9-24 months …"), so an
unknown never reads as zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import msgspec

from ..citations import Citation
from ..kb import KnowledgeBase
from ..kb.schema import Credential, Unclear
from ..ladder import costs
from .eligibility import FIELD_WORDS
from .profile import Profile

StepKind = Literal["program", "high_school", "experience", "exam", "state_credential", "role", "confirm"]


class Span(msgspec.Struct, frozen=True):
    """A closed range; ``None`` bounds mean unknown."""

    min: float
    max: float

    def __add__(self, other: Span) -> Span:
        return Span(self.min + other.min, self.max + other.max)

    @property
    def mid(self) -> float:
        return (self.min + self.max) / 2


ZERO = Span(0, 0)


def _num(x: float, unit: str) -> str:
    x = round(x, 1)
    return f"${x:,.0f}" if unit == "$" else f"{x:g}"


def span_text(s: Span | None, unit: str = "") -> str:
    """A known range in words: ``$125``, ``$1,200-$3,000``, ``9-24``; ``unknown`` for None."""
    if s is None:
        return "unknown"
    return _num(s.min, unit) if s.min == s.max else f"{_num(s.min, unit)}-{_num(s.max, unit)}"


def months_text(total: Span, known: bool) -> str:
    """A path's length in words; a part that is unknown is never read as zero months."""
    if known:
        return f"{span_text(total)} months"
    if total.max == 0:
        return "unknown"
    return f"at least {span_text(total)} months (some steps' length unknown)"


def cost_text(total: Span, known: bool) -> str:
    """A path's cost in words; an unknown cost is never read as $0."""
    if known:
        return span_text(total, "$")
    if total.max == 0:
        return "unknown"
    return f"at least {span_text(total, '$')} (some costs unknown)"


class Step(msgspec.Struct, frozen=True):
    kind: StepKind
    title: str
    months: Span | None
    cost_usd: Span | None
    unknown: list[str] = msgspec.field(default_factory=list)
    credential: str | None = None
    route: str | None = None
    confirm: list[str] = msgspec.field(default_factory=list)
    citations: list[Citation] = msgspec.field(default_factory=list)
    work_field: str | None = None
    total_months: float | None = None  # experience a route needs in all (the gap is what's left)
    route_name: str | None = None  # the route's name, as people read it
    months_text: str = ""  # the length in words ("unknown" when months is None), set by combine
    cost_text: str = ""  # the cost in words ("unknown" when cost_usd is None), set by combine


class Path(msgspec.Struct, frozen=True):
    """A path: ``months`` and ``cost_usd`` total the known steps (a lower bound unless ``*_known``)."""

    steps: list[Step]
    months: Span
    cost_usd: Span
    unknown: list[str]
    credentials: list[str]
    keep_cost_10y_usd: float | None
    keep_cost_note: str
    months_known: bool = True
    fits_budget: bool | None = None
    fits_time: bool | None = None
    label: str = ""
    cost_known: bool = True
    months_text: str = ""
    cost_text: str = ""


def _merge_experience(p: Profile, steps: Sequence[Step]) -> list[Step]:
    """Work experience accrues: two routes asking for 12 and 36 months in one field need 36, not 48."""
    need: dict[str, float] = {}
    for s in steps:
        if s.kind == "experience" and s.work_field and s.total_months is not None:
            need[s.work_field] = max(need.get(s.work_field, 0), s.total_months)
    out, done = [], set()
    for s in steps:
        if s.kind == "experience" and s.work_field in need:
            fld = s.work_field
            if fld in done:
                continue
            done.add(fld)
            gap = need[fld] - p.months_of(fld)
            s = msgspec.structs.replace(s, title=f"work {gap:g} months in {FIELD_WORDS[fld]}", months=Span(gap, gap))
        out.append(s)
    return out


def _keep(c: Credential, member: bool) -> float | str:
    """Issuer fees to keep a credential 10 years after earning it, or why they are unknown."""
    total, exam = costs.keep_cost(c, member=member), costs.exam_fee(c, member=member)
    if isinstance(total, Unclear):
        return f"{c.id}: {total.unclear}"
    if isinstance(exam, Unclear):
        return f"{c.id}: exam fee unclear"
    return total - exam


def combine(kb: KnowledgeBase, p: Profile, steps: Sequence[Step]) -> Path:
    steps = [
        msgspec.structs.replace(s, months_text=span_text(s.months), cost_text=span_text(s.cost_usd, "$"))
        for s in _merge_experience(p, steps)
    ]
    months, cost, unknown = ZERO, ZERO, []
    for s in steps:
        months = months + (s.months or ZERO)
        cost = cost + (s.cost_usd or ZERO)
        unknown += s.unknown
    creds = [s.credential for s in steps if s.kind in ("exam", "state_credential") and s.credential]
    keep, notes = 0.0, []
    for cid in creds:
        c = kb.credentials.get(cid)
        kept = _keep(c, c.issuer in p.member_of) if c else f"{cid}: its renewal rule and fees are not in its record"
        if isinstance(kept, str):
            notes.append(kept)
        else:
            keep += kept
    if not creds:
        notes.append("no credential is earned on this path; renewing credentials you already hold is not counted")
    label = " → ".join(
        s.title for s in steps if s.kind in ("program", "experience", "exam", "state_credential", "role")
    )
    months_known = all(s.months is not None for s in steps)
    cost_known = all(s.cost_usd is not None for s in steps)
    return Path(
        list(steps),
        months,
        cost,
        unknown,
        creds,
        None if notes else round(keep, 2),
        "; ".join(notes) if notes else "renewal and annual fees for 10 years, issuer fees only (CE courses extra)",
        months_known=months_known,
        label=label or "nothing to do",
        cost_known=cost_known,
        months_text=months_text(months, months_known),
        cost_text=cost_text(cost, cost_known),
    )


def _dominates(a: Path, b: Path) -> bool:
    if not set(a.unknown) <= set(b.unknown):
        return False
    le = a.months.mid <= b.months.mid and a.cost_usd.mid <= b.cost_usd.mid
    lt = a.months.mid < b.months.mid or a.cost_usd.mid < b.cost_usd.mid or len(a.unknown) < len(b.unknown)
    return le and lt


def pareto(paths: Iterable[Path]) -> list[Path]:
    """Paths no other path beats on both months and dollars (ties on both kept once)."""
    unique: dict[tuple[tuple[str, str | None], ...], Path] = {}
    for p in paths:
        unique.setdefault(tuple((s.title, s.route) for s in p.steps), p)
    items = list(unique.values())
    keep = [p for p in items if not any(_dominates(q, p) for q in items if q is not p)]
    return sorted(keep, key=lambda p: (not p.months_known, p.months.mid, p.cost_usd.mid, len(p.unknown), p.label))
