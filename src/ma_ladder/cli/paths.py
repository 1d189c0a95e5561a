"""CLI commands for a person's path: ``eligible``, ``plan``, ``advise``.

They share one set of profile options (or ``--profile FILE``), built into a validated
:class:`~ma_ladder.paths.profile.Profile` by :func:`build_profile`; the engines do the rest.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..paths import INTERESTS
from . import output
from .app import Parser, add_command
from .catalog import parse_date

if TYPE_CHECKING:
    from ..kb import KnowledgeBase
    from ..paths import planner, profile, steps

PROFILE_FIELDS = (
    "profile_file",
    "state",
    "high_school",
    "program_status",
    "program_field",
    "accreditation",
    "graduated_on",
    "experience_months",
    "military",
    "holds",
    "interests",
    "budget",
    "months",
    "overrides",
)


def profile_options(p: Parser) -> None:
    """The options every path command shares; each is declared once, here."""
    p.add_argument(
        "--profile", dest="profile_file", type=Path, help="A profile file (YAML or JSON); options override it."
    )
    p.add_argument("--state", help="Your state, code or name.")
    p.add_argument(
        "--high-school", action=argparse.BooleanOptionalAction, help="Do you have a high-school diploma or GED?"
    )
    p.add_argument("--program-status", help="MA program: enrolled or graduated (omit if none).")
    p.add_argument(
        "--program-field",
        default="medical_assisting",
        help="Program field: medical_assisting, phlebotomy, ekg, ophthalmic, ...",
    )
    p.add_argument("--accreditation", action="append", help="Program accreditor, e.g. CAAHEP (repeatable).")
    p.add_argument("--graduated-on", help="Program graduation date, YYYY-MM-DD.")
    p.add_argument("--experience-months", type=int, help="Months of medical-assisting work.")
    p.add_argument("--military", action=argparse.BooleanOptionalAction, help="Military medical training?")
    p.add_argument("--holds", action="append", help="A credential you hold, e.g. CMA (repeatable).")
    p.add_argument("--interest", dest="interests", action="append", help=f"One of {', '.join(INTERESTS)} (repeatable).")
    p.add_argument("--budget", type=float, help="Budget in US dollars.")
    p.add_argument("--months", type=int, help="Months you can give to it.")
    p.add_argument(
        "--override",
        dest="overrides",
        action="append",
        metavar="KEY=NUMBER",
        help="e.g. program:ma-certificate.cost_usd=4000.",
    )
    p.add_argument("--on", help="Evaluate on this date (YYYY-MM-DD); default today.")


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    profile_options(add_command(sub, "eligible", eligible))
    p = add_command(sub, "plan", plan_cmd)
    p.add_argument(
        "--goal",
        required=True,
        help="A credential (CMA), specialty (cardiology), role (practice manager), 'nursing', or task:injection@WA.",
    )
    profile_options(p)
    p = add_command(sub, "advise", advise)
    p.add_argument("--goal", dest="goals", action="append", help="A goal to weigh (repeatable): CMA, cardiology…")
    p.add_argument(
        "--interactive",
        action=argparse.BooleanOptionalAction,
        help="Ask questions (default: when run in a terminal with no options).",
    )
    profile_options(p)


def build_profile(kb: KnowledgeBase, args: argparse.Namespace) -> profile.Profile:
    """A profile from a file and/or options (options win), validated and normalised."""
    from ..paths import profile

    opts: dict[str, Any] = {name: getattr(args, name, None) for name in PROFILE_FIELDS}
    opts["goals"] = getattr(args, "goals", None)
    path = opts.pop("profile_file")
    data: dict[str, Any] = profile.from_file(path).model_dump(exclude_defaults=True) if path else {}
    for name in ("state", "program_status", "graduated_on"):
        if opts.get(name) == "":
            raise UsageError(f"--{name.replace('_', '-')} is empty; give a value or leave the option out")
    if not opts.get("program_status") and (opts.get("accreditation") or opts.get("graduated_on")):
        raise UsageError(
            "--accreditation and --graduated-on describe a program: add --program-status graduated or enrolled"
        )
    if opts.get("state"):
        data["state"] = opts["state"]
    if opts.get("high_school") is not None:
        data["high_school"] = opts["high_school"]
    if opts.get("program_status"):
        prog = dict(data.get("program") or {})
        prog |= {"status": opts["program_status"], "field": opts.get("program_field") or "medical_assisting"}
        if opts.get("accreditation"):
            prog["accreditation"] = [a.lower() for a in opts["accreditation"]]
        if opts.get("graduated_on"):
            prog["graduated_on"] = parse_date(opts["graduated_on"], "--graduated-on")
        data["program"] = prog
    if opts.get("experience_months") is not None:
        data["experience_months"] = dict(data.get("experience_months") or {}) | {
            "medical_assisting": opts["experience_months"]
        }
    if opts.get("military") is not None:
        data["military_medical"] = opts["military"]
    if opts.get("holds"):
        data["credentials"] = [*data.get("credentials", []), *({"id": h} for h in opts["holds"])]
    if opts.get("interests"):
        data["interests"] = [i.lower() for i in opts["interests"]]
    if opts.get("goals"):
        data["goals"] = [*data.get("goals", []), *opts["goals"]]
    for key, name in (("budget", "budget_usd"), ("months", "months_available")):
        if opts.get(key) is not None:
            data[name] = opts[key]
    for item in opts.get("overrides") or []:
        k, _, v = item.partition("=")
        try:
            data.setdefault("overrides", {})[k] = float(v)
        except ValueError:
            raise UsageError(f"--override {item!r}: write KEY=NUMBER, e.g. program:ma-certificate.months=10") from None
    from .. import questions

    return questions.person(kb, data)


def _given(args: argparse.Namespace) -> bool:
    """Did the person give any profile option (the program field has a default, so it doesn't count)?"""
    return any(getattr(args, n, None) is not None for n in PROFILE_FIELDS if n != "program_field") or bool(
        getattr(args, "goals", None)
    )


def _span(s: steps.Span | None, unit: str = "") -> str:
    if s is None:
        return "?"

    def fmt(x: float) -> str:
        return f"${x:,.0f}" if unit == "$" else f"{x:g}"

    return fmt(s.min) if s.min == s.max else f"{fmt(s.min)}-{fmt(s.max)}"


def print_path(i: int, path: steps.Path, tags: list[str]) -> None:
    """One path as a timeline: month offsets, step, cost, then what to confirm."""
    head = f"Path {i}" + (f" ({', '.join(tags)})" if tags else "")
    months = _span(path.months) + ("+?" if not path.months_known else "")
    cost = _span(path.cost_usd, "$") + (" + unknown" if path.unknown else "")
    output.heading(f"{head}: {months} months, {cost}")
    at = 0.0
    for n, step in enumerate(path.steps, 1):
        end = at + (step.months.max if step.months else 0)
        when = f"month {at:g}-{end:g}" if step.months and step.months.max else f"month {at:g}"
        via = f" (route {step.route})" if step.route else ""
        output.line(f"{n}. [{when}] {step.title}{via} — {_span(step.cost_usd, '$')}", indent=2, hang=3)
        for c in step.confirm:
            output.line(f"confirm: {c}", indent=7, hang=9)
        at = end
    keep = f"${path.keep_cost_10y_usd:,.0f}" if path.keep_cost_10y_usd is not None else "unknown"
    output.line(f"keeping it 10 years: {keep} ({path.keep_cost_note})", indent=2, hang=2)
    for u in path.unknown:
        output.line(f"unknown: {u}", indent=2, hang=9)


def eligible(args: argparse.Namespace) -> None:
    """For every credential: eligible now (by which route), or what is missing."""
    from .. import questions
    from ..kb import load

    kb = load()
    answer = questions.eligibility(kb, build_profile(kb, args), args.on)
    if args.as_json:
        return output.emit_json(answer)
    results = answer.credentials
    output.table(
        "Eligibility",
        ["credential", "status", "route / what is missing", "to confirm"],
        (
            (e.credential, e.status, e.route or "; ".join(e.missing), _clip("; ".join(e.to_confirm), 160))
            for e in results
        ),
    )


def plan_cmd(args: argparse.Namespace) -> int | None:
    """Every Pareto-optimal path (months vs dollars) to a goal, step by step, with sources."""
    from .. import questions
    from ..kb import load

    kb = load()
    result = questions.plan(kb, build_profile(kb, args), args.goal, args.on)
    if args.as_json:
        output.emit_json(result)
    else:
        _print_plan(result)
    return None if result.paths else 1


def _print_plan(result: planner.Plan) -> None:
    output.line(f"Goal: {result.goal} ({result.goal_kind})")
    for n in result.notes:
        output.line(f"note: {n}", indent=2, hang=6)
    if not result.paths:
        output.line("No path reaches this goal from your profile:")
        for why in result.unreachable:
            output.bullet(why)
        return
    for i, path in enumerate(result.paths, 1):
        tags = [t for t, j in (("fastest", result.fastest), ("cheapest", result.cheapest)) if j == i - 1]
        print_path(i, path, tags)
    output.citations(result.citations)


def _prompt(question: str) -> str:
    """Ask on stderr (so ``--json`` output stays clean) and read one line; end of input means skip."""
    sys.stderr.write(question + " ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    return answer.strip()


def _choose(question: str, choices: list[str], default: str) -> str:
    """Ask until the answer is one of ``choices`` (any case); Enter takes the default."""
    while True:
        answer = _prompt(f"{question} ({', '.join(choices)}) [{default}]:").lower() or default
        if answer in choices:
            return answer
        sys.stderr.write(f"  please answer one of: {', '.join(choices)}\n")


def _number(question: str, default: float) -> float:
    """Ask until the answer is a number of 0 or more; Enter takes the default."""
    while True:
        raw = _prompt(f"{question} [{default:g}]:") or str(default)
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if value >= 0 and value != float("inf"):
            return value
        sys.stderr.write("  please answer with a number of 0 or more\n")


def _ask(kb: KnowledgeBase) -> profile.Profile:
    """The interactive questionnaire: the article's factors, one question at a time."""
    from ..paths import profile

    sys.stderr.write("A few questions (press Enter to skip any).\n")
    data: dict[str, Any] = {}
    if st := _prompt("Your state (code or name):"):
        data["state"] = st
    data["high_school"] = _choose("Do you have a high-school diploma or GED?", ["yes", "no"], "yes") == "yes"
    status = _choose("MA program", ["none", "enrolled", "graduated"], "none")
    if status != "none":
        acc = _choose("Accredited by", ["caahep", "abhes", "none"], "none")
        data["program"] = {"status": status, "accreditation": [] if acc == "none" else [acc]}
    data["experience_months"] = {"medical_assisting": int(_number("Months of MA work experience", 0))}
    data["military_medical"] = _choose("Military medical training?", ["yes", "no"], "no") == "yes"
    held = _prompt("Credentials you hold (comma-separated, or none) [none]:") or "none"
    data["credentials"] = [{"id": h.strip()} for h in held.split(",") if h.strip() and h.strip().lower() != "none"]
    ints = _prompt(f"Interests ({', '.join(INTERESTS)}; comma-separated) [clinical]:") or "clinical"
    data["interests"] = [i.strip().lower() for i in ints.split(",") if i.strip()]
    if budget := _number("Budget in dollars (0 = not sure)", 0):
        data["budget_usd"] = budget
    return profile.normalise(kb, profile.from_dict(data))


def advise(args: argparse.Namespace) -> None:
    """Which credential should you pursue? Ranked, with reasons, paths, pay and sources."""
    from .. import questions
    from ..kb import load

    kb = load()
    tty = getattr(sys.stdin, "isatty", lambda: False)()
    ask = args.interactive if args.interactive is not None else (not _given(args) and tty and not args.as_json)
    result = questions.advise(kb, _ask(kb) if ask else build_profile(kb, args), args.on)
    if args.as_json:
        return output.emit_json(result)
    for r in result.recommendations:
        output.heading(f"{r.rank}. {r.credential} — {r.name} (score {r.score:.2f}; you are {r.eligibility})")
        for why in r.reasons:
            output.bullet(why.text, indent=3)
        if r.fastest:
            output.line(f"fastest: {r.fastest.label} ({_span(r.fastest.months)} months)", indent=3, hang=2)
        if r.cheapest and r.cheapest is not r.fastest:
            output.line(f"cheapest: {r.cheapest.label} ({_span(r.cheapest.cost_usd, '$')})", indent=3, hang=2)
    output.heading(f"What each rung pays (BLS OEWS {result.wage_release}, annual median)")
    output.table(
        None,
        ["area", "occupation", "median", "10th-90th pct"],
        (
            (w.area, w.title, money(w.median_annual), f"{money(w.p10_annual)}-{money(w.p90_annual)}")
            for w in result.rungs
        ),
    )
    for h in result.honest:
        output.line(f"Note: {h}", hang=6)
    output.citations(result.citations)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def money(x: float | None) -> str:
    return "n/a" if x is None else f"${x:,.0f}"
