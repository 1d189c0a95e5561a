"""CLI commands for a person's path: ``eligible``, ``plan``, ``advise``.

They share one set of profile options (or ``--profile FILE``), built into a validated
:class:`~ma_ladder.paths.profile.Profile` by :func:`build_profile`; the engines do the rest.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import words
from ..errors import UnknownName, UsageError, shown, tidy
from ..paths import INTERESTS
from . import output
from .app import Parser, add_command

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
    "expected_graduation",
    "experience_months",
    "military",
    "holds",
    "interests",
    "budget",
    "months",
    "overrides",
)


def _read(reader: str, option: str) -> Callable[[str], Any]:
    """An option's value, read by the profile's own reader for its field (``profile.whole_number``…),
    so an option, a profile file and an answer to a question are held to the same rule. The profile
    module (and pydantic) loads only when such an option is given."""

    def read(text: str) -> Any:
        if not text.strip():
            raise UsageError(f"{option} is empty; give a value or leave the option out", option.lstrip("-"))
        from ..paths import profile

        return getattr(profile, reader)(text, option)

    read.__name__ = reader
    return read


PROGRAM_STATUSES = ("enrolled", "graduated")


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
    p.add_argument(
        "--expected-graduation",
        metavar="YYYY-MM-DD",
        help="When you expect to finish your program (means --program-status enrolled).",
    )
    p.add_argument(
        "--experience-months",
        type=_read("whole_number", "--experience-months"),
        help="Months of medical-assisting work (a whole number).",
    )
    p.add_argument("--military", action=argparse.BooleanOptionalAction, help="Military medical training?")
    p.add_argument("--holds", action="append", help="A credential you hold, e.g. CMA (repeatable).")
    p.add_argument("--interest", dest="interests", action="append", help=f"One of {', '.join(INTERESTS)} (repeatable).")
    p.add_argument("--budget", type=_read("amount", "--budget"), help="Budget in US dollars, e.g. 3000.")
    p.add_argument(
        "--months", type=_read("whole_number", "--months"), help="Months you can give to it (a whole number)."
    )
    p.add_argument(
        "--months-available", dest="months", type=_read("whole_number", "--months-available"), help="Same as --months."
    )
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
    status = (opts.get("program_status") or "").strip().lower()
    if status == "none":
        status = ""
    if status and status not in PROGRAM_STATUSES:
        raise UnknownName(
            "program status",
            opts["program_status"],
            PROGRAM_STATUSES,
            field="program_status",
            context="--program-status: ",
        )
    if opts.get("expected_graduation") and not status and not data.get("program"):
        status = "enrolled"  # a date you expect to graduate on says you are enrolled
    if not status and not data.get("program") and (opts.get("accreditation") or opts.get("graduated_on")):
        raise UsageError(
            "--accreditation and --graduated-on describe a program: add --program-status graduated or enrolled"
        )
    if opts.get("state"):
        data["state"] = opts["state"]
    if opts.get("high_school") is not None:
        data["high_school"] = opts["high_school"]
    if status or (
        data.get("program") and any(opts.get(k) for k in ("accreditation", "graduated_on", "expected_graduation"))
    ):
        prog = dict(data.get("program") or {})
        if status:
            prog |= {"status": status, "field": opts.get("program_field") or "medical_assisting"}
        if opts.get("accreditation"):
            prog["accreditation"] = [a.strip().lower() for a in opts["accreditation"]]
        if opts.get("graduated_on"):
            prog["graduated_on"] = profile.day(opts["graduated_on"], "--graduated-on")
        if opts.get("expected_graduation"):
            prog["expected_graduation"] = profile.day(opts["expected_graduation"], "--expected-graduation")
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
            data.setdefault("overrides", {})[k.strip()] = float(v)
        except ValueError:
            raise UsageError(
                f"--override {shown(item)}: write KEY=NUMBER, e.g. program:ma-certificate.months=10", "overrides"
            ) from None
    from .. import questions

    return questions.person(kb, data)


def _given(args: argparse.Namespace) -> bool:
    """Did the person give any profile option (the program field has a default, so it doesn't count)?"""
    return any(getattr(args, n, None) is not None for n in PROFILE_FIELDS if n != "program_field") or bool(
        getattr(args, "goals", None)
    )


def print_path(i: int, path: steps.Path, tags: list[str]) -> None:
    """One path as a timeline: month offsets, step, cost, then what to confirm. Unknown stays "unknown"."""
    head = f"Path {i}" + (f" ({', '.join(tags)})" if tags else "")
    output.heading(f"{head}: {path.months_text}, {path.cost_text}")
    at, known = 0.0, True
    for n, step in enumerate(path.steps, 1):
        if step.months is None:
            known = False
        end = at + (step.months.max if step.months else 0)
        when = (f"month {at:g}-{end:g}" if step.months and step.months.max else f"month {at:g}") if known else "later"
        via = f" ({step.route_name})" if step.route_name else ""
        cost = step.cost_text or "unknown"
        length = step.months_text or "unknown"
        length = f"{length} months" if length[:1].isdigit() else f"length {length}"
        output.line(f"{n}. [{when}] {step.title}{via}: {length}, {cost}", indent=2, hang=3)
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
            (
                e.credential,
                words.words(e.status),
                _route(e) or "; ".join(e.missing),
                _clip("; ".join(e.to_confirm), 160),
            )
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


class Questions:
    """The questionnaire's two ends: each question goes to stderr (stdout carries only the answer, so
    ``--json`` stays one JSON object) and each answer is one line of stdin, a terminal or a pipe.

    An answer is read by the profile's own reader for its field and the profile so far is validated
    with it, exactly as a profile file would be; a bad answer says why and asks that one question
    again, keeping every other answer. Enter (an empty line) skips a question, always; the end of
    input skips every question left.
    """

    def __init__(self, kb: KnowledgeBase, data: dict[str, Any] | None = None) -> None:
        self.kb, self.data, self.ended = kb, dict(data or {}), False

    def line(self, question: str) -> str:
        if self.ended:
            return ""
        sys.stderr.write(question + " ")
        sys.stderr.flush()
        answer = sys.stdin.readline()
        if not getattr(sys.stdin, "isatty", lambda: False)():
            sys.stderr.write("\n")  # a terminal echoes the Enter; a pipe doesn't
        if not answer:
            self.ended = True
            sys.stderr.write("\n(end of input: the questions left are skipped)\n")
        return answer.strip()

    def ask(self, question: str, read: Callable[[str], Any], put: Callable[[dict[str, Any], Any], None]) -> Any:
        """Ask until an answer reads and validates, then keep it; None when the question is skipped."""
        import copy

        from ..paths import profile

        while True:
            text = self.line(question)
            if not text:
                return None
            data = copy.deepcopy(self.data)
            try:
                value = read(text)
                put(data, value)
                profile.check(self.kb, data)
            except UsageError as exc:
                sys.stderr.write(f"  {tidy(str(exc))}\n  Try again, or press Enter to skip this question.\n")
                continue
            self.data = data
            return value


def _listed(text: str, read: Callable[[str], str]) -> list[str]:
    """A comma-separated answer, each item read; ``none`` is the empty list."""
    items = [t.strip() for t in text.split(",") if t.strip()]
    return [] if [i.lower() for i in items] in ([], ["none"]) else [read(i) for i in items]


def _one_of(kind: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    def read(text: str) -> str:
        low = text.strip().lower()
        if low not in choices:
            raise UnknownName(kind, text, choices)
        return low

    return read


def _put(*keys: str) -> Callable[[dict[str, Any], Any], None]:
    """Store an answer at ``data[keys[0]]…[keys[-1]]``."""

    def put(data: dict[str, Any], value: Any) -> None:
        for k in keys[:-1]:
            data = data.setdefault(k, {})
        data[keys[-1]] = value

    return put


def _ask(kb: KnowledgeBase, given: dict[str, Any] | None = None) -> profile.Profile:
    """The interactive questionnaire: the article's factors, one question at a time. A field the
    options already gave (``given``) is not asked again."""
    from ..kb import resolve
    from ..paths import goals
    from ..paths import profile as pf

    q = Questions(kb, given)
    have = set(q.data)
    sys.stderr.write("A few questions; press Enter to skip any of them.\n")
    if "state" not in have:
        q.ask("Your state (code or name, e.g. TX or Texas):", lambda t: resolve.state(kb, t), _put("state"))
    if "high_school" not in have:
        q.ask(
            "Do you have a high-school diploma or GED? (yes/no):",
            lambda t: pf.yes_no(t, "diploma"),
            _put("high_school"),
        )
    if "program" not in have:
        status = q.ask(
            "Are you in a medical-assisting program, or did you finish one? (enrolled/graduated/none):",
            _one_of("answer", ("enrolled", "graduated", "none")),
            lambda d, v: d.update(program={"status": v}) if v != "none" else None,
        )
        if status in PROGRAM_STATUSES:
            q.ask(
                "Who accredits it? (CAAHEP, ABHES, or none):",
                lambda t: _listed(t, lambda a: resolve.organization(kb, a)),
                _put("program", "accreditation"),
            )
        if status == "enrolled":
            q.ask(
                "When do you expect to graduate? (YYYY-MM-DD):",
                lambda t: pf.day(t, "expected graduation"),
                _put("program", "expected_graduation"),
            )
        elif status == "graduated":
            q.ask(
                "When did you graduate? (YYYY-MM-DD):",
                lambda t: pf.day(t, "graduation date"),
                _put("program", "graduated_on"),
            )
    if "experience_months" not in have:
        q.ask(
            "Months of medical-assisting work (a whole number, e.g. 12):",
            lambda t: pf.whole_number(t, "months of work"),
            _put("experience_months", "medical_assisting"),
        )
    if "military_medical" not in have:
        q.ask(
            "Military medical training? (yes/no):",
            lambda t: pf.yes_no(t, "military training"),
            _put("military_medical"),
        )
    if "credentials" not in have:
        q.ask(
            "Credentials you hold, comma-separated (e.g. CMA, CPT), or none:",
            lambda t: [{"id": c} for c in _listed(t, lambda c: resolve.credential(kb, c))],
            _put("credentials"),
        )
    if "interests" not in have:
        q.ask(
            f"What interests you? Comma-separated: {', '.join(INTERESTS)}:",
            lambda t: _listed(t, _one_of("interest", INTERESTS)),
            _put("interests"),
        )
    if "budget_usd" not in have:
        q.ask("Budget in US dollars (e.g. 3000):", lambda t: pf.amount(t, "budget"), _put("budget_usd"))
    if "months_available" not in have:
        q.ask(
            "Months you can give to it (a whole number, e.g. 12):",
            lambda t: pf.whole_number(t, "months available"),
            _put("months_available"),
        )
    if "goals" not in have:

        def goal(text: str) -> str:
            goals.parse(kb, text, q.data.get("state"))  # the advisor reads it the same way
            return text.strip()

        q.ask(
            "Goals, comma-separated (e.g. CMA, cardiology, practice manager):",
            lambda t: _listed(t, goal),
            _put("goals"),
        )
    return pf.check(kb, q.data)


def advise(args: argparse.Namespace) -> None:
    """Which credential should you pursue? Ranked, with reasons, paths, pay and sources."""
    from .. import questions
    from ..kb import load

    kb = load()
    tty = getattr(sys.stdin, "isatty", lambda: False)()
    ask = args.interactive if args.interactive is not None else (not _given(args) and tty and not args.as_json)
    if ask:
        given = build_profile(kb, args).model_dump(exclude_defaults=True) if _given(args) else None
        who = _ask(kb, given)
    else:
        who = build_profile(kb, args)
    result = questions.advise(kb, who, args.on)
    if args.as_json:
        return output.emit_json(result)
    for r in result.recommendations:
        status = words.words(r.eligibility).lower()
        output.heading(f"{r.rank}. {r.credential} — {r.name} (score {r.score:.2f}; {status})")
        for why in r.reasons:
            output.bullet(why.text, indent=3)
        if r.fastest:
            output.line(f"fastest: {r.fastest.label} ({r.fastest.months_text})", indent=3, hang=2)
        if r.cheapest and r.cheapest is not r.fastest:
            output.line(f"cheapest: {r.cheapest.label} ({r.cheapest.cost_text})", indent=3, hang=2)
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


def _route(e: Any) -> str | None:
    """The route a person is eligible by, by its name (never its id)."""
    if not e.route:
        return None
    named = (r.name for r in e.routes if getattr(r, "route", None) == e.route and getattr(r, "name", None))
    return str(next(named, e.route))


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def money(x: float | None) -> str:
    return "n/a" if x is None else f"${x:,.0f}"
