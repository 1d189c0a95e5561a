"""CLI commands for a person's path: ``eligible``, ``plan``, ``advise``, ``wages``.

They share one set of profile options (or ``--profile FILE``), built into a validated
:class:`~ma_ladder.profile.Profile` by :func:`build_profile`; the engines do the rest.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from . import advisor, eligibility, goals, paths, planner, profile, wages
from .cli import Json, _kb, _parse_date, app
from .errors import UsageError
from .kb import KnowledgeBase
from .output import citations, console, emit_json, handle_errors, table

ProfileFile = Annotated[
    Path | None, typer.Option("--profile", help="A profile file (YAML or JSON); options below override it.")
]
State = Annotated[str | None, typer.Option(help="Your state, code or name.")]
HighSchool = Annotated[
    bool | None, typer.Option("--high-school/--no-high-school", help="Do you have a high-school diploma or GED?")
]
ProgramStatus = Annotated[str | None, typer.Option(help="MA program: enrolled or graduated (omit if none).")]
ProgramField = Annotated[str, typer.Option(help="Program field: medical_assisting, phlebotomy, ekg, ophthalmic, ...")]
Accreditation = Annotated[
    list[str] | None, typer.Option("--accreditation", help="Program accreditor, e.g. CAAHEP (repeatable).")
]
Graduated = Annotated[str | None, typer.Option(help="Program graduation date, YYYY-MM-DD.")]
Experience = Annotated[int | None, typer.Option("--experience-months", help="Months of medical-assisting work.")]
Military = Annotated[bool | None, typer.Option("--military/--no-military", help="Military medical training?")]
Holds = Annotated[list[str] | None, typer.Option("--holds", help="A credential you hold, e.g. CMA (repeatable).")]
Interests = Annotated[
    list[str] | None, typer.Option("--interest", help=f"One of {', '.join(profile.INTERESTS)} (repeatable).")
]
Budget = Annotated[float | None, typer.Option("--budget", help="Budget in US dollars.")]
Months = Annotated[int | None, typer.Option("--months", help="Months you can give to it.")]
Overrides = Annotated[
    list[str] | None, typer.Option("--override", help="KEY=NUMBER, e.g. program:ma-certificate.cost_usd=4000.")
]
On = Annotated[str | None, typer.Option("--on", help="Evaluate on this date (YYYY-MM-DD); default today.")]


def build_profile(kb: KnowledgeBase, path: Path | None, **opts: Any) -> profile.Profile:
    """A profile from a file and/or options (options win), validated and normalised."""
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
            prog["graduated_on"] = _parse_date(opts["graduated_on"], "--graduated-on")
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
    return profile.normalise(kb, profile.from_dict(data))


PROFILE_OPTIONS: list[tuple[str, Any, Any]] = [
    ("profile_file", ProfileFile, None),
    ("state", State, None),
    ("high_school", HighSchool, None),
    ("program_status", ProgramStatus, None),
    ("program_field", ProgramField, "medical_assisting"),
    ("accreditation", Accreditation, None),
    ("graduated_on", Graduated, None),
    ("experience_months", Experience, None),
    ("military", Military, None),
    ("holds", Holds, None),
    ("interests", Interests, None),
    ("budget", Budget, None),
    ("months", Months, None),
    ("overrides", Overrides, None),
]


def profile_options(fn: Callable[..., None]) -> Callable[..., None]:
    """Give a command the shared profile options; it receives them together as ``opts``.

    Typer reads a command's options from its signature, so the wrapper's signature is the command's
    own parameters plus the shared ones: each option is declared once, here.
    """
    own = [p for p in inspect.signature(fn, eval_str=True).parameters.values() if p.name != "opts"]
    shared = [
        inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=d, annotation=a) for n, a, d in PROFILE_OPTIONS
    ]

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        opts = {name: kwargs.pop(name) for name, _, _ in PROFILE_OPTIONS}
        fn(*args, opts=opts, **kwargs)

    wrapper.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
    return wrapper


def _profile(kb: KnowledgeBase, opts: dict[str, Any]) -> profile.Profile:
    rest = dict(opts)
    return build_profile(kb, rest.pop("profile_file"), **rest)


def _span(s: paths.Span | None, unit: str = "") -> str:
    if s is None:
        return "?"

    def fmt(x: float) -> str:
        return f"${x:,.0f}" if unit == "$" else f"{x:g}"

    return fmt(s.min) if s.min == s.max else f"{fmt(s.min)}-{fmt(s.max)}"


def print_path(i: int, path: paths.Path, tags: list[str]) -> None:
    """One path as a timeline: month offsets, step, cost, then what to confirm."""
    head = f"Path {i}" + (f" ({', '.join(tags)})" if tags else "")
    months = _span(path.months) + ("+?" if not path.months_known else "")
    cost = _span(path.cost_usd, "$") + (" + unknown" if path.unknown else "")
    console.print(f"\n[bold]{head}[/]: {months} months, {cost}", highlight=False)
    at = 0.0
    for n, step in enumerate(path.steps, 1):
        end = at + (step.months.max if step.months else 0)
        when = f"month {at:g}-{end:g}" if step.months and step.months.max else f"month {at:g}"
        via = f" (route {step.route})" if step.route else ""
        console.print(f"  {n}. [{when}] {step.title}{via} — {_span(step.cost_usd, '$')}", highlight=False, markup=False)
        for c in step.confirm:
            console.print(f"       confirm: {c}", highlight=False, markup=False)
        at = end
    keep = f"${path.keep_cost_10y_usd:,.0f}" if path.keep_cost_10y_usd is not None else "unknown"
    console.print(f"  keeping it 10 years: {keep} ({path.keep_cost_note})", highlight=False, markup=False)
    for u in path.unknown:
        console.print(f"  unknown: {u}", highlight=False, markup=False)


@app.command()
@handle_errors
@profile_options
def eligible(opts: dict[str, Any], on: On = None, as_json: Json = False) -> None:
    """For every credential: eligible now (by which route), or what is missing."""
    kb = _kb()
    p = _profile(kb, opts)
    results = eligibility.evaluate_all(kb, p, _parse_date(on))
    if as_json:
        return emit_json({"profile": p, "credentials": results})
    console.print(
        table(
            "Eligibility",
            ["credential", "status", "route / what is missing", "to confirm"],
            (
                (e.credential, e.status, e.route or "; ".join(e.missing), _clip("; ".join(e.to_confirm), 160))
                for e in results
            ),
        )
    )


@app.command("plan")
@handle_errors
@profile_options
def plan_cmd(
    goal: Annotated[
        str,
        typer.Option(
            help="A credential (CMA), specialty (cardiology), role (practice manager), 'nursing', or task:injection@WA."
        ),
    ],
    opts: dict[str, Any],
    on: On = None,
    as_json: Json = False,
) -> None:
    """Every Pareto-optimal path (months vs dollars) to a goal, step by step, with sources."""
    kb = _kb()
    p = _profile(kb, opts)
    result = planner.plan(kb, p, goals.parse(kb, goal, p.state), _parse_date(on))
    if as_json:
        emit_json(result)
    else:
        _print_plan(result)
    if not result.paths:
        raise typer.Exit(1)


def _print_plan(result: planner.Plan) -> None:
    console.print(f"[bold]Goal:[/] {escape(result.goal)} ({result.goal_kind})", highlight=False)
    for n in result.notes:
        console.print(f"  note: {n}", highlight=False, markup=False)
    if not result.paths:
        console.print("[bold red]No path reaches this goal from your profile:[/]")
        for why in result.unreachable:
            console.print(f"  • {why}", highlight=False, markup=False)
        return
    for i, path in enumerate(result.paths, 1):
        tags = [t for t, j in (("fastest", result.fastest), ("cheapest", result.cheapest)) if j == i - 1]
        print_path(i, path, tags)
    citations(result.citations)


def _choose(question: str, choices: list[str], default: str) -> str:
    """Ask until the answer is one of ``choices`` (any case)."""
    while True:
        answer = str(typer.prompt(f"{question} ({', '.join(choices)})", default=default)).strip().lower()
        if answer in choices:
            return answer
        console.print(f"  please answer one of: {', '.join(choices)}", highlight=False, markup=False)


def _number(question: str, default: float) -> float:
    """Ask until the answer is a number of 0 or more."""
    while True:
        raw = str(typer.prompt(question, default=default))
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if value >= 0 and value != float("inf"):
            return value
        console.print("  please answer with a number of 0 or more", highlight=False, markup=False)


def _ask(kb: KnowledgeBase) -> profile.Profile:
    """The interactive questionnaire: the article's factors, one question at a time."""
    console.print("[bold]A few questions[/] (press Enter to skip any).")
    data: dict[str, Any] = {}
    if st := typer.prompt("Your state (code or name)", default="", show_default=False):
        data["state"] = st
    data["high_school"] = typer.confirm("Do you have a high-school diploma or GED?", default=True)
    status = _choose("MA program", ["none", "enrolled", "graduated"], "none")
    if status != "none":
        acc = _choose("Accredited by", ["caahep", "abhes", "none"], "none")
        data["program"] = {"status": status, "accreditation": [] if acc == "none" else [acc]}
    data["experience_months"] = {"medical_assisting": int(_number("Months of MA work experience", 0))}
    data["military_medical"] = typer.confirm("Military medical training?", default=False)
    held = typer.prompt("Credentials you hold (comma-separated, or none)", default="none")
    data["credentials"] = [{"id": h.strip()} for h in held.split(",") if h.strip() and h.strip().lower() != "none"]
    ints = typer.prompt(f"Interests ({', '.join(profile.INTERESTS)}; comma-separated)", default="clinical")
    data["interests"] = [i.strip().lower() for i in ints.split(",") if i.strip()]
    if budget := _number("Budget in dollars (0 = not sure)", 0):
        data["budget_usd"] = budget
    return profile.normalise(kb, profile.from_dict(data))


