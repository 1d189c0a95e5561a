"""CLI commands for the law: ``scope`` (one answer, a state's tasks, or a task in 51 jurisdictions)
and ``states``. Every legal answer ends with the not-legal-advice line and the as-of date.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from . import output
from .app import add_command

if TYPE_CHECKING:
    from .. import scope

UNKNOWN_START = date(1900, 1, 1)  # the data's placeholder for "in force since an unknown date"


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = add_command(sub, "scope", scope_cmd)
    p.add_argument("--state", help="State code or name, e.g. NY or 'New York'.")
    p.add_argument("--task", help="Task id or common word, e.g. injection or 'flu shot'.")
    p.add_argument("--credential", help="Credential held, e.g. CMA or WA:MA-C.")
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
        return _print_answer(answer)
    key = "task" if answer.state else "state"
    title = f"{kb.states[answer.state].name}: every task" if answer.state else f"{answer.task}: every jurisdiction"
    output.table(
        title + (f" (credential {answer.credential})" if answer.credential else " (no credential)"),
        [key, "decision", "basis", "confidence", "citation"],
        (
            (
                getattr(a, key),
                a.decision,
                a.basis,
                a.confidence,
                (a.citations[0].citation or a.citations[0].title) if a.citations else "none",
            )
            for a in answer.answers
        ),
    )
    output.line(f"{answer.disclaimer} Data as of {answer.as_of.isoformat()}.")


def _print_answer(a: scope.Answer) -> None:
    who = f"with {a.credential}" if a.credential else "with no credential"
    output.line(f"{a.state_name}, {a.task}, {who}: {a.decision.upper().replace('_', ' ')}")
    since = "an unknown date (see notes)" if a.effective_from == UNKNOWN_START else str(a.effective_from or "?")
    output.line(
        f"basis: {a.basis} · confidence: {a.confidence} · in force since {since}"
        + (f" until {a.effective_to}" if a.effective_to else "")
    )
    for c in a.conditions:
        output.bullet(c)
    facts = [
        ("Supervision", a.supervision),
        ("Who may delegate", ", ".join(a.delegators)),
        ("Training hours", str(a.training_hours) if a.training_hours else ""),
        ("Excluded", "; ".join(a.excluded)),
    ]
    for label, value in facts:
        if value:
            output.bullet(f"{label}: {value}")
    if a.variant:
        output.line(f"General rule (no credential): {(a.base_decision or '').upper().replace('_', ' ')}", indent=2)
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
    output.table(
        "How each jurisdiction regulates MAs",
        ["state", "regulation", "MA in law", "state credentials", "injection (no credential)", "basis", "confidence"],
        (
            (
                r.code,
                r.regulation,
                r.ma_defined_in_law if len(r.ma_defined_in_law) <= 20 else r.ma_defined_in_law[:19] + "…",
                ", ".join(r.state_credentials),
                r.injection_no_credential,
                r.injection_basis,
                r.injection_confidence,
            )
            for r in rows
        ),
    )
    output.line(f"{answer.disclaimer} Data as of {answer.as_of.isoformat()}.")
