"""Dated values the OpenFisca way: the newest start on or before the query date wins.

A value's end is derived from the next start, never stored; ``None`` as a value means repealed. The
knowledge base stores each rule's values sorted by start (see :mod:`ma_ladder.kb.builder`), so a
lookup bisects the starts instead of sorting them.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from typing import Generic, TypeVar

import msgspec

V = TypeVar("V")


class InForce(msgspec.Struct, Generic[V], frozen=True):
    """The value in force on a date, with the span it holds for (``end`` exclusive, None = open)."""

    start: date
    end: date | None
    value: V | None


class Timeline(Generic[V]):
    """One rule's dated values, starts ready for bisection.

    The knowledge base keeps every rule's values in start order, so this only takes the keys; values
    from anywhere else are sorted first.
    """

    __slots__ = ("starts", "values")

    def __init__(self, values: dict[date, V | None], in_order: bool = False) -> None:
        self.starts = list(values) if in_order else sorted(values)
        self.values = [values[s] for s in self.starts]

    def at(self, on: date) -> InForce[V] | None:
        """The value in force on ``on``, or None when ``on`` precedes every start."""
        i = bisect_right(self.starts, on) - 1
        if i < 0:
            return None
        end = self.starts[i + 1] if i + 1 < len(self.starts) else None
        return InForce(self.starts[i], end, self.values[i])


def in_force(values: dict[date, V | None], on: date) -> InForce[V] | None:
    """The value in force on ``on``, or None when ``on`` precedes every start."""
    return Timeline(values).at(on)


def change_dates(values: dict[date, object]) -> list[date]:
    """Every date on which the value changes."""
    return sorted(values)
