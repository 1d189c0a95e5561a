"""A roster as columns: what the whole-roster engine reads, built from records or straight from a store.

Polars or DuckDB read a file into columns; this is the roster's own columnar form. Per person, their
heads (staff id, name, state) as lists, for the rows a page or an export prints; and as integer codes
what the rules read: the state, the tasks performed (flattened in roster order), the training records,
and per credential record its credential, cycle start and card expiry. A code indexes a list of the
distinct values, so the engine finds distinct inputs with array operations and asks the rules once per
distinct input (:mod:`.bulk`).

Two builders, one shape: :meth:`RosterColumns.from_members` for records already in memory (an import,
a test) and :func:`assemble` for a store, which reads its tables as plain columns and never builds a
record per person. :meth:`RosterColumns.member` gives one person back as a record.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Any

import numpy as np

from .columns import Codes, Index, first_given, paused_gc
from .records import HeldCredential, StaffMember, TrainingRecord
from .renewal import CYCLE_START

Trained = tuple[TrainingRecord, ...]


@dataclass(frozen=True, slots=True, eq=False)
class RosterColumns:
    """A roster in columns. Per person ``p``: ``staff_ids[p]``, ``names[p]``, ``states[p]`` (the heads),
    ``state[p]`` (a code into ``state_ids``), ``training[p]`` (a code into ``trainings``; code 0 is no
    record), ``task_counts[p]`` tasks in ``tasks`` (codes into ``task_ids``, person after person, each in
    the order the roster lists them) and ``held_counts[p]`` credential records, person after person:
    ``credential`` (codes into ``credential_ids``), ``anchor`` (the cycle start, as
    :data:`.renewal.CYCLE_START` reads a record: codes into ``anchors``) and ``expiry`` (the card's
    expiry: codes into ``expiries``); code 0 of a date list is None, a date the roster does not give."""

    staff_ids: Sequence[str]
    names: Sequence[str]
    states: Sequence[str]
    state: Codes
    state_ids: list[str]
    task_counts: Codes
    tasks: Codes
    task_ids: list[str]
    training: Codes
    trainings: list[Trained]
    held_counts: Codes
    credential: Codes
    credential_ids: list[str]
    anchor: Codes
    anchors: list[date | None]
    expiry: Codes
    expiries: list[date | None]

    def __len__(self) -> int:
        return len(self.staff_ids)

    @classmethod
    def from_members(cls, members: Sequence[StaffMember]) -> RosterColumns:
        """The columns of records in memory: one pass over the people, one over their credentials."""
        with paused_gc():
            return _from_members(members)

    def member(self, p: int) -> StaffMember:
        """Person ``p`` as a record: what the roster holds of them that the rules read (the cycle start
        comes back as ``last_renewed``, the first field :data:`.renewal.CYCLE_START` reads)."""
        return self._member(p, int(self.task_counts[:p].sum()), int(self.held_counts[:p].sum()))

    def members(self) -> Iterator[StaffMember]:
        """Every person as a record (see :meth:`member`), in roster order, one pass."""
        t0 = c0 = 0
        for p, (nt, nc) in enumerate(zip(self.task_counts.tolist(), self.held_counts.tolist(), strict=True)):
            yield self._member(p, t0, c0)
            t0, c0 = t0 + nt, c0 + nc

    def _member(self, p: int, t0: int, c0: int) -> StaffMember:
        """Person ``p``, whose tasks start at ``t0`` and credential records at ``c0``."""
        held = tuple(
            HeldCredential(
                self.credential_ids[self.credential[i]],
                last_renewed=self.anchors[self.anchor[i]],
                expires=self.expiries[self.expiry[i]],
            )
            for i in range(c0, c0 + int(self.held_counts[p]))
        )
        tasks = tuple(self.task_ids[t] for t in self.tasks[t0 : t0 + int(self.task_counts[p])].tolist())
        return StaffMember(
            self.staff_ids[p], self.names[p], self.states[p],
            credentials=held, training=self.trainings[self.training[p]], tasks=tasks,
        )  # fmt: skip


Coded = tuple[Codes, list[Any]]


def _from_members(members: Sequence[StaffMember]) -> RosterColumns:
    n = len(members)
    sids, names, states, tasks, training, held = _fields(
        members, n, ("staff_id", "name", "state", "tasks", "training", "credentials")
    )
    task_ids, trainings = Index(), Index([()])
    task_counts = np.fromiter(map(len, tasks), np.int32, n)
    flat = task_ids.codes(chain.from_iterable(tasks), int(task_counts.sum()))
    held_counts = np.fromiter(map(len, held), np.int32, n)
    m = int(held_counts.sum())
    credential, expiry, *starts = _fields(chain.from_iterable(held), m, ("credential", "expires", *CYCLE_START))
    return assemble(
        sids, names, states, coded(states, n),
        (task_counts, flat, task_ids.known),
        (trainings.codes(training, n), trainings.known),
        held_counts, coded(credential, m), _dates(starts, m), _dates([expiry], m),
    )  # fmt: skip


def assemble(
    staff_ids: Sequence[str],
    names: Sequence[str],
    states: Sequence[str],
    state: Coded,
    tasks: tuple[Codes, Codes, list[str]],
    training: tuple[Codes, list[Trained]],
    held_counts: Codes,
    credential: Coded,
    anchor: Coded,
    expiry: Coded,
) -> RosterColumns:
    """Columns from their parts, each already coded (codes and the distinct values they index); see
    :class:`RosterColumns` for what each part holds."""
    return RosterColumns(
        staff_ids, names, states, state[0], state[1], tasks[0], tasks[1], tasks[2], training[0], training[1],
        held_counts, credential[0], credential[1], anchor[0], anchor[1], expiry[0], expiry[1],
    )  # fmt: skip


def _fields(objects: Iterable[Any], count: int, fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The fields of ``count`` objects as one tuple per field: one pass over the objects (each read
    once, in memory order), then the columns are read from the compact tuples."""
    if not count:
        return [() for _ in fields]
    return list(zip(*map(attrgetter(*fields), objects), strict=True))


def coded(values: Iterable[Hashable], count: int) -> Coded:
    """Per row, a code for its value, and the distinct values in order of first sighting."""
    index = Index()
    return index.codes(values, count), index.known


def coded_dates(columns: Sequence[Iterable[Any]], count: int, read: Callable[[Any], date | None]) -> Coded:
    """Per row, the first of ``columns`` that gives a date (code 0: none does), and the distinct dates.
    Values are coded as they come (a store's text) and each distinct one is read as a date once."""
    index = Index([None])
    codes = first_given(*(index.codes(column, count) for column in columns))
    return codes, [read(v) if v is not None else None for v in index.known]


def _dates(columns: Sequence[Iterable[Any]], count: int) -> Coded:
    return coded_dates(columns, count, lambda d: d)
