"""Paths and their steps: the data a plan is made of, how steps add up, and the Pareto frontier.

A step's months and cost are ranges; ``None`` means unknown, and every unknown carries its reason in
``unknown``. Totals add the known parts and keep the unknowns, so a path with unknown costs can never
dominate one whose costs are known.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import msgspec

from ..citations import Citation
from ..kb import KnowledgeBase
from ..kb.schema import Unclear
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


class Path(msgspec.Struct, frozen=True):
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


def combine(kb: KnowledgeBase, p: Profile, steps: Sequence[Step]) -> Path:
    steps = _merge_experience(p, steps)
    months, cost, unknown = ZERO, ZERO, []
    for s in steps:
        months = months + (s.months or ZERO)
        cost = cost + (s.cost_usd or ZERO)
        unknown += s.unknown
    creds = [s.credential for s in steps if s.kind == "exam" and s.credential]
    keep, notes = 0.0, []
    for cid in creds:
        c = kb.credentials[cid]
        total, exam = (
            costs.keep_cost(c, member=c.issuer in p.member_of),
            costs.exam_fee(c, member=c.issuer in p.member_of),
        )
        if isinstance(total, Unclear) or isinstance(exam, Unclear):
            notes.append(f"{cid}: {total.unclear if isinstance(total, Unclear) else 'exam fee unclear'}")
        else:
            keep += total - exam
    if not creds:
        notes.append("no credential is earned on this path; renewing credentials you already hold is not counted")
    label = " → ".join(
        s.title for s in steps if s.kind in ("program", "experience", "exam", "state_credential", "role")
    )
    return Path(
        list(steps),
        months,
        cost,
        unknown,
        creds,
        None if notes else round(keep, 2),
        "; ".join(notes) if notes else "renewal and annual fees for 10 years, issuer fees only (CE courses extra)",
        months_known=all(s.months is not None for s in steps),
        label=label or "nothing to do",
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
    return sorted(keep, key=lambda p: (p.months.mid, p.cost_usd.mid, len(p.unknown), p.label))
