"""CLI command for questions in plain English: ``ask "QUESTION"`` and ``ask --batch FILE``.

With ``--json`` one answer is one JSON object; ``--batch`` prints one object per line, in the order
of the questions. The text shows the answer, how sure it is, what was understood and the sources.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from .. import serialize
from ..errors import UsageError
from . import output
from .app import add_command

if TYPE_CHECKING:
    from ..ask import AskAnswer

MAX_BATCH = 100_000  # lines; a larger file is refused before it is read


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = add_command(sub, "ask", ask_cmd)
    p.add_argument("question", nargs="*", help="The question, e.g. can a CMA give flu shots in New York?")
    p.add_argument("--batch", metavar="FILE", help="One question per line ('-' for standard input).")


def _lines(name: str) -> list[str]:
    if name == "-":
        return sys.stdin.read().splitlines()
    try:
        with open(name, encoding="utf-8-sig") as fh:
            lines = [line for _, line in zip(range(MAX_BATCH + 1), fh, strict=False)]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        what = exc.__class__.__name__
        raise UsageError(f"--batch {name}: cannot read it ({what}); give a UTF-8 text file", "batch") from None
    if len(lines) > MAX_BATCH:
        raise UsageError(f"--batch {name}: more than {MAX_BATCH:,} lines; split the file", "batch")
    return [line.rstrip("\n") for line in lines]


def ask_cmd(args: argparse.Namespace) -> None:
    """Answer a question in plain English from the knowledge base, with citations, or say it is not sure."""
    from ..ask import ask, batch
    from ..kb import load

    kb = load()
    if args.batch:
        if args.question:
            raise UsageError("give a question or --batch FILE, not both", "batch")
        answers = batch(kb, _lines(args.batch))
        for i, a in enumerate(answers):
            if args.as_json:
                sys.stdout.write(serialize.to_json(a).decode() + "\n")  # one object per line
            else:
                if i:
                    output.line()
                _print(a, brief=True)
        return None
    question = " ".join(args.question).strip()
    if not question:
        raise UsageError('give a question, e.g. ma-ladder ask "can a CMA give flu shots in New York?"', "question")
    a = ask(kb, question)
    if args.as_json:
        return output.emit_json(a)
    _print(a, brief=False)
    return None


def _print(a: AskAnswer, brief: bool) -> None:
    output.line(f"Q: {a.question}")
    output.line(a.answer)
    sure = "sure" if a.sure else "not sure"
    understood = ", ".join(f"{k} {v}" for k, v in _understood(a).items())
    output.line(f"Confidence {a.confidence:.2f} ({sure}); understood: {understood}.", hang=2)
    if a.closest and not brief:
        output.heading("Closest facts in the knowledge base")
        for c in a.closest:
            output.bullet(c)
    if a.citations and not brief:
        output.citations(a.citations)
    if a.disclaimer:
        output.line(a.disclaimer)


def _understood(a: AskAnswer) -> dict[str, object]:
    q = serialize.to_builtins(a.query)
    shown = {k: v for k, v in q.items() if v not in (None, [], "") and k != "fuzzy"}
    return shown or {"intent": "none"}
