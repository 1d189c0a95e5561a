"""CLI commands for the law: ``scope`` (one answer, a state's tasks, or a task in 51 jurisdictions)
and ``states``. Every legal answer ends with the not-legal-advice line and the as-of date.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from .. import words
from ..errors import UsageError
from . import output
from .app import add_command

if TYPE_CHECKING:
    from .. import scope
    from ..kb import KnowledgeBase

UNKNOWN_START = date(1900, 1, 1)
FULL = " --full shows more."  # the data's placeholder for "in force since an unknown date"


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = add_command(sub, "scope", scope_cmd)
    p.add_argument("--state", help="State code or name, e.g. NY or 'New York'.")
    p.add_argument("--task", help="Task id or common word, e.g. injection or 'flu shot'.")
    p.add_argument(
        "--credential",
        help="Credential held, e.g. CMA, WA:MA-C (or MA-C with --state WA), or 'none'; leave it out to ask "
        "what any MA may do with the right credential.",
    )
    p.add_argument("--on", help="Date to evaluate the law on (YYYY-MM-DD); default today.")
    add_command(sub, "states", states).add_argument("--on", help="Date (YYYY-MM-DD); default today.")


def scope_cmd(args: argparse.Namespace) -> None:
    """May a medical assistant do a task in a state? One answer, a state's tasks, or a task's 51 states."""
    from .. import questions, scope
    from ..kb import load

    kb = load()
    if not args.state and not args.task:
        raise UsageError("give --state, --task or both, e.g. ma-ladder scope --state NY --task injection")
    answer = questions.scope(kb, args.state, args.task, args.credential, args.on)
    if args.as_json:
        return output.emit_json(answer)
    if isinstance(answer, scope.Answer):
        return _print_answer(kb, answer)
    key = "task" if answer.state else "state"
    title = f"{kb.states[answer.state].name}: every task" if answer.state else f"{_task(kb, answer.task)}: every state"
    if answer.state:
        _state_summary(kb, answer.state, args.full)
    columns = [key, "decision", "confidence", *(["basis", "citation"] if args.full else [])]
    output.table(
        f"{title}, {words.who(answer.credential)}",
        columns,
        (
            (
                _task(kb, a.task) if key == "task" else a.state_name,
                words.decision(a.decision),
                a.confidence,
                words.words(a.basis),
                (a.citations[0].citation or a.citations[0].title) if a.citations else "none",
            )[: len(columns)]
            for a in answer.answers
        ),
    )
    output.line(f"{answer.disclaimer} Data as of {answer.as_of.isoformat()}." + ("" if args.full else FULL))


def _state_summary(kb: KnowledgeBase, code: str, full: bool) -> None:
    """A state's summary first; with ``--full`` its laws (each summarised) and title-protection rules."""
    st = kb.states[code]
    output.line(st.summary)
    if not full:
        return
    output.heading("Laws and guidance")
    for law in st.laws:
        when = f", effective {law.effective}" if law.effective else ""
        output.bullet(f"{law.citation} ({words.words(law.kind).lower()}{when}): {law.summary}")
    if st.titles:
        output.heading("Titles the law protects")
        for t in st.titles:
            output.bullet(f"“{t.title}”: {t.rule} ({t.citation})")
    output.line()


def _task(kb: KnowledgeBase, task: str | None) -> str:
    return kb.tasks[task].name if task in kb.tasks else str(task)


def _print_answer(kb: KnowledgeBase, a: scope.Answer) -> None:
    output.line(f"{a.state_name}, {_task(kb, a.task).lower()}: {words.decision(a.decision).upper()}")
    who = f"For {words.who(a.credential)}."
    output.line(who + (f" By credential: {words.by_credential(a.by_credential)}." if a.by_credential else ""))
    since = "an unknown date (see notes)" if a.effective_from == UNKNOWN_START else str(a.effective_from or "?")
    output.line(
        f"Basis: {words.words(a.basis).lower()} · confidence: {a.confidence} · in force since {since}"
        + (f" until {a.effective_to}" if a.effective_to else "")
    )
    for c in a.conditions:
        output.bullet(c)
    facts = [
        ("Supervision", a.supervision),
        ("Who may delegate", ", ".join(words.words(d).lower() for d in a.delegators)),
        ("Training hours", str(a.training_hours) if a.training_hours else ""),
        ("Excluded", "; ".join(a.excluded)),
    ]
    for label, value in facts:
        if value:
            output.bullet(f"{label}: {value}")
    if a.variant and a.base_conditions:
        output.line(f"Without the credential: {words.decision(a.base_decision or '').lower()}", indent=2)
        for c in a.base_conditions:
            output.bullet(c, indent=4, mark="-")
    for f in a.federal:
        output.bullet(f)
    if a.notes:
        output.line(f"Notes: {a.notes}", indent=2, hang=2)
    output.citations(a.citations)
    output.line()
    output.line(f"{a.disclaimer} Reviewed {a.as_of.isoformat()}; data set {a.dataset_version}.")


def states(args: argparse.Namespace) -> None:
    """How each state and DC regulates medical assistants, one row each."""
    from .. import questions
    from ..kb import load

    answer = questions.states(load(), args.on)
    if args.as_json:
        return output.emit_json(answer)
    rows = answer.states
    full = ["regulation", "MA in law", "state credentials", "basis"] if args.full else []
    output.table(
        "How each jurisdiction regulates MAs: may an MA give injections?",
        ["state", "with a credential", "with none", *full],
        (
            (
                r.name,
                words.decision(r.injection),
                words.decision(r.injection_no_credential),
                words.words(r.regulation),
                r.ma_defined_in_law,
                ", ".join(r.state_credentials) or "none",
                words.words(r.injection_basis),
            )[: 3 + len(full)]
            for r in rows
        ),
    )
    output.heading("What federal law requires of MAs")
    for f in answer.federal:
        output.bullet(f"{f.name}: {f.in_force}.")
        if args.full:
            output.line(f.summary, indent=4)
            for c in f.citations:
                output.line(f"{c.citation + ' — ' if c.citation else ''}{c.title}", indent=4, hang=2)
                output.line(c.url or "(no public URL)", indent=6)
    output.line()
    output.line(f"{answer.disclaimer} Data as of {answer.as_of.isoformat()}." + ("" if args.full else FULL))
