"""Array helpers for the whole-roster path: dense codes for Python values and for integer keys.

A roster of a million records repeats a few thousand distinct inputs. These helpers turn each column
into small integer codes without building a Python object per record (the values are looked up in a
dict that only grows on a first sighting), and find the distinct combinations of several columns with
array operations, so the rules themselves run once per distinct input.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

Codes = npt.NDArray[np.int64]
Mask = npt.NDArray[np.uint64]
Flags = npt.NDArray[np.bool_]

_DENSE_MIN = 1 << 20  # a key space this small is always looked up in a table, never sorted


class Index(dict[Hashable, int]):
    """Hashable values to dense codes in order of first sighting; ``values`` lists them by code."""

    def __init__(self, seed: Iterable[Hashable] = ()) -> None:
        super().__init__()
        self.known: list[Any] = []
        for value in seed:
            self.__getitem__(value)  # a lookup registers the value

    def __missing__(self, value: Hashable) -> int:
        code = self[value] = len(self.known)
        self.known.append(value)
        return code

    def codes(self, values: Iterable[Hashable], count: int) -> Codes:
        """The code of each of ``count`` values, as an array (no Python object per value)."""
        return np.fromiter(map(self.__getitem__, values), np.int64, count)


def factorize(keys: Codes, space: int | None = None) -> tuple[Codes, Codes]:
    """(the distinct keys in ascending order, each key's position among them). Keys known to lie in
    ``range(space)`` for a small space are marked in a table; others are sorted."""
    n = len(keys)
    if space is not None and space <= max(4 * n, _DENSE_MIN):
        present = np.zeros(space, np.bool_)
        present[keys] = True
        distinct = np.flatnonzero(present).astype(np.int64)
        table = np.zeros(space, np.int64)
        table[distinct] = np.arange(len(distinct), dtype=np.int64)
        return distinct, table[keys]
    order = np.argsort(keys)
    ordered = keys[order]
    first = np.ones(n, np.bool_)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(n, np.int64)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse


def combine(*columns: tuple[Codes, int]) -> tuple[Codes, Codes]:
    """Dense codes for the distinct rows of several code columns, each given with its code count:
    (each row's code, one row index holding each code). Re-densifying after every column keeps the
    combined key small, however many columns there are."""
    (code, count), *rest = columns
    for column, size in rest:
        distinct, code = factorize(code * size + column, count * size)
        count = len(distinct)
    representative = np.zeros(count, np.int64)
    representative[code] = np.arange(len(code), dtype=np.int64)
    return code, representative


def mask_codes(masks: Mask) -> tuple[Codes, int]:
    """Dense codes for 64-bit masks (each a set of small integers) and how many distinct there are."""
    distinct, code = factorize(masks.view(np.int64))
    return code, len(distinct)


def bits(codes: Codes, words: int) -> list[Mask]:
    """Each code as a one-bit mask, spread over ``words`` 64-bit words (code 64 is bit 0 of word 1)."""
    one = np.uint64(1)
    shift = (codes % 64).astype(np.uint64)
    return [np.where(codes // 64 == w, one << shift, np.uint64(0)).astype(np.uint64) for w in range(words)]


def group_or(values: Mask, counts: Codes) -> Mask:
    """The bitwise OR of each group of consecutive ``values`` (``counts`` long each; an empty group is 0)."""
    out = np.zeros(len(counts), np.uint64)
    has = counts > 0
    if values.size:
        starts = (np.cumsum(counts) - counts)[has]
        out[has] = np.bitwise_or.reduceat(values, starts)
    return out


def members_of(mask_words: list[int], names: list[Any]) -> frozenset[Any]:
    """The names whose codes are set in a mask spread over words."""
    return frozenset(names[64 * w + b] for w, word in enumerate(mask_words) for b in range(64) if word >> b & 1)
