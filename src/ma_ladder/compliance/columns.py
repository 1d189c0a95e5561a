"""Array helpers for the whole-roster path: dense codes for Python values and for combinations of codes.

A roster of a million records repeats a few thousand distinct inputs. These helpers turn each column
into small integer codes without building a Python object per record (a value is looked up in a dict
that grows only on a first sighting), and find the distinct combinations of several columns with array
operations, so the rules themselves run once per distinct input. Codes are 32-bit: half the memory of
64-bit ones, and fresh memory is what large arrays cost most.
"""

from __future__ import annotations

import gc
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import numpy.typing as npt

Codes = npt.NDArray[np.int32]
Keys = npt.NDArray[np.int32] | npt.NDArray[np.int64]
Mask = npt.NDArray[np.uint64]
Flags = npt.NDArray[np.bool_]

_TABLE_MIN = 1 << 20  # a key space this small is always marked in a table, never sorted
_INT32 = 1 << 31


class Index(dict[Hashable, int]):
    """Hashable values to dense codes in order of first sighting; ``known`` lists the values by code."""

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
        return np.fromiter(map(self.__getitem__, values), np.int32, count)


def key(*columns: tuple[Keys, int]) -> tuple[Keys, int]:
    """One integer per row for several code columns, each given with its number of codes, and the
    number of possible keys. 32-bit where the keys fit, built in place (one array, however many columns)."""
    space = 1
    for _, size in columns:
        space *= max(size, 1)
    n = len(columns[0][0])
    out: Keys = np.zeros(n, np.int32) if space < _INT32 else np.zeros(n, np.int64)
    for column, size in columns:
        np.multiply(out, max(size, 1), out=out)
        np.add(out, column, out=out)
    return out, space


def factorize(keys: Keys, space: int | None = None) -> tuple[npt.NDArray[np.int64], Codes]:
    """(the distinct keys in ascending order, each row's position among them). Keys known to lie in
    ``range(space)`` for a small space are marked in a table; others are sorted."""
    n = len(keys)
    if space is not None and space <= max(4 * n, _TABLE_MIN):
        present = np.zeros(space, np.bool_)
        present[keys] = True
        distinct = np.flatnonzero(present)
        table = np.empty(space, np.int32)  # only the entries of present keys are written and read
        table[distinct] = np.arange(len(distinct), dtype=np.int32)
        return distinct.astype(np.int64), table[keys]
    order = np.argsort(keys)
    ordered = keys[order]
    first = np.ones(n, np.bool_)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(n, np.int32)
    inverse[order] = np.cumsum(first, dtype=np.int32) - 1
    return ordered[first].astype(np.int64), inverse


def combine(*columns: tuple[Keys, int]) -> tuple[Codes, Codes]:
    """Dense codes for the distinct rows of several code columns, each given with its number of codes:
    (each row's code, one row holding each code). Re-densifying after every column keeps the combined
    key small, however many columns there are."""
    (code, count), *rest = columns
    for column, size in rest:
        distinct, code = factorize(*key((code, count), (column, size)))
        count = len(distinct)
    representative = np.zeros(count, np.int32)
    representative[code] = np.arange(len(code), dtype=np.int32)
    return code.astype(np.int32), representative


def mask_codes(masks: Mask) -> tuple[Codes, int]:
    """Dense codes for 64-bit masks (each a set of small integers) and how many distinct there are."""
    distinct, code = factorize(masks.view(np.int64))
    return code, len(distinct)


def bits(codes: Codes, words: int) -> list[Mask]:
    """Each code as a one-bit mask, spread over ``words`` 64-bit words (code 64 is bit 0 of word 1)."""
    shift = (codes % 64).astype(np.uint64)
    word = codes // 64
    return [np.where(word == w, np.left_shift(np.uint64(1), shift), np.uint64(0)) for w in range(words)]


def group_or(values: Mask, counts: Codes) -> Mask:
    """The bitwise OR of each group of consecutive ``values`` (``counts`` long each; an empty group is 0)."""
    out = np.zeros(len(counts), np.uint64)
    has = counts > 0
    if values.size:
        starts = (np.cumsum(counts, dtype=np.int64) - counts)[has]
        out[has] = np.bitwise_or.reduceat(values, starts)
    return out


def members_of(mask_words: list[int], names: list[Any]) -> frozenset[Any]:
    """The names whose codes are set in a mask spread over words."""
    found = []
    for w, word in enumerate(mask_words):
        while word:
            low = word & -word
            found.append(names[64 * w + low.bit_length() - 1])
            word ^= low
    return frozenset(found)


def first_given(*columns: Codes) -> Codes:
    """Per row, the first column's code that is not 0 (0 is "not given"), else 0."""
    out = columns[0]
    for column in columns[1:]:
        out = np.where(out != 0, out, column)
    return out


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off while bulk work builds millions of small acyclic objects (rows,
    records, the tuples of a column): each full collection would walk them all again, finding nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
