"""Every Pareto-optimal path (months vs dollars) from a profile to a goal, step by step.

A path is a list of steps (program, experience, exam, state credential, role, things to confirm);
each carries its duration and cost as ranges from the knowledge base, with the sources. A cost the
sources leave open is kept as *unknown* with the reason, never as zero: a path with unknown costs
cannot dominate one whose costs are known. The user can override any duration or cost.

Simplifications, stated so they can be judged: steps run one after another (no studying while
working); an exam adds its fee but no months (time to schedule and sit it varies); work experience
costs nothing (it is paid work).

A state-issued credential (``WA:MA-C``) is planned from its record alone: through a national
credential its ``satisfied_by`` lists, then applying. The record holds no fee or processing time,
so applying is a step of unknown length and cost. A path with a step of unknown length is never
marked fastest, nor one with an unknown cost cheapest; where such a path might beat the one that
is marked, a note says so.
"""

from __future__ import annotations

import itertools
from datetime import date

import msgspec

from .. import scope
from ..citations import Citation, dedupe, from_sources
from ..kb import KnowledgeBase
from ..kb.resolve import NO_CREDENTIAL
from ..kb.schema import Credential, ProgramType, Range, Route, Unclear
from ..kb.schema.credential import ProgramField
from ..ladder import costs
from ..words import decision, either, words
from . import eligibility
from .goals import Goal
from .profile import Profile
from .steps import ZERO, Path, Span, Step, pareto
from .steps import combine as _combine

MAX_DEPTH = 3
MAX_COMBOS = 64
ALLOWED = {"allowed", "allowed_with_conditions"}


class Plan(msgspec.Struct, frozen=True):
    goal: str
    goal_kind: str
    paths: list[Path]
    fastest: int | None
    cheapest: int | None
    unreachable: list[str]
    notes: list[str]
    citations: list[Citation]
    dataset_version: str


class _Ctx:
    """What every step builder needs: the data, the person, the date, the overrides."""

    def __init__(self, kb: KnowledgeBase, p: Profile, on: date) -> None:
        self.kb, self.p, self.on = kb, p, on

    def span(self, key: str, value: Range | Unclear | None, what: str) -> tuple[Span | None, list[str]]:
        """A range from the data, replaced by the user's override when one is given."""
        if key in self.p.overrides:
            v = self.p.overrides[key]
            return Span(v, v), []
        if isinstance(value, Range):
            return Span(value.min, value.max), []
        reason = value.unclear if isinstance(value, Unclear) else "no figure in the knowledge base"
        return None, [f"{what}: {reason} (set it with override {key})"]


TRACK_FIELD = {
    "general": "medical_assisting",
    "administrative": "medical_administrative",
    "phlebotomy": "phlebotomy",
    "ekg": "ekg",
    "ophthalmic": "ophthalmic",
}


def _program_types(
    ctx: _Ctx, fld: ProgramField, accreditation: list[str], apprenticeship: bool, track: str, level: str | None
) -> list[ProgramType]:
    """Program types that satisfy a requirement; a broad field ("any program") means the credential's own field."""
    if fld in ("any", "allied_health") and track in TRACK_FIELD:
        fld = TRACK_FIELD[track]  # type: ignore[assignment]
    out = []
    for pt in ctx.kb.program_types.values():
        if pt.award in ("on_the_job", "military", "high_school"):
            continue
        if (pt.award == "apprenticeship") != apprenticeship:
            continue
        if fld not in ("any", "allied_health") and pt.field != fld:
            continue
        if accreditation and not set(accreditation) & set(pt.accreditors):
            continue
        if level and pt.level != level:
            continue
        out.append(pt)
    return sorted(out, key=lambda pt: pt.id)


def _accredited(accreditation: list[str]) -> str:
    return " (accredited by " + " or ".join(a.upper() for a in accreditation) + ")" if accreditation else ""


