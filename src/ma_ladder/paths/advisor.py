"""Which credential should this person pursue? Ranked recommendations with reasons.

Each candidate is scored on the article's factors, each from an engine: educational commitment and
cost (the planner's fastest and cheapest paths), the certification exam (its accreditation), scope of
practice and state regulation (the scope engine, in the person's state), career goals (interests)
and advancement (careers that build on it). Where the data cannot decide, the advice says so.
"""

from __future__ import annotations

from datetime import date

import msgspec

from .. import scope, wages
from ..citations import Citation, dedupe
from ..kb import KnowledgeBase
from ..kb.schema import TASK_IDS, Credential, WageRow
from ..words import either, words
from . import eligibility, goals, planner, steps
from .goals import Goal
from .profile import Profile

INTEREST_TRACKS = {
    "clinical": "general",
    "administrative": "administrative",
    "phlebotomy": "phlebotomy",
    "ekg": "ekg",
    "ophthalmology": "ophthalmic",
}
WEIGHTS = {"time": 0.25, "cost": 0.2, "exam": 0.1, "scope": 0.15, "goals": 0.2, "advancement": 0.1}
NO_PAY_DATA = (
    "No public data ties pay to one MA credential over another: BLS reports wages by occupation "
    "(medical assistants, phlebotomists, ...), not by credential held."
)
ORDER = ("goals", "time", "cost", "exam", "scope", "advancement")
UNKNOWN_SCORE = 0.2


class Reason(msgspec.Struct, frozen=True):
    factor: str
    score: float
    text: str
    known: bool = True  # False: the data cannot tell, and ``score`` is the fixed UNKNOWN_SCORE


class Recommendation(msgspec.Struct, frozen=True):
    rank: int
    credential: str
    name: str
    score: float
    eligibility: str
    reasons: list[Reason]
    fastest: steps.Path | None
    cheapest: steps.Path | None
    pays: list[WageRow] = msgspec.field(default_factory=list)


class Advice(msgspec.Struct, frozen=True):
    state: str | None
    recommendations: list[Recommendation]
    honest: list[str]
    rungs: list[WageRow]
    wage_release: str
    citations: list[Citation]
    dataset_version: str


def goal_credentials(kb: KnowledgeBase, p: Profile) -> list[str]:
    """Credentials the profile's stated goals point at (a credential, a specialty, a role's credentials);
    a state-issued credential points at the national ones its record says meet it."""
    out: list[str] = []
    states = kb.state_credentials()
    for text in p.goals:
        g = goals.parse(kb, text, p.state)
        if g.kind == "credential" and g.target in states:
            out += states[g.target][1].satisfied_by
        elif g.kind == "credential":
            out.append(g.target)
        elif g.kind == "specialty":
            out += planner.entry_credentials(kb, g.target)
        elif g.kind == "role":
            out += kb.careers[g.target].credentials
    return out


def candidates(kb: KnowledgeBase, p: Profile, on: date) -> list[str]:
    """Credentials worth weighing: those the goals name, then the entry rung of each track of interest."""
    tracks = [INTEREST_TRACKS[i] for i in p.interests] or ([] if p.goals else ["general"])
    out = goal_credentials(kb, p) + [cid for t in dict.fromkeys(tracks) for cid in planner.entry_credentials(kb, t)]
    return [cid for cid in dict.fromkeys(out) if cid in kb.credentials and not p.holds(cid, on)]


def soc_of(kb: KnowledgeBase, cid: str) -> str | None:
    """The occupation whose BLS wages apply to holders of a credential, from the careers data."""
    socs = [r.soc for r in kb.careers.values() if cid in r.credentials and r.soc]
    return socs[0] if socs else None


class _Allowed:
    """The tasks each credential allows in one state on one date, each worked out once per advice."""

    def __init__(self, kb: KnowledgeBase, state: str, on: date) -> None:
        self.kb, self.state, self.on = kb, state, on
        self.known: dict[str | None, frozenset[str]] = {}

    def __call__(self, credential: str | None) -> frozenset[str]:
        if credential not in self.known:
            self.known[credential] = scope.allowed_tasks(self.kb, self.state, credential, self.on)
        return self.known[credential]


