"""Printing for the CLI: one JSON object on stdout with ``--json``, Rich text otherwise.

Errors go to stderr (as JSON with ``--json``) with exit code 2 for bad input and 1 for failures; no
stack trace reaches a user unless ``MA_LADDER_DEBUG`` is set.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .errors import MaLadderError
from .jsonable import to_jsonable

P = ParamSpec("P")
R = TypeVar("R")

console = Console(soft_wrap=False)
err_console = Console(stderr=True, soft_wrap=True)  # never break a message mid-path


def emit_json(obj: object) -> None:
    """Print one JSON object on stdout."""
    sys.stdout.write(json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False) + "\n")


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn every error into a readable message and the contract's exit code."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        as_json = bool(kwargs.get("as_json"))
        try:
            return fn(*args, **kwargs)
        except MaLadderError as exc:
            _report(exc.to_dict(), str(exc), as_json)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("MA_LADDER_DEBUG"):
                raise
            msg = f"internal error: {type(exc).__name__}: {exc} (set MA_LADDER_DEBUG=1 for details)"
            _report({"error": "InternalError", "message": msg}, msg, as_json)
            raise typer.Exit(1) from None

    return wrapper


def _report(data: dict[str, Any], text: str, as_json: bool) -> None:
    if as_json:
        sys.stderr.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        err_console.print(f"[bold red]error:[/] {escape(text)}", highlight=False)


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Table:
    """A Rich table whose cells are plain text (no markup surprises from data)."""
    t = Table(title=title, show_lines=False, expand=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for row in rows:
        t.add_row(*(Text(str(x)) if x is not None else "" for x in row))  # data is never markup
    return t


def citations(cites: Iterable[Any], heading: str = "Sources") -> None:
    """Print numbered citations: title, legal citation where there is one, URL."""
    console.print(f"\n[bold]{heading}[/]")
    for i, c in enumerate(cites, 1):
        legal = getattr(c, "citation", None)
        label = f"{legal} — {c.title}" if legal else c.title
        console.print(f"  [{i}] {label}\n      {c.url or '(no public URL)'}", highlight=False, markup=False)