def _program_step(ctx: _Ctx, pt: ProgramType, confirm: list[str], accreditation: list[str] | None = None) -> Step:
    months, u1 = ctx.span(f"program:{pt.id}.months", pt.typical_months, f"{pt.name} length")
    cost, u2 = ctx.span(f"program:{pt.id}.cost_usd", pt.typical_cost_usd, f"{pt.name} cost")
    name = pt.name if pt.name[:2].isupper() else pt.name[0].lower() + pt.name[1:]
    acc = _accredited(accreditation or []) if accreditation and pt.name.find("accredited") < 0 else ""
    return Step(
        "program",
        f"complete {eligibility.article(name)} {name}{acc}",
        months,
        cost,
        u1 + u2,
        confirm=confirm,
        citations=from_sources(pt.sources),
    )


def _generic_program(fld: str, accreditation: list[str], level: str | None = None) -> Step:
    words = eligibility.FIELD_WORDS[fld] + (f" {level}-level" if level else "")
    what = f"{eligibility.article(words)} {words} training program{_accredited(accreditation)}"
    return Step("program", f"complete {what}", None, None, [f"length and cost of {what}: not in the knowledge base"])


def _high_school(ctx: _Ctx) -> Step:
    ged = next((pt for pt in ctx.kb.program_types.values() if pt.award == "high_school"), None)
    if ged:
        return msgspec.structs.replace(_program_step(ctx, ged, []), kind="high_school")
    return Step(
        "high_school",
        "earn a high-school diploma or GED",
        None,
        None,
        ["high-school diploma or GED: no length or cost in the knowledge base"],
    )


def _program_options(ctx: _Ctx, c: Credential, route: Route) -> list[list[Step]] | None:
    """Ways to meet a route's program requirement; [] if met already, None if it can't be planned."""
    req = route.requires.program
    if req is None:
        return []
    missing, _ = eligibility.program_gaps(req, ctx.p, c.id, ctx.on)
    if not missing:
        return []
    prog = ctx.p.program
    if prog and prog.status == "enrolled" and len(missing) == 1 and missing[0].startswith("finish"):
        left = max((prog.expected_graduation - ctx.on).days / 30.4, 0) if prog.expected_graduation else None
        span = Span(round(left, 1), round(left, 1)) if left is not None else None
        return [
            [
                Step(
                    "program",
                    "finish your current program",
                    span,
                    ZERO,
                    [] if span else ["time left in your program: give program.expected_graduation"],
                )
            ]
        ]
    confirm = ["the issuer must approve the program before you register"] if req.approved_by_issuer else []
    confirm += [f"practical requirement: {x}" for x in req.practical]
    if req.min_hours:
        confirm.append(f"the program must have at least {req.min_hours} hours")
    types = _program_types(ctx, req.field, req.accreditation, route.kind == "apprenticeship", c.track, req.level)
    if not types:
        return [[_generic_program(req.field, req.accreditation, req.level)]]
    return [[_program_step(ctx, pt, confirm, req.accreditation)] for pt in types]


def _exam_step(ctx: _Ctx, c: Credential, route: Route, confirm: list[str], renewing: bool = False) -> Step:
    member = c.issuer in ctx.p.member_of
    key = f"exam:{c.id}.fee_usd"
    if key in ctx.p.overrides:
        fee: float | Unclear = ctx.p.overrides[key]
    elif route.id in c.fees.route_fees_usd:
        fee = c.fees.route_fees_usd[route.id]
    else:
        fee = costs.exam_fee(c, member=member)
    unknown = [f"{c.id} exam fee: {fee.unclear} (set it with override {key})"] if isinstance(fee, Unclear) else []
    reactivation = c.renewal.reactivation_fee_usd if renewing else None
    if isinstance(reactivation, Unclear):
        unknown.append(f"{c.id} reactivation fee: {reactivation.unclear}")
    elif reactivation and not isinstance(fee, Unclear):
        fee += reactivation
    cost = None if isinstance(fee, Unclear) else Span(fee, fee)
    name = f"pass the {c.abbreviation} exam" if c.exam else f"earn the {c.abbreviation}"
    return Step(
        "exam",
        name,
        ZERO,
        cost,
        unknown,
        c.id,
        route.id,
        confirm,
        from_sources([*route.sources, c.fees.sources[0]]),
        route_name=route.name,
    )