def _scope_gain(
    kb: KnowledgeBase, state: str | None, cid: str, on: date, allowed: _Allowed | None
) -> tuple[float, str]:
    if state is None or allowed is None:
        return 0.0, "no state given, so the state's scope rules were not weighed"
    base = allowed(None)

    def opens(credential: str) -> list[str]:
        more = allowed(credential) - base
        return [t for t in TASK_IDS if t in more]

    name = kb.states[state].name
    parts, count = [], 0
    if direct := opens(cid):
        parts.append(f"opens {', '.join(direct)}")
        count += len(direct)
    for sc in kb.states[state].state_credentials:
        if cid in sc.satisfied_by and (sc.ended is None or on < sc.ended) and (via := opens(sc.id)):
            parts.append(f"qualifies you for {sc.id}, which opens {', '.join(via)}")
            count += len(via)
    if not parts:
        return 0.0, f"in {name} it changes no task's answer compared with holding no credential"
    return min(count / 5, 1.0), f"in {name} it " + "; it ".join(parts)


def _months(path: steps.Path | None) -> str:
    return "no path" if path is None else path.months_text


def _dollars(path: steps.Path | None) -> str:
    return "no path" if path is None else path.cost_text


def _could_beat(plan: planner.Plan, best: steps.Path | None, what: str) -> str:
    """Words for paths left unmarked because a part is unknown, though they might beat ``best``."""
    known = "months_known" if what == "months" else "cost_known"
    if best is None:
        partial = [x for x in plan.paths if getattr(x, what).max > 0]
        if not partial:
            return ""
        low = min(getattr(x, what).min for x in partial)
        return f"; the known parts start at {steps.span_text(steps.Span(low, low), '$' if what != 'months' else '')}"
    rivals = [x for x in plan.paths if not getattr(x, known) and getattr(x, what).min < getattr(best, what).mid]
    if not rivals:
        return ""
    measure = "length" if what == "months" else "cost"
    return f"; {len(rivals)} other path(s) whose {measure} is partly unknown could be lower"


def _score(
    kb: KnowledgeBase, p: Profile, c: Credential, on: date, allowed: _Allowed | None
) -> tuple[float, list[Reason], planner.Plan, str]:
    plan = planner.plan(kb, p, Goal("credential", c.id, text=c.id), on)
    elig = eligibility.evaluate(kb, p, c.id, on)
    fast = plan.paths[plan.fastest] if plan.fastest is not None else None
    cheap = plan.paths[plan.cheapest] if plan.cheapest is not None else None
    reasons = []
    # Unknowns score low but not zero: "we can't tell" must not beat, or lose to, a known figure by accident.
    t = UNKNOWN_SCORE if fast is None else 1 / (1 + fast.months.mid / 12)
    reasons.append(
        Reason(
            "time",
            round(t, 3),
            "educational commitment: "
            + (
                f"fastest path takes {_months(fast)}"
                if fast
                else "no path has a fully known length, so none is fastest"
            )
            + _could_beat(plan, fast, "months"),
            known=fast is not None,
        )
    )
    budget = p.budget_usd or 5000.0
    k = UNKNOWN_SCORE if cheap is None else 1 / (1 + cheap.cost_usd.mid / budget)
    reasons.append(
        Reason(
            "cost",
            round(k, 3),
            "cost: "
            + (
                f"cheapest fully priced path costs {_dollars(cheap)}"
                if cheap
                else "no path has a fully known cost, so none is cheapest"
            )
            + _could_beat(plan, cheap, "cost_usd"),
            known=cheap is not None,
        )
    )
    a = c.accreditation
    e = 0.5 * (a.ncca is True) + 0.5 * (a.iso17024 is True)
    reasons.append(
        Reason(
            "exam",
            e,
            "certification exam: "
            + (
                "accredited ("
                + ", ".join(n for n, ok in (("NCCA", a.ncca is True), ("ISO/IEC 17024", a.iso17024 is True)) if ok)
                + ")"
                if e
                else "no exam accreditation found"
            ),
        )
    )
    s, why = _scope_gain(kb, p.state, c.id, on, allowed)
    reasons.append(Reason("scope", s, f"scope of practice and state regulation: {why}"))
    track_wanted = c.track in {INTEREST_TRACKS[i] for i in p.interests}
    goal_named = c.id in goal_credentials(kb, p)
    why = (
        "one of your stated goals leads to it"
        if goal_named
        else f"matches your interest in {words(c.track) if c.track == 'ekg' else words(c.track).lower()}"
        if track_wanted
        else "a general first step; no stated interest in it"
    )
    reasons.append(Reason("goals", 1.0 if goal_named or track_wanted else 0.3, f"career goals: {why}"))
    builds = [r.name for r in kb.careers.values() if c.id in r.credentials]
    reasons.append(
        Reason(
            "advancement",
            min(len(builds) / 3, 1.0),
            "advancement: " + (f"leads toward {', '.join(builds)}" if builds else "no career in the data builds on it"),
        )
    )
    total = sum(WEIGHTS[r.factor] * r.score for r in reasons)
    return round(total, 3), sorted(reasons, key=lambda r: ORDER.index(r.factor)), plan, elig.status