@app.command()
@handle_errors
@profile_options
def advise(
    opts: dict[str, Any],
    goal: Annotated[
        list[str] | None,
        typer.Option("--goal", help="A goal to weigh (repeatable): CMA, cardiology, practice manager…"),
    ] = None,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive", help="Ask questions (default: when run in a terminal with no options)."
        ),
    ] = None,
    on: On = None,
    as_json: Json = False,
) -> None:
    """Which credential should you pursue? Ranked, with reasons, paths, pay and sources."""
    kb = _kb()
    opts["goals"] = goal
    given = any(v is not None for k, v in opts.items() if k != "program_field")
    ask = interactive if interactive is not None else (not given and sys.stdin.isatty() and not as_json)
    p = _ask(kb) if ask else _profile(kb, opts)
    result = advisor.advise(kb, p, _parse_date(on))
    if as_json:
        return emit_json(result)
    for r in result.recommendations:
        console.print(
            f"\n[bold]{r.rank}. {r.credential}[/] — {r.name} (score {r.score:.2f}; you are {r.eligibility})",
            highlight=False,
        )
        for why in r.reasons:
            console.print(f"   • {why.text}", highlight=False, markup=False)
        if r.fastest:
            console.print(
                f"   fastest: {r.fastest.label} ({_span(r.fastest.months)} months)", highlight=False, markup=False
            )
        if r.cheapest and r.cheapest is not r.fastest:
            console.print(
                f"   cheapest: {r.cheapest.label} ({_span(r.cheapest.cost_usd, '$')})", highlight=False, markup=False
            )
    console.print(f"\n[bold]What each rung pays[/] (BLS OEWS {result.wage_release}, annual median)")
    console.print(
        table(
            None,
            ["area", "occupation", "median", "10th-90th pct"],
            (
                (w.area, w.title, _money(w.median_annual), f"{_money(w.p10_annual)}-{_money(w.p90_annual)}")
                for w in result.rungs
            ),
        )
    )
    for h in result.honest:
        console.print(f"[yellow]Note:[/] {escape(h)}", highlight=False)
    citations(result.citations)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _money(x: float | None) -> str:
    return "n/a" if x is None else f"${x:,.0f}"