def _route_paths(
    ctx: _Ctx, c: Credential, route: Route, depth: int, seen: frozenset[str]
) -> tuple[list[Path], str | None]:
    """Paths to a credential through one route, or the reason none exists."""
    req, p = route.requires, ctx.p
    if eligibility.only_text(route) or req.external:
        needs = "; ".join(req.external or req.other)
        return [], f"{c.id} route '{route.name}' needs {needs}, which a plan cannot add"
    if req.military and not p.military_medical:
        return [], f"{c.id} route '{route.name}' needs military medical training, which a plan cannot add"
    parts: list[list[list[Step]]] = []
    if req.high_school and p.high_school is False:
        parts.append([[_high_school(ctx)]])
    renewing = route.kind == "recertification" and p.lapsed(c.id, ctx.on)
    if req.credentials_any and not renewing and not any(p.holds(x, ctx.on) for x in req.credentials_any):
        options = [
            path.steps
            for x in req.credentials_any
            if x in ctx.kb.credentials and x not in seen
            for path in credential_paths(ctx, x, depth + 1, seen | {c.id})
        ]
        if not options:
            return [], f"{c.id} route '{route.name}' needs {' or '.join(req.credentials_any)}, which no plan reaches"
        parts.append(options)
    programs = _program_options(ctx, c, route)
    if programs is None:
        return [], f"{c.id} route '{route.name}': its program requirement cannot be planned"
    if programs:
        parts.append(programs)
    if req.experience and p.months_of(req.experience.field) < req.experience.months:
        gap = req.experience.months - p.months_of(req.experience.field)
        words = eligibility.FIELD_WORDS[req.experience.field]
        parts.append(
            [
                [
                    Step(
                        "experience",
                        f"work {gap} months in {words}",
                        Span(gap, gap),
                        ZERO,
                        citations=from_sources(route.sources),
                        work_field=None if req.credentials_any else req.experience.field,
                        total_months=None if req.credentials_any else req.experience.months,
                    )
                ]
            ]
        )
    _, confirm = eligibility.program_gaps(req.program, p, c.id, ctx.on) if req.program else ([], [])
    if req.experience and req.experience.disputed:
        confirm.append(f"how much experience is required: {req.experience.disputed}")
    if renewing and isinstance(c.renewal.reinstatement, str):
        confirm.append(f"reinstatement: {c.renewal.reinstatement}")
    if renewing:
        confirm += renewal_changes(c, ctx.on)
    if req.high_school and p.high_school is None:
        confirm.append("a high-school diploma or GED (your profile doesn't say)")
    exam = _exam_step(ctx, c, route, list(req.other) + confirm, renewing)
    paths = []
    for combo in itertools.islice(itertools.product(*parts), MAX_COMBOS):
        steps = [s for group in combo for s in group]
        paths.append(_combine(ctx.kb, p, [*steps, exam]))
    return paths, None


def renewal_changes(c: Credential, on: date) -> list[str]:
    """The dated renewal-rule change in force on ``on`` (the latest one on or before it), with its dates."""
    past = [h for h in c.renewal.history if h.date <= on]
    if not past:
        return []
    latest = past[-1]
    later = next((h.date for h in c.renewal.history if h.date > on), None)
    until = f", until a change on {later}" if later else ""
    return [f"renewal rule in force since {latest.date}{until}: {latest.change}"]


