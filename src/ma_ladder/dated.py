"""Dated values the OpenFisca way: the newest start on or before the query date wins.

A value's end is derived from the next start, never stored; ``None`` as a value means repealed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

V = TypeVar("V")


@dataclass(frozen=True)
class InForce(Generic[V]):
    """The value in force on a date, with the span it holds for (``end`` exclusive, None = open)."""

    start: date
    end: date | None
    value: V | None


def in_force(values: dict[date, V | None], on: date) -> InForce[V] | None:
    """The value in force on ``on``, or None when ``on`` precedes every start."""
    starts = sorted(values)
    current = None
    for i, start in enumerate(starts):
        if start > on:
            break
        end = starts[i + 1] if i + 1 < len(starts) else None
        current = InForce(start, end, values[start])
    return current


def change_dates(values: dict[date, object]) -> list[date]:
    """Every date on which the value changes."""
    return sorted(values)
