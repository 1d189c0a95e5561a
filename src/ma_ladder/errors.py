"""Errors a person can act on: what is wrong, where, and how to fix it.

Each error knows its exit code (2 for bad usage or input, 1 for a failure of ours or of the data) and
renders both as text and as a JSON object, so the CLI and the API never show a stack trace.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec


class MaLadderError(Exception):
    """Base of every error a user may see."""

    exit_code = 1

    def to_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": str(self)}


class DataIssue(msgspec.Struct, frozen=True):
    """One problem in one knowledge-base file."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


class KnowledgeBaseError(MaLadderError):
    """The knowledge base failed validation; lists every problem found, not just the first."""

    exit_code = 1

    def __init__(self, issues: list[DataIssue]) -> None:
        self.issues = issues
        super().__init__(self.__str__())

    def __str__(self) -> str:
        head = f"the knowledge base has {len(self.issues)} problem(s):"
        return "\n".join([head, *(f"  {i}" for i in self.issues)])

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": "KnowledgeBaseError",
            "message": f"the knowledge base has {len(self.issues)} problem(s)",
            "issues": [msgspec.structs.asdict(i) for i in self.issues],
        }


class UsageError(MaLadderError):
    """Bad input from the user; ``field`` names the option or parameter, where one is to blame."""

    exit_code = 2

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def shown(given: str, limit: int = 80) -> str:
    """What a person typed, quoted for a message and cut short: an error never echoes a megabyte back."""
    return repr(given if len(given) <= limit else given[:limit] + "…")


class UnknownName(UsageError):
    """A name (credential, state, task…) that isn't in the knowledge base, with the nearest ones."""

    def __init__(
        self,
        kind: str,
        given: str,
        valid: Iterable[str],
        suggestions: list[str] | None = None,
        labels: dict[str, str] | None = None,
    ) -> None:
        self.kind, self.given, self.valid = kind, given, sorted(set(valid))
        self.suggestions = suggestions if suggestions is not None else suggest(given, self.valid)
        near = [f"{s} ({labels[s]})" if labels and s in labels else s for s in self.suggestions]
        hint = f" Did you mean {' or '.join(near)}?" if near else ""
        sample = ", ".join(self.valid[:25]) + (" …" if len(self.valid) > 25 else "")
        super().__init__(f"unknown {kind} {shown(given)}.{hint} Valid {kind}s: {sample}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": "UnknownName",
            "message": str(self),
            "kind": self.kind,
            "given": self.given,
            "suggestions": self.suggestions,
        }


def suggest(given: str, valid: Iterable[str], n: int = 3) -> list[str]:
    """Nearest valid names to a near miss, compared case-insensitively."""
    import difflib  # only a miss pays for it

    by_lower = {v.lower(): v for v in valid}
    hits = difflib.get_close_matches(given.lower(), list(by_lower), n=n, cutoff=0.6)
    return [by_lower[h] for h in hits]