def credential_paths(ctx: _Ctx, cid: str, depth: int = 0, seen: frozenset[str] = frozenset()) -> list[Path]:
    """Pareto paths to hold ``cid``; [] when none exists (see :func:`why_not`)."""
    if ctx.p.holds(cid, ctx.on):
        return [_combine(ctx.kb, ctx.p, [])]
    if depth > MAX_DEPTH:
        return []
    c = ctx.kb.credentials[cid]
    found: list[Path] = []
    for route in c.eligibility:
        if route.kind == "recertification" and not ctx.p.lapsed(cid, ctx.on):
            continue
        paths, _ = _route_paths(ctx, c, route, depth, seen)
        found += paths
    return pareto(found)


def why_not(ctx: _Ctx, cid: str) -> list[str]:
    """For a credential no path reaches: the requirement each route fails on."""
    c = ctx.kb.credentials[cid]
    return [
        why
        for r in c.eligibility
        if r.kind != "recertification"
        for why in [_route_paths(ctx, c, r, 0, frozenset())[1]]
        if why
    ]


def _state_credential_paths(ctx: _Ctx, state: str, scid: str) -> list[Path]:
    """Paths to a state credential: through a national credential its record lists, then applying.

    The record holds no application fee or processing time, so applying is a step whose length and
    cost are unknown (not zero); what the record lists as required is for the person to confirm.
    """
    _, sc = ctx.kb.state_credentials()[scid]
    if ctx.p.holds(scid, ctx.on):
        return [_combine(ctx.kb, ctx.p, [])]
    if sc.ended is not None and sc.ended <= ctx.on:
        return []
    apply = Step(
        "state_credential",
        f"apply for {sc.id} ({sc.name})",
        None,
        None,
        [
            f"{sc.id} processing time: not in its record",
            f"{sc.id} application fee: not in its record",
        ],
        sc.id,
        confirm=list(sc.requires),
        citations=from_sources(sc.sources),
    )
    bases = [path for x in sc.satisfied_by if x in ctx.kb.credentials for path in credential_paths(ctx, x)]
    if not sc.satisfied_by:
        return [_combine(ctx.kb, ctx.p, [apply])]
    return [_combine(ctx.kb, ctx.p, [*b.steps, apply]) for b in bases]


def _state_goal(ctx: _Ctx, scid: str) -> tuple[list[Path], list[str], list[str]]:
    """A state credential as the goal: its paths, why none exists, and what its record leaves open."""
    st, sc = ctx.kb.state_credentials()[scid]
    paths = _state_credential_paths(ctx, st.code, scid)
    notes = [
        f"{sc.id} ({sc.name}) is issued by {st.name}; its record holds its requirements but no fee, exam "
        "length or processing time, so those are unknown"
    ]
    if ctx.p.state and ctx.p.state != st.code:
        notes.append(f"your profile's state is {ctx.kb.states[ctx.p.state].name}; {sc.id} is a {st.name} credential")
    if sc.satisfied_by:
        labels = [ctx.kb.credentials[x].abbreviation for x in sc.satisfied_by if x in ctx.kb.credentials]
        notes.append(f"{sc.id}'s record says a current {either(labels)} meets its requirements")
    elif not ctx.p.holds(scid, ctx.on) and sc.ended is None:
        notes.append(f"{sc.id}'s record names no national credential that meets it: confirm each requirement")
    why: list[str] = []
    if not paths:
        if sc.ended is not None and sc.ended <= ctx.on:
            why.append(f"{st.name} stopped issuing {sc.id} on {sc.ended}")
        else:
            why = [w for x in sc.satisfied_by if x in ctx.kb.credentials for w in why_not(ctx, x)]
            why = why or [f"no plan reaches a credential that meets {sc.id}"]
    return paths, why, notes


