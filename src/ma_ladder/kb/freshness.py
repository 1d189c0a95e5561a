"""Which facts are getting old: every sourced block whose as-of date is past a given age."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import msgspec

from .base import KnowledgeBase
from .schema import RuleValue, Sourced


class Stale(msgspec.Struct, frozen=True):
    """A dated block and how old it is."""

    where: str
    as_of: date
    age_days: int


def _blocks(obj: msgspec.Struct, path: str) -> Iterator[tuple[str, date]]:
    """Walk a model, yielding every dated block (Sourced as_of, rule reviewed)."""
    if isinstance(obj, Sourced):
        yield path, obj.as_of
    if isinstance(obj, RuleValue):
        yield path, obj.reviewed
    for name in obj.__struct_fields__:
        value = getattr(obj, name)
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else [(None, value)]
        )
        for key, item in items:
            sub = f"{path}.{name}" + (f".{key}" if key is not None else "")
            if isinstance(item, msgspec.Struct):
                yield from _blocks(item, sub)
            elif isinstance(item, dict):
                for k2, v2 in item.items():
                    if isinstance(v2, msgspec.Struct):
                        yield from _blocks(v2, f"{sub}.{k2}")


def stale(kb: KnowledgeBase, older_than_days: int, today: date | None = None) -> list[Stale]:
    """Blocks whose as-of (or reviewed) date is more than ``older_than_days`` before ``today``."""
    today = today or date.today()
    out = []
    for attr in ("credentials", "organizations", "program_types", "careers", "claims", "states", "national"):
        for key, obj in getattr(kb, attr).items():
            for where, as_of in _blocks(obj, f"{attr}/{key}"):
                age = (today - as_of).days
                if age > older_than_days:
                    out.append(Stale(where, as_of, age))
    return out