@app.command("wages")
@handle_errors
def wages_cmd(
    state: State = None,
    metro: Annotated[str | None, typer.Option(help="Metro area name or part of it, e.g. Houston.")] = None,
    occupation: Annotated[
        list[str] | None, typer.Option("--occupation", help="SOC code or title words (repeatable).")
    ] = None,
    plot: Annotated[Path | None, typer.Option(help="Also draw a chart to FILE.png or FILE.svg.")] = None,
    as_json: Json = False,
) -> None:
    """Official BLS wages for MAs and the roles they advance to: nation, state, metro."""
    kb = _kb()
    t = wages.table()
    st = None
    if state is not None:
        from . import resolve

        st = resolve.state(kb, state)
    areas = wages.resolve_metro(metro, t) if metro is not None else None
    socs = [wages.resolve_occupation(o, t) for o in occupation] if occupation else None
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--plot {plot}: the file must end in .png or .svg")
    report = wages.query(st, areas, socs, t=t)
    if plot is not None:
        try:
            wages.plot(report, plot)
        except OSError as exc:
            raise UsageError(f"--plot {plot}: cannot write the chart there ({exc.strerror or exc})") from None
    if as_json:
        return emit_json(report)
    console.print(
        table(
            f"BLS OEWS {report.release}: annual wages",
            ["area", "SOC", "occupation", "employment", "median", "10th pct", "90th pct", "median hourly"],
            (
                (
                    r.area,
                    r.soc,
                    r.title,
                    f"{r.employment:,}" if r.employment else "n/a",
                    _money(r.median_annual),
                    _money(r.p10_annual),
                    _money(r.p90_annual),
                    f"${r.median_hourly:.2f}" if r.median_hourly else "n/a",
                )
                for r in report.rows
            ),
        )
    )
    if plot is not None:
        console.print(f"chart written to {plot}")
    for n in report.notes:
        console.print(f"  BLS note: {n}", highlight=False, markup=False)
    citations(report.citations)