def _role_step(ctx: _Ctx, career_id: str) -> Step:
    r = ctx.kb.careers[career_id]
    months, u1 = ctx.span(f"role:{r.id}.months", r.typical_months, f"{r.name} preparation time")
    cost, u2 = ctx.span(f"role:{r.id}.cost_usd", r.typical_cost_usd, f"{r.name} cost")
    return Step(
        "role",
        f"qualify as {r.name}",
        months,
        cost,
        u1 + u2,
        confirm=list(r.requirements),
        citations=from_sources(r.sources),
    )


def _fits(total: Span, known: bool, limit: float | None) -> bool | None:
    """Within the limit: yes, no, or None (no limit, or an unknown part could go either way)."""
    if limit is None:
        return None
    if total.min > limit:
        return False  # the known part alone is over
    return total.max <= limit if known else None


def _fit(p: Profile, path: Path) -> Path:
    return msgspec.structs.replace(
        path,
        fits_budget=_fits(path.cost_usd, path.cost_known, p.budget_usd),
        fits_time=_fits(path.months, path.months_known, p.months_available),
    )


def _best(paths: list[Path], what: str) -> tuple[int | None, list[str]]:
    """The fastest (``what="months"``) or cheapest path among those fully known, and notes.

    A path with an unknown part is never the best; where its known part alone is already less than
    the best one's, it might be better, and a note says so.
    """
    known = "months_known" if what == "months" else "cost_known"
    other = "cost_usd" if what == "months" else "months"
    adjective = "fastest" if what == "months" else "cheapest"
    measure = "length" if what == "months" else "cost"
    full = [i for i, x in enumerate(paths) if getattr(x, known)]
    if not paths:
        return None, []
    if not full:
        return None, [f"no path has a fully known {measure}, so none is marked {adjective}; see each path's unknowns"]
    best = min(full, key=lambda i: (getattr(paths[i], what).mid, getattr(paths[i], other).mid))
    rivals = [
        i + 1
        for i, x in enumerate(paths)
        if not getattr(x, known) and getattr(x, what).min < getattr(paths[best], what).mid
    ]
    notes = []
    if rivals:
        names = [f"path {n}" for n in rivals]
        which = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        notes.append(
            f"path {best + 1} is marked {adjective} among the paths whose {measure} is fully known; "
            f"{which} {'has' if len(rivals) == 1 else 'have'} a {measure} that is partly unknown and could be lower"
        )
    return best, notes


def plan(kb: KnowledgeBase, p: Profile, goal: Goal, on: date | None = None) -> Plan:
    """All Pareto-optimal paths from the profile to the goal, with the fastest and the cheapest marked."""
    ctx = _Ctx(kb, p, on or date.today())
    paths, unreachable, notes = _goal_paths(ctx, goal)
    paths = [_fit(p, x) for x in pareto(paths)]
    if paths and p.budget_usd is not None and not any(x.fits_budget for x in paths):
        notes.append(f"no path is known to fit the budget of ${p.budget_usd:,.0f}; the paths are shown anyway")
    if paths and p.months_available is not None and not any(x.fits_time for x in paths):
        notes.append(f"no path fits in {p.months_available} months; the paths are shown anyway")
    fastest, why_fastest = _best(paths, "months")
    cheapest, why_cheapest = _best(paths, "cost_usd")
    notes += why_fastest + why_cheapest
    cites = dedupe(c for x in paths for s in x.steps for c in s.citations)
    return Plan(
        goal.text or goal.target, goal.kind, paths, fastest, cheapest, unreachable, notes, cites, kb.dataset.version
    )


