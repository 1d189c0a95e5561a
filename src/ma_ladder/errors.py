"""Errors a person can act on: what is wrong, where, and how to fix it.

Each error knows its exit code (2 for bad usage or input, 1 for a failure of ours or of the data) and
renders both as text and as a JSON object, so the CLI and the API never show a stack trace.
"""

from __future__ import annotations

import re
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

    def to_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": str(self), "field": self.field, "suggestions": []}


def cut(given: str, limit: int = 80) -> str:
    """What a person typed, cut short: an error never echoes a megabyte back."""
    return given if len(given) <= limit else given[:limit] + "…"


def shown(given: str, limit: int = 80) -> str:
    """What a person typed, quoted for a message and cut short (see :func:`cut`)."""
    return repr(cut(given, limit))


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_LONG_WORD = re.compile(r"\S{201,}")


def tidy(text: str) -> str:
    """A message made safe to print: control characters shown as escapes (a message never moves the
    cursor or recolours a terminal) and any run of more than 200 characters without a space cut short."""
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return _LONG_WORD.sub(lambda m: m.group()[:80] + f"…({len(m.group()):,} characters)", text)


def plural(kind: str) -> str:
    """``state`` -> ``states``, ``specialty`` -> ``specialties``, ``metro area`` -> ``metro areas``."""
    if kind.endswith("y") and kind[-2:-1] not in tuple("aeiou"):
        return kind[:-1] + "ies"
    return kind + ("es" if kind.endswith(("s", "x", "ch", "sh")) else "s")


LIST_ALL = 500  # characters: a list of valid names up to this long is shown whole
LIST_COMPACT = 900  # ... and up to this long in its compact form; longer lists are summarised


def listing(valid: list[str], given: str = "") -> str:
    """Every valid name, never cut part-way: whole when short, else in a compact form (the codes of
    ``CODE (label)`` names, or ``kind:{a, b}.{x, y}`` for keys), else a count with the names that start
    like ``given``."""
    sep = "; " if any("," in v for v in valid) else ", "  # "Abilene, TX; Akron, OH"
    whole = sep.join(valid)
    if len(whole) <= LIST_ALL:
        return whole
    compact = _compact(valid)
    if len(compact) <= LIST_COMPACT:
        return compact
    first = given.strip()[:1].lower()
    alike = [v for v in valid if first and v.lower().startswith(first)]
    some = sep.join(alike)
    head = f"{len(valid)} in all, from {valid[0]} to {valid[-1]}"
    if alike and len(some) <= LIST_COMPACT:
        return f"{head}; those starting with {first.upper()!r}: {some}"
    return head


_CODED = re.compile(r"^(\S+) \(.*\)$")
_KEY = re.compile(r"^([^:]+):(.+)\.([^.]+)$")


def _compact(valid: list[str]) -> str:
    coded = [_CODED.match(v) for v in valid]
    if all(coded):
        return ", ".join(m.group(1) for m in coded if m)
    keys = [_KEY.match(v) for v in valid]
    if not all(keys):
        return ("; " if any("," in v for v in valid) else ", ").join(valid)
    stems: dict[str, dict[str, list[str]]] = {}  # kind -> stem -> suffixes
    for m in keys:
        if m:
            stems.setdefault(m.group(1), {}).setdefault(m.group(2), []).append(m.group(3))
    parts = []
    for kind, by_stem in stems.items():
        groups: dict[tuple[str, ...], list[str]] = {}
        for stem, suffixes in by_stem.items():
            groups.setdefault(tuple(suffixes), []).append(stem)
        for ends, names in groups.items():
            tail = ends[0] if len(ends) == 1 else "{" + ", ".join(ends) + "}"
            parts.append(f"{kind}:{{{', '.join(names)}}}.{tail}")
    return "; ".join(parts)


class UnknownName(UsageError):
    """A name (credential, state, task…) that isn't in the knowledge base, with the nearest ones.

    ``context`` goes before the message (e.g. ``profile field state: ``); ``field`` names the option,
    parameter or profile field the name was given in.
    """

    def __init__(
        self,
        kind: str,
        given: str,
        valid: Iterable[str],
        suggestions: list[str] | None = None,
        labels: dict[str, str] | None = None,
        *,
        field: str | None = None,
        context: str = "",
    ) -> None:
        self.kind, self.given, self.valid = kind, given, sorted(set(valid))
        self.suggestions = suggestions if suggestions is not None else suggest(given, self.valid)
        self.labels = labels
        near = [f"{s} ({labels[s]})" if labels and s in labels else s for s in self.suggestions]
        hint = f" Did you mean {' or '.join(near)}?" if near else ""
        text = f"{context}unknown {kind} {shown(given)}.{hint} Valid {plural(kind)}: {listing(self.valid, given)}"
        super().__init__(text, field)

    def within(self, context: str, field: str | None = None) -> UnknownName:
        """The same miss, said where it happened (``profile field state: …``)."""
        return UnknownName(
            self.kind, self.given, self.valid, self.suggestions, self.labels, field=field or self.field, context=context
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": "UnknownName",
            "message": str(self),
            "field": self.field,
            "kind": self.kind,
            "given": self.given if len(self.given) <= 80 else self.given[:80] + "…",
            "suggestions": self.suggestions,
        }


def suggest(given: str, valid: Iterable[str], n: int = 3) -> list[str]:
    """Nearest valid names to a near miss, compared case-insensitively.

    A short code (``WX``) is too short for a similarity ratio to find anything, so names one edit
    away (a letter changed, added, dropped or two swapped) are suggested too, same first letter first;
    a long name is also compared by its first word (``Houstn`` finds ``Houston-Pasadena-The Woodlands, TX``).
    """
    import difflib  # only a miss pays for it

    by_lower: dict[str, str] = {}
    for v in valid:
        by_lower.setdefault(v.lower(), v)
    g = given.lower().strip()
    if not g or len(g) > 200:
        return []
    hits = difflib.get_close_matches(g, list(by_lower), n=n, cutoff=0.6)
    if len(hits) < n and len(g) <= 4:
        near = [v for v in by_lower if v not in hits and abs(len(v) - len(g)) <= 1 and _one_edit(g, v)]
        near.sort(key=lambda v: v[:1] != g[:1])  # stable: keeps the order the names came in
        hits += near[: n - len(hits)]
    if len(hits) < n and len(g) >= 4:
        firsts = {v: re.split(r"[\s,/-]+", v)[0] for v in by_lower if v not in hits}
        ok = {w for w in difflib.get_close_matches(g, set(firsts.values()), n=n, cutoff=0.75) if w}
        hits += [v for v, w in firsts.items() if w in ok and w != v][: n - len(hits)]
    return [by_lower[h] for h in hits]


def _one_edit(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` one substitution, insertion, deletion or adjacent swap apart?"""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and (a[diff[0]], a[diff[1]]) == (b[diff[1]], b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