def advise(kb: KnowledgeBase, p: Profile, on: date | None = None) -> Advice:
    """Ranked recommendations for the profile, with reasons, paths, pay and honest caveats."""
    on = on or date.today()
    allowed = _Allowed(kb, p.state, on) if p.state else None
    scored = []
    for cid in candidates(kb, p, on):
        total, reasons, plan, status = _score(kb, p, kb.credentials[cid], on, allowed)
        scored.append((total, cid, reasons, plan, status))
    scored.sort(key=lambda x: (-x[0], x[1]))
    recs, cites = [], []
    for rank, (total, cid, reasons, plan, status) in enumerate(scored, 1):
        soc = soc_of(kb, cid)
        pays = wages.query(kb, p.state, socs=[soc]).rows if soc else []
        recs.append(
            Recommendation(
                rank,
                cid,
                kb.credentials[cid].name,
                total,
                status,
                reasons,
                plan.paths[plan.fastest] if plan.fastest is not None else None,
                plan.paths[plan.cheapest] if plan.cheapest is not None else None,
                pays,
            )
        )
        cites += plan.citations
    honest = [NO_PAY_DATA]
    held = [h.id for h in p.credentials if p.holds(h.id, on)]
    if held and not recs:
        honest.append(
            f"You already hold {', '.join(held)}; use `ma-ladder plan` for a next rung (a specialty, a role)."
        )
    ties = [r.credential for r in recs if recs and r.score == recs[0].score]
    if len(ties) > 1:
        honest.append(f"The data cannot separate {', '.join(ties)}: they score the same on every factor.")
    unknown_time = [r.credential for r in recs for x in r.reasons if x.factor == "time" and not x.known]
    unknown_cost = [r.credential for r in recs for x in r.reasons if x.factor == "cost" and not x.known]
    if unknown_time or unknown_cost or any(r.fastest and r.fastest.unknown for r in recs):
        honest.append(
            "Some lengths and costs are unknown because the sources disagree or are silent: an unknown is never "
            f"counted as zero, and scores a fixed {UNKNOWN_SCORE:g} (out of 1) on its factor"
            + (f" (time: {', '.join(unknown_time)})" if unknown_time else "")
            + (f" (cost: {', '.join(unknown_cost)})" if unknown_cost else "")
            + ". Set your own figures with overrides."
        )
    states = kb.state_credentials()
    for text in p.goals:
        g = goals.parse(kb, text, p.state)
        if g.kind == "credential" and g.target in states:
            st, sc = states[g.target]
            via = f"a current {either(sc.satisfied_by)}" if sc.satisfied_by else "no national credential"
            honest.append(
                f"{sc.id} is issued by {st.name}, not ranked here: its record says {via} meets it. "
                f"`ma-ladder plan --goal {sc.id}` shows the paths to it."
            )
    rung_socs = [soc_of(kb, "CMA"), *(soc_of(kb, r.credential) for r in recs), *_beyond(kb)]
    socs = list(dict.fromkeys(s for s in rung_socs if s))
    rungs = sorted(wages.query(kb, p.state, socs=socs, national=p.state is None).rows, key=lambda w: socs.index(w.soc))
    if "29-2031" in socs:
        honest.append(
            "BLS occupations are broader than a credential: 29-2031 also counts cardiovascular technologists, "
            "who often hold associate degrees, so its median can overstate what an entry EKG technician earns."
        )
    cites = dedupe([*cites, *wages.citations(kb)])
    return Advice(p.state, recs, honest, rungs, wages.table(kb).release, cites, kb.dataset.version)


def _beyond(kb: KnowledgeBase) -> list[str | None]:
    """Occupations of the roles beyond the MA, so the advice shows what the next rungs pay."""
    return [
        r.soc for r in sorted(kb.careers.values(), key=lambda r: r.id) if r.kind in ("management", "licensed_bridge")
    ]