def _goal_paths(ctx: _Ctx, goal: Goal) -> tuple[list[Path], list[str], list[str]]:
    kb = ctx.kb
    if goal.kind == "credential" and goal.target in kb.state_credential_ids():
        return _state_goal(ctx, goal.target)
    if goal.kind == "credential":
        paths = credential_paths(ctx, goal.target)
        return paths, ([] if paths else why_not(ctx, goal.target)), []
    if goal.kind == "specialty":
        creds = entry_credentials(kb, goal.target)
        paths = [x for cid in creds for x in credential_paths(ctx, cid)]
        return (
            paths,
            ([] if paths else [w for cid in creds for w in why_not(ctx, cid)]),
            [f"entry credentials of the {goal.target} track: {', '.join(creds)}"],
        )
    if goal.kind == "role":
        career = kb.careers[goal.target]
        role = _role_step(ctx, career.id)
        bases = [x for cid in career.credentials if cid in kb.credentials for x in credential_paths(ctx, cid)]
        if career.credentials and not bases:
            return [], [w for cid in career.credentials if cid in kb.credentials for w in why_not(ctx, cid)], []
        paths = [_combine(kb, ctx.p, [*b.steps, role]) for b in bases] or [_combine(kb, ctx.p, [role])]
        return paths, [], []
    if goal.kind == "task":
        return _task_paths(ctx, goal.target, goal.state or "")
    return (
        [],
        [
            "higher pay is not a credential: no public data ties pay to one MA credential over another. "
            "See `ma-ladder advise` and `ma-ladder wages` for what each rung pays."
        ],
        [],
    )


def entry_credentials(kb: KnowledgeBase, track: str) -> list[str]:
    """The first rung of a track: credentials that build on no other credential of the track."""
    from ..ladder.ranking import builds_on

    return sorted(
        c.id
        for c in kb.credentials.values()
        if c.track == track and not any(kb.credentials[x].track == track for x in builds_on(c) if x in kb.credentials)
    )


def in_force(answer: scope.Answer) -> str:
    """The dates of the rule an answer rests on: "in force since 2013-07-01 until 2023-04-20"."""
    if answer.effective_from is None:
        return "no dated rule"
    until = f" until {answer.effective_to}" if answer.effective_to else ""
    return f"rule in force since {answer.effective_from}{until}"


def _conditions_step(answer: scope.Answer) -> Step:
    """The conditions of the rule that allows the task: part of the path, not a footnote."""
    who = f"with {answer.credential}" if answer.credential else "without a credential"
    rule = f"{decision(answer.decision).lower()}, {words(answer.basis).lower()}, {in_force(answer)}"
    return Step(
        "confirm",
        f"meet {answer.state_name}'s conditions for {_task_words(answer.task)} {who} ({rule})",
        ZERO,
        ZERO,
        confirm=[*answer.conditions, *(f"excluded: {x}" for x in answer.excluded), *answer.federal],
        citations=answer.citations[:3],
    )


def _task_words(task: str) -> str:
    return words(task).lower() if task in ("ekg", "iv", "ehr") else task.replace("_", " ")


def _task_paths(ctx: _Ctx, task: str, state: str) -> tuple[list[Path], list[str], list[str]]:
    kb = ctx.kb
    base = scope.evaluate(kb, state, task, NO_CREDENTIAL, ctx.on)
    note = (
        f"{kb.states[state].name}, {_task_words(task)}: without a credential the answer is "
        f"{decision(base.decision).lower()} ({words(base.basis).lower()}; {in_force(base)})"
    )
    note += "".join(f"; {f}" for f in base.federal)
    if base.decision in ALLOWED:
        return (
            [_combine(kb, ctx.p, [_conditions_step(base)])],
            [],
            [note + "; nothing to earn, but the conditions apply"],
        )
    paths: list[Path] = []
    state_creds = {s.id for s in kb.states[state].state_credentials}
    for cid in [*sorted(kb.credentials), *sorted(state_creds)]:
        answer = scope.evaluate(kb, state, task, cid, ctx.on)
        if answer.decision not in ALLOWED:
            continue
        found = _state_credential_paths(ctx, state, cid) if cid in state_creds else credential_paths(ctx, cid)
        paths += [_combine(kb, ctx.p, [*x.steps, _conditions_step(answer)]) for x in found]
    why = [] if paths else [f"no credential makes {_task_words(task)} allowed in {kb.states[state].name}: {note}"]
    return paths, why, [note]
