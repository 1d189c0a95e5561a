"""CLI commands for the law: ``scope`` (one answer, a state's tasks, or a task in 51 jurisdictions)
and ``states``. Every legal answer ends with the not-legal-advice line and the as-of date.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from . import resolve, scope
from .cli import Json, _kb, _parse_date, app
from .errors import UsageError
from .output import citations, console, emit_json, handle_errors, table


@app.command("scope")
@handle_errors
def scope_cmd(
    state: Annotated[str | None, typer.Option(help="State code or name, e.g. NY or 'New York'.")] = None,
    task: Annotated[str | None, typer.Option(help="Task id or common word, e.g. injection or 'flu shot'.")] = None,
    credential: Annotated[str | None, typer.Option(help="Credential held, e.g. CMA or WA:MA-C.")] = None,
    on: Annotated[str | None, typer.Option(help="Date to evaluate the law on (YYYY-MM-DD); default today.")] = None,
    as_json: Json = False,
) -> None:
    """May a medical assistant do a task in a state? One answer, a state's tasks, or a task's 51 states."""
    kb = _kb()
    if not state and not task:
        raise UsageError("give --state, --task or both, e.g. ma-ladder scope --state NY --task injection")
    st = resolve.state(kb, state) if state is not None else None
    tk = resolve.task(kb, task) if task is not None else None
    cred = resolve.credential(kb, credential) if credential is not None else None
    day = _parse_date(on)
    if st and tk:
        ans = scope.evaluate(kb, st, tk, cred, day)
        return emit_json(ans) if as_json else _print_answer(ans)
    answers = scope.for_state(kb, st, cred, day) if st else scope.for_task(kb, tk or "", cred, day)
    if as_json:
        return emit_json(
            {
                "state": st,
                "task": tk,
                "credential": cred,
                "answers": answers,
                "as_of": kb.dataset.as_of,
                "disclaimer": scope.DISCLAIMER,
            }
        )
    key = "task" if st else "state"
    title = f"{kb.states[st].name}: every task" if st else f"{tk}: every jurisdiction"
    console.print(
        table(
            title + (f" (credential {cred})" if cred else " (no credential)"),
            [key, "decision", "basis", "confidence", "citation"],
            (
                (
                    getattr(a, key),
                    a.decision,
                    a.basis,
                    a.confidence,
                    (a.citations[0].citation or a.citations[0].title) if a.citations else "none",
                )
                for a in answers
            ),
        )
    )
    console.print(f"{scope.DISCLAIMER} Data as of {kb.dataset.as_of.isoformat()}.", highlight=False)


UNKNOWN_START = date(1900, 1, 1)  # the data's placeholder for "in force since an unknown date"


def _line(text: str) -> None:
    console.print(text, highlight=False, markup=False)


def _print_answer(a: scope.Answer) -> None:
    who = f"with {a.credential}" if a.credential else "with no credential"
    _line(f"{a.state_name}, {a.task}, {who}: {a.decision.upper().replace('_', ' ')}")
    since = "an unknown date (see notes)" if a.effective_from == UNKNOWN_START else str(a.effective_from or "?")
    _line(
        f"basis: {a.basis} · confidence: {a.confidence} · in force since {since}"
        + (f" until {a.effective_to}" if a.effective_to else "")
    )
    for c in a.conditions:
        _line(f"  • {c}")
    facts = [
        ("Supervision", a.supervision),
        ("Who may delegate", ", ".join(a.delegators)),
        ("Training hours", str(a.training_hours) if a.training_hours else ""),
        ("Excluded", "; ".join(a.excluded)),
    ]
    for label, value in facts:
        if value:
            _line(f"  • {label}: {value}")
    if a.variant:
        _line(f"  General rule (no credential): {(a.base_decision or '').upper().replace('_', ' ')}")
        for c in a.base_conditions:
            _line(f"    - {c}")
    for f in a.federal:
        _line(f"  • {f}")
    if a.notes:
        _line(f"  Notes: {a.notes}")
    citations(a.citations)
    _line(f"\n{a.disclaimer} Reviewed {a.as_of.isoformat()}; data set {a.dataset_version}.")


@app.command()
@handle_errors
def states(
    on: Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD); default today.")] = None, as_json: Json = False
) -> None:
    """How each state and DC regulates medical assistants, one row each."""
    kb = _kb()
    rows = scope.summarize(kb, _parse_date(on))
    if as_json:
        return emit_json({"states": rows, "as_of": kb.dataset.as_of, "disclaimer": scope.DISCLAIMER})
    console.print(
        table(
            "How each jurisdiction regulates MAs",
            [
                "state",
                "regulation",
                "MA in law",
                "state credentials",
                "injection (no credential)",
                "basis",
                "confidence",
            ],
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
    )
    console.print(f"{scope.DISCLAIMER} Data as of {kb.dataset.as_of.isoformat()}.", highlight=False)
