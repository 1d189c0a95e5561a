"""A whole roster at once: status rows and task rows in the public output shape, fast.

A roster repeats itself: a million credential records hold a few tens of thousands of distinct
(credential, cycle start, card expiry), and millions of (person, task) pairs a few thousand distinct
(state, task, counted credentials, unknown credentials, training hours). So :func:`evaluate_columns`
reads the roster as integer columns (:class:`.table.RosterColumns`, which a store builds straight from
its tables), finds the distinct inputs with array operations, and asks the
very functions :func:`rows_for` asks for one person once per distinct input: :func:`.renewal.timing`
(the date core of :func:`.renewal.status`) and :func:`.renewal.status_at`; :func:`.tasks.best_held`,
:func:`.tasks.better_unknown` and :func:`.tasks.decided` (the three steps of :func:`.tasks.check_task`);
:func:`.tasks.training_key`. There is no second copy of a rule, and tests hold the two paths equal.

The result, an :class:`Evaluation`, is columnar: per status row the person and an index into the table
of distinct status answers, per (person, task) pair the person and an index into the table of distinct task
answers. Counts come straight from the columns; the row dicts of the public output are built only when
asked (:meth:`Evaluation.status_rows`, :meth:`Evaluation.task_rows`), and the words of a status answer
(``reason``, ``needs``…) only for the answers those rows show.

Rows that share an answer share its lists (``needs``, ``citations``…): treat rows as read-only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from ..citations import Citation
from ..errors import UnknownName
from ..kb import KnowledgeBase
from ..kb.resolve import NO_CREDENTIAL
from ..scope import DECISION_RANK
from .columns import (
    Codes,
    Flags,
    Index,
    Mask,
    bits,
    combine,
    factorize,
    group_or,
    key,
    mask_codes,
    members_of,
    paused_gc,
)
from .records import HeldCredential, StaffMember
from .renewal import STATUSES, CredentialStatus, date_rule, status, status_at, timing
from .table import RosterColumns
from .tasks import (
    NO_RECORD,
    Rank,
    TaskCheck,
    best_held,
    better_unknown,
    check_task,
    decided,
    held,
    ranks,
    training_key,
)

Row = dict[str, Any]
CHUNK = 10_000  # rows a streamed answer builds at a time
NO_CREDENTIAL_NEEDS = ["no credential on the roster"]
NO_CREDENTIAL_REASON = "The roster lists no credential for this person."
DECISIONS = tuple(DECISION_RANK)


_CITE_ROWS: dict[int, tuple[list[Citation], list[dict[str, str | None]]]] = {}


def _cites(cites: list[Citation]) -> list[dict[str, str | None]]:
    """Citations as row dicts; the engines share one list per credential or rule, so convert each once
    (keyed by identity; the list itself is kept alongside, so its id cannot be reused)."""
    found = _CITE_ROWS.get(id(cites))
    if found is None or found[0] is not cites:
        if len(_CITE_ROWS) > 100_000:
            _CITE_ROWS.clear()
        found = _CITE_ROWS[id(cites)] = (cites, [{"title": c.title, "url": c.url} for c in cites])
    return found[1]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def status_part(s: CredentialStatus) -> Row:
    """The credential half of a status row (the person's fields go first)."""
    return {
        "credential": s.credential,
        "status": s.status,
        "due": _iso(s.due),
        "needs": s.needs,
        "grace_until": _iso(s.grace_until),
        "reason": s.reason,
        "citations": _cites(s.citations),
    }


def task_part(t: TaskCheck) -> Row:
    """The task half of a task row."""
    return {
        "task": t.task,
        "decision": t.decision,
        "conditions": t.conditions,
        "unmet": t.unmet,
        "credential": t.credential,
        "citations": _cites(t.citations),
        "disclaimer": t.disclaimer,
    }


_NONE_PART: Row = {
    "credential": None,
    "status": "unknown",
    "due": None,
    "needs": NO_CREDENTIAL_NEEDS,
    "grace_until": None,
    "reason": NO_CREDENTIAL_REASON,
    "citations": [],
}

StatusOf = Callable[[HeldCredential], tuple[CredentialStatus, Row]]
TaskOf = Callable[[str, str, frozenset[str], frozenset[str], "float | str | None"], Row]


def _rows(members: Iterable[StaffMember], status_of: StatusOf, task_of: TaskOf) -> tuple[list[Row], list[Row]]:
    """Both row lists, given how to get one credential's status and one task's check."""
    status_rows: list[Row] = []
    task_rows: list[Row] = []
    add_status, add_task = status_rows.append, task_rows.append
    for m in members:
        sid, name, state = m.staff_id, m.name, m.state
        statuses = []
        if not m.credentials:
            add_status({"staff_id": sid, "name": name, "state": state, **_NONE_PART})
        for h in m.credentials:
            s, part = status_of(h)
            statuses.append(s)
            add_status({"staff_id": sid, "name": name, "state": state, **part})
        if not m.tasks:
            continue
        current, unknown = held(statuses)
        for task in dict.fromkeys(m.tasks):
            part = task_of(state, task, current, unknown, training_key(m.training, task))
            add_task({"staff_id": sid, "name": name, "state": state, **part})
    return status_rows, task_rows


def rows_for(kb: KnowledgeBase, member: StaffMember, on: date, window_days: int = 90) -> tuple[list[Row], list[Row]]:
    """One person's status rows and task rows, computed directly (no memo, no columns)."""

    def status_of(h: HeldCredential) -> tuple[CredentialStatus, Row]:
        s = status(kb, h, on, window_days)
        return s, status_part(s)

    def task_of(state: str, task: str, cur: frozenset[str], unk: frozenset[str], tr: float | str | None) -> Row:
        return task_part(check_task(kb, state, task, cur, unk, tr, on))

    return _rows([member], status_of, task_of)


StatusKey = tuple[str, date | None, date | None]  # (credential, cycle start, card expiry)
NO_CREDENTIAL_ANSWER = 0  # the status answer of a person with no credential on the roster
_CURRENT = {True: 1, False: 0, None: -1}  # CredentialStatus.current as a number, for the columns


class Evaluation:
    """A whole roster evaluated on one date, as columns (see the module's docstring).

    ``row_person[i]``, ``row_answer[i]``: status row ``i``'s person (an index into ``members``) and its
    answer (an index into the status answers; 0 is "no credential on the roster", see
    :meth:`status_key`). ``pair_person[j]``, ``pair_answer[j]``: task row ``j``'s person and its answer
    (an index into ``task_answers``). Rows are in the order :func:`rows_for` gives them person by person.
    ``answer_status``: per status answer, its index in :data:`.renewal.STATUSES`.
    """

    def __init__(self, kb: KnowledgeBase, on: date, window_days: int, roster: RosterColumns) -> None:
        self.kb, self.on, self.window_days, self.roster = kb, on, window_days, roster
        self.statuses = _Statuses(kb, roster, on, window_days)
        tasks = _Tasks(kb, roster, self.statuses, on)
        self.row_person, self.row_answer = self.statuses.rows()
        self.answer_status = self.statuses.answer_status
        self.pair_person, self.pair_answer, self.task_answers = tasks.person, tasks.answer, tasks.answers
        self._status_parts: dict[int, Row] = {NO_CREDENTIAL_ANSWER: _NONE_PART}
        self._task_parts: dict[int, Row] = {}

    @property
    def people(self) -> int:
        """How many people the roster holds."""
        return len(self.roster)

    def status_key(self, answer: int) -> StatusKey | None:
        """What a status answer was computed from (None: the person has no credential on the roster)."""
        return self.statuses.key(answer)

    def status_answer(self, answer: int) -> CredentialStatus | None:
        """The full status of one distinct answer (None: the person has no credential on the roster)."""
        key = self.status_key(answer)
        if key is None:
            return None
        cid, anchor, expires = key
        return status_at(self.kb, cid, anchor, expires, self.on, self.window_days)

    def _status_part(self, answer: int) -> Row:
        found = self._status_parts.get(answer)
        if found is None:
            s = self.status_answer(answer)
            assert s is not None
            found = self._status_parts[answer] = status_part(s)
        return found

    def _task_part(self, answer: int) -> Row:
        found = self._task_parts.get(answer)
        if found is None:
            found = self._task_parts[answer] = task_part(self.task_answers[answer])
        return found

    def _rows(self, persons: Codes, answers: Codes, part: Callable[[int], Row]) -> list[Row]:
        """Rows from columns: the person's fields, then the shared answer's."""
        r = self.roster
        sids, names, states = r.staff_ids, r.names, r.states
        with paused_gc():
            return [
                {"staff_id": sids[p], "name": names[p], "state": states[p], **part(a)}
                for p, a in zip(persons.tolist(), answers.tolist(), strict=True)
            ]

    def status_rows(self) -> list[Row]:
        """The status rows (public shape), one per (person, credential), or one for a person with none."""
        return self._rows(self.row_person, self.row_answer, self._status_part)

    def task_rows(self) -> list[Row]:
        """The task rows (public shape), one per (person, task they perform)."""
        return self._rows(self.pair_person, self.pair_answer, self._task_part)

    def status_rows_at(self, rows: Iterable[int]) -> list[Row]:
        """Only the status rows at these positions (in the order given): what a page that shows a few
        hundred rows of a national roster needs, without building the other million."""
        at = np.fromiter(rows, np.int64)
        return self._rows(self.row_person[at], self.row_answer[at], self._status_part)

    def task_rows_at(self, rows: Iterable[int]) -> list[Row]:
        """Only the task rows at these positions (in the order given)."""
        at = np.fromiter(rows, np.int64)
        return self._rows(self.pair_person[at], self.pair_answer[at], self._task_part)

    def status_row_chunks(self, size: int | None = None) -> Iterator[list[Row]]:
        """The status rows ``size`` (default :data:`CHUNK`) at a time, in order: what a streamed answer
        encodes, a national roster's million rows never all in memory at once."""
        return self._chunks(self.row_person, self.row_answer, self._status_part, size)

    def task_row_chunks(self, rows: npt.NDArray[np.intp] | None = None, size: int | None = None) -> Iterator[list[Row]]:
        """The task rows (or only those at ``rows``, in the order given) ``size`` at a time."""
        if rows is None:
            return self._chunks(self.pair_person, self.pair_answer, self._task_part, size)
        return self._chunks(self.pair_person[rows], self.pair_answer[rows], self._task_part, size)

    def _chunks(
        self, persons: Codes, answers: Codes, part: Callable[[int], Row], size: int | None
    ) -> Iterator[list[Row]]:
        size = size or CHUNK  # the default looked up at the call, so a test may make chunks small
        for start in range(0, len(persons), size):
            yield self._rows(persons[start : start + size], answers[start : start + size], part)

    def row_status(self) -> Codes:
        """Per status row, its status's index in :data:`.renewal.STATUSES`."""
        return self.answer_status[self.row_answer]

    def task_decision(self) -> Codes:
        """Per task row, its decision's index in ``DECISIONS``."""
        decided = np.array([DECISIONS.index(t.decision) for t in self.task_answers], np.int32)
        return decided[self.pair_answer] if len(decided) else np.zeros(0, np.int32)

    def flagged(self) -> Flags:
        """Which task rows are flagged (see :func:`flagged`), as a boolean column."""
        marks = np.array([t.flagged for t in self.task_answers], np.bool_)
        return marks[self.pair_answer] if len(marks) else np.zeros(0, np.bool_)

    def counts(self) -> dict[str, Any]:
        """Status rows by status, task rows by decision, and how many task rows are flagged: what
        :func:`summary` counts, straight from the columns."""
        by_status = np.bincount(self.answer_status[self.row_answer], minlength=len(STATUSES)).tolist()
        decided = np.array([DECISIONS.index(t.decision) for t in self.task_answers], np.int64)
        by_decision = np.bincount(decided[self.pair_answer], minlength=len(DECISIONS)).tolist()
        return {
            "statuses": {s: n for s, n in sorted(zip(STATUSES, by_status, strict=True)) if n},
            "decisions": {d: n for d, n in sorted(zip(DECISIONS, by_decision, strict=True)) if n},
            "flagged": int(self.flagged().sum()),
        }


def evaluate_columns(
    kb: KnowledgeBase, roster: RosterColumns | Iterable[StaffMember], on: date, window_days: int = 90
) -> Evaluation:
    """A whole roster on ``on`` as an :class:`Evaluation`; each distinct input is computed once. The
    roster comes as columns (a store reads them straight from its tables) or as records.

    A name the knowledge base does not know raises the same error, for the same row, as evaluating the
    roster person by person would."""
    with paused_gc():
        if not isinstance(roster, RosterColumns):
            roster = RosterColumns.from_members(roster if isinstance(roster, Sequence) else list(roster))
        try:
            return Evaluation(kb, on, window_days, roster)
        except UnknownName:
            for member in roster.members():  # the first bad name in roster order, as person by person
                rows_for(kb, member, on, window_days)
            raise


def evaluate(
    kb: KnowledgeBase, members: Iterable[StaffMember], on: date, window_days: int = 90
) -> tuple[list[Row], list[Row]]:
    """Status rows and task rows for a whole roster (see :func:`evaluate_columns`)."""
    result = evaluate_columns(kb, members, on, window_days)
    return result.status_rows(), result.task_rows()


class _Statuses:
    """The credential records as columns, and the distinct status answers they share.

    A status answer is a distinct (credential, cycle start, card expiry); what its status is depends
    on fewer things still (the credential's :class:`.renewal.DateRule`, not its id), so
    :func:`.renewal.timing` is asked once per distinct (rule, cycle start, card expiry)."""

    def __init__(self, kb: KnowledgeBase, roster: RosterColumns, on: date, window_days: int) -> None:
        self.counts = roster.held_counts
        self.record_cid, self.credential_ids = roster.credential, roster.credential_ids
        self.anchors, self.expiries = roster.anchors, roster.expiries
        nc, self.na, self.ne = len(self.credential_ids), len(self.anchors), len(self.expiries)
        keys = key((self.record_cid, nc), (roster.anchor, self.na), (roster.expiry, self.ne))
        self.keys, answer = factorize(*keys)
        self.record_answer = answer + 1  # answer 0 is "no credential"
        rules = Index()
        rule_of = np.array([rules[date_rule(kb, c)] for c in self.credential_ids], np.int32)
        ae = self.na * self.ne
        dated, which = factorize(rule_of[self.keys // ae] * ae + self.keys % ae, len(rules.known) * ae)
        status_code, current = [STATUSES.index("unknown")], [_CURRENT[None]]  # code 0: no credential
        for k in dated.tolist():
            r, rest = divmod(k, ae)
            a, e = divmod(rest, self.ne)
            t = timing(rules.known[r], self.anchors[a], self.expiries[e], on, window_days)
            status_code.append(STATUSES.index(t.status))
            current.append(_CURRENT[t.current])
        to_dated = np.concatenate(([0], which + 1)).astype(np.int32)  # status answer -> its dated answer
        self.answer_status = np.array(status_code, np.int32)[to_dated]
        self.record_current = np.array(current, np.int8)[to_dated][self.record_answer]

    def key(self, answer: int) -> StatusKey | None:
        """(credential, cycle start, card expiry) of a status answer; None for "no credential"."""
        if answer == NO_CREDENTIAL_ANSWER:
            return None
        c, rest = divmod(int(self.keys[answer - 1]), self.na * self.ne)
        a, e = divmod(rest, self.ne)
        return self.credential_ids[c], self.anchors[a], self.expiries[e]

    def rows(self) -> tuple[Codes, Codes]:
        """(person, answer) per status row: each record, and one row for a person with no credential."""
        per_person = np.maximum(self.counts, 1)
        person = np.repeat(np.arange(len(self.counts), dtype=np.int32), per_person)
        answer = np.zeros(len(person), np.int32)
        answer[np.repeat(self.counts > 0, per_person)] = self.record_answer
        return person, answer

    def held_sets(self) -> tuple[list[Mask], list[Mask]]:
        """Per person, the credentials that count as held and those of unknown status but not held, as
        bit masks, one column per 64 credentials (what :func:`.tasks.held` gives one person)."""
        words = max(1, -(-len(self.credential_ids) // 64))
        cur, unk = [], []
        zero = np.uint64(0)
        for bit in bits(self.record_cid, words):
            c = group_or(np.where(self.record_current == 1, bit, zero), self.counts)
            u = group_or(np.where(self.record_current == -1, bit, zero), self.counts)
            cur.append(c)
            unk.append(u & ~c)
        return cur, unk


class _Groups:
    """People with the same state and the same set of credentials (a list of bit-mask columns), as
    dense group codes, and each group's (state, credential ids) decoded once when asked."""

    def __init__(self, state: Codes, states: list[str], masks: list[Mask], names: list[str]) -> None:
        self.code, self.rep = combine((state, len(states)), *(mask_codes(m) for m in masks))
        self.size = len(self.rep)
        self._state, self._states, self._masks, self._names = state, states, masks, names
        self._decoded: dict[int, tuple[str, frozenset[str]]] = {}

    def __call__(self, group: int) -> tuple[str, frozenset[str]]:
        found = self._decoded.get(group)
        if found is None:
            p = int(self.rep[group])
            held = members_of([int(m[p]) for m in self._masks], self._names)
            found = self._decoded[group] = self._states[self._state[p]], held
        return found


class _Tasks:
    """The (person, task) pairs as columns, and the distinct task answers they share.

    :func:`.tasks.check_task` is three steps of ever fewer distinct inputs; each is asked once per
    distinct input of its own: :func:`.tasks.best_held` per (state, task, credentials held),
    :func:`.tasks.better_unknown` per (state, task, best held, credentials of unknown status),
    :func:`.tasks.decided` per (state, task, best held, better unknown, training)."""

    def __init__(self, kb: KnowledgeBase, roster: RosterColumns, statuses: _Statuses, on: date) -> None:
        state, state_ids, task_ids = roster.state, roster.state_ids, roster.task_ids
        self.person, task = _pairs(roster.task_counts, roster.tasks, len(task_ids))
        nt = len(task_ids)
        hours, table = _training(roster.trainings, task_ids)
        nh = len(hours.known)
        trained = roster.training[self.person]
        hours_code = table.ravel()[key((trained, len(roster.trainings)), (task, nt))[0]]
        cur, unk = statuses.held_sets()
        names = statuses.credential_ids
        held = _Groups(state, state_ids, cur, names)
        keys, inverse = factorize(*key((held.code[self.person], held.size), (task, nt)))
        bests = Index([NO_CREDENTIAL, *names])
        rank = _CellRanks(kb, on)
        best = []
        for k in keys.tolist():
            g, t = divmod(k, nt)
            st, current = held(g)
            best.append(bests[best_held(kb, st, task_ids[t], current, on, rank(st, task_ids[t]))])
        nb = len(bests.known)
        best_code = np.array(best, np.int32)[inverse]
        unsure = _Groups(state, state_ids, unk, names)
        keys, inverse = factorize(*key((unsure.code[self.person], unsure.size), (task, nt), (best_code, nb)))
        asked = Index()
        steps = []
        for k in keys.tolist():
            rest, b = divmod(k, nb)
            g, t = divmod(rest, nt)
            st, unknown = unsure(g)
            task_id, best_id = task_ids[t], bests.known[b]
            better = better_unknown(kb, st, task_id, best_id, unknown, on, rank(st, task_id))
            steps.append(asked[st, task_id, best_id, better])
        step = np.array(steps, np.int32)[inverse]
        keys, self.answer = factorize(*key((step, len(asked.known)), (hours_code, nh)))
        self.answers: list[TaskCheck] = []
        for k in keys.tolist():
            q, h = divmod(k, nh)
            st, task_id, best_id, better = asked.known[q]
            self.answers.append(decided(kb, st, task_id, best_id, better, hours.known[h], on))


class _CellRanks:
    """The ranking :func:`.tasks.best_held` and :func:`.tasks.better_unknown` use, for one evaluation:
    each (state, task, credential) is asked of :func:`.tasks.ranks` once, where thousands of distinct
    groups of people would ask it again and again. Kept for this one question only."""

    def __init__(self, kb: KnowledgeBase, on: date) -> None:
        self.kb, self.on = kb, on
        self.cells: dict[tuple[str, str], Rank] = {}

    def __call__(self, state: str, task: str) -> Rank:
        found = self.cells.get((state, task))
        if found is None:
            ask = ranks(self.kb, state, task, self.on)
            known: dict[str, int] = {}

            def found(credential: str) -> int:
                r = known.get(credential)
                if r is None:
                    r = known[credential] = ask(credential)
                return r

            self.cells[state, task] = found
        return found


def _pairs(counts: Codes, tasks: Codes, nt: int) -> tuple[Codes, Codes]:
    """(person, task code) per (person, task) pair, in roster order; a task a person lists twice is
    checked once, where first listed (as :func:`rows_for` reads ``dict.fromkeys(member.tasks)``)."""
    person = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    words = max(1, -(-nt // 64))
    distinct = sum(np.bitwise_count(group_or(b, counts)).astype(np.int32) for b in bits(tasks, words))
    repeats = np.flatnonzero(distinct != counts).tolist()
    if not repeats:
        return person, tasks
    keep = np.ones(len(tasks), np.bool_)
    starts = np.cumsum(counts, dtype=np.int64) - counts
    for p in repeats:
        seen: set[int] = set()
        for i, t in enumerate(tasks[starts[p] : starts[p] + counts[p]].tolist()):
            keep[starts[p] + i] = t not in seen
            seen.add(t)
    return person[keep], tasks[keep]


def _training(trainings: list[Any], task_ids: list[str]) -> tuple[Index, Codes]:
    """The distinct training figures, and for each distinct training list and task the figure's code
    (:func:`.tasks.training_key`; a task the list does not mention gets :data:`.tasks.NO_RECORD`)."""
    hours = Index([NO_RECORD])
    code = {t: i for i, t in enumerate(task_ids)}
    table = np.zeros((len(trainings), max(1, len(task_ids))), np.int32)
    for i, records in enumerate(trainings):
        for task in dict.fromkeys(r.task for r in records):
            if task in code:
                table[i, code[task]] = hours[training_key(records, task)]
    return hours, table


def flagged(row: Row) -> bool:
    """A task row an employer must act on: not allowed, or a condition the roster shows is unmet."""
    return row["decision"] == "not_allowed" or bool(row["unmet"])


def summary(status_rows: Iterable[Row], task_rows: Iterable[Row]) -> dict[str, Any]:
    """Counts by status and by decision, and the flagged task rows."""
    by_status = Counter(r["status"] for r in status_rows)
    tasks = list(task_rows)
    return {
        "statuses": dict(sorted(by_status.items())),
        "decisions": dict(sorted(Counter(r["decision"] for r in tasks).items())),
        "flagged": [r for r in tasks if flagged(r)],
    }
