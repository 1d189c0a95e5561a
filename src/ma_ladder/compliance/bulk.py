"""A whole roster at once: status rows and task rows in the public output shape, fast.

A roster repeats itself: a million credential records hold a few tens of thousands of distinct
(credential, cycle start, card expiry), and millions of (person, task) pairs a few thousand distinct
(state, task, counted credentials, unknown credentials, training hours). So :func:`evaluate_columns`
turns the roster into integer columns, finds the distinct inputs with array operations, and asks the
very functions :func:`rows_for` asks for one person (:func:`.renewal.timing` and
:func:`.renewal.status_at`, :func:`.tasks.check_task`, :func:`.tasks.training_key`) once per distinct
input: there is no second copy of a rule, and tests hold the two paths equal.

The result, an :class:`Evaluation`, is columnar: per status row the person and an index into the table
of distinct status answers, per (person, task) pair the person and an index into the table of distinct task
answers. Counts come straight from the columns; the row dicts of the public output are built only when
asked (:meth:`Evaluation.status_rows`, :meth:`Evaluation.task_rows`), and the words of a status answer
(``reason``, ``needs``…) only for the answers those rows show.

Rows that share an answer share its lists (``needs``, ``citations``…): treat rows as read-only.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Any

import numpy as np

from ..citations import Citation
from ..errors import UnknownName
from ..kb import KnowledgeBase
from ..scope import DECISION_RANK
from .columns import Codes, Flags, Index, Mask, bits, combine, factorize, group_or, mask_codes, members_of
from .records import HeldCredential, StaffMember
from .renewal import STATUSES, CredentialStatus, DateRule, cycle_start, date_rule, status, status_at, timing
from .tasks import NO_RECORD, TaskCheck, check_task, held, training_key

Row = dict[str, Any]
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
NO_CREDENTIAL = 0  # the status answer of a person with no credential on the roster
_CURRENT = {True: 1, False: 0, None: -1}  # CredentialStatus.current as a number, for the columns


class Evaluation:
    """A whole roster evaluated on one date, as columns (see the module's docstring).

    ``row_person[i]``/``row_answer[i]``: status row ``i``'s person (an index into ``members``) and its
    answer (an index into ``status_keys``; 0 is "no credential on the roster"). ``pair_person[j]``/
    ``pair_answer[j]``: task row ``j``'s person and its answer (an index into ``task_answers``). Both in
    the order of the rows :func:`rows_for` gives person by person.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        on: date,
        window_days: int,
        members: list[StaffMember],
        row_person: Codes,
        row_answer: Codes,
        status_keys: list[StatusKey | None],
        answer_status: Codes,
        pair_person: Codes,
        pair_answer: Codes,
        task_answers: list[TaskCheck],
    ) -> None:
        self.kb, self.on, self.window_days, self.members = kb, on, window_days, members
        self.row_person, self.row_answer, self.status_keys = row_person, row_answer, status_keys
        self.answer_status = answer_status  # per status answer: its index in STATUSES
        self.pair_person, self.pair_answer, self.task_answers = pair_person, pair_answer, task_answers
        self._status_parts: dict[int, Row] = {NO_CREDENTIAL: _NONE_PART}

    def status_answer(self, answer: int) -> CredentialStatus | None:
        """The full status of one distinct answer (None: the person has no credential)."""
        key = self.status_keys[answer]
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

    def _heads(self) -> list[Row]:
        return [{"staff_id": m.staff_id, "name": m.name, "state": m.state} for m in self.members]

    def status_rows(self) -> list[Row]:
        """The status rows (public shape), one per (person, credential), or one for a person with none."""
        with _no_gc():
            heads = self._heads()
            part = self._status_part
            parts = {a: part(a) for a in np.unique(self.row_answer).tolist()}
            return _join(heads, parts, self.row_person, self.row_answer)

    def task_rows(self) -> list[Row]:
        """The task rows (public shape), one per (person, task they perform)."""
        with _no_gc():
            heads = self._heads()
            parts = [task_part(t) for t in self.task_answers]
            return _join(heads, parts, self.pair_person, self.pair_answer)

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


def _join(heads: list[Row], parts: dict[int, Row] | list[Row], persons: Codes, answers: Codes) -> list[Row]:
    """Rows from columns: the person's fields, then the shared answer's."""
    return [{**heads[p], **parts[a]} for p, a in zip(persons.tolist(), answers.tolist(), strict=True)]


@contextmanager
def _no_gc() -> Iterator[None]:
    """Millions of short-lived rows: the cyclic collector would rescan them again and again, finding nothing."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def evaluate_columns(kb: KnowledgeBase, members: Iterable[StaffMember], on: date, window_days: int = 90) -> Evaluation:
    """A whole roster on ``on`` as an :class:`Evaluation`; each distinct input is computed once.

    A name the knowledge base does not know raises the same error, for the same row, as evaluating the
    roster person by person would."""
    people = members if isinstance(members, list) else list(members)
    with _no_gc():
        try:
            return _evaluate(kb, people, on, window_days)
        except UnknownName:
            for m in people:  # the first bad name in roster order, as the person-by-person path reports it
                rows_for(kb, m, on, window_days)
            raise


def evaluate(
    kb: KnowledgeBase, members: Iterable[StaffMember], on: date, window_days: int = 90
) -> tuple[list[Row], list[Row]]:
    """Status rows and task rows for a whole roster (see :func:`evaluate_columns`)."""
    result = evaluate_columns(kb, members, on, window_days)
    return result.status_rows(), result.task_rows()


class _Statuses:
    """The credential records as columns, and the distinct status answers they share."""

    def __init__(self, kb: KnowledgeBase, people: list[StaffMember], on: date, window_days: int) -> None:
        held_lists = list(map(attrgetter("credentials"), people))
        self.counts = np.fromiter(map(len, held_lists), np.int64, len(people))
        records = list(chain.from_iterable(held_lists))
        n = len(records)
        self.credentials = Index()
        cid = self.credentials.codes(map(attrgetter("credential"), records), n)
        anchors, expiries = Index([None]), Index([None])
        anchor = anchors.codes(map(cycle_start, records), n)
        expires = expiries.codes(map(attrgetter("expires"), records), n)
        na, ne = len(anchors.known), len(expiries.known)
        keys, answer = factorize((cid * na + anchor) * ne + expires, len(self.credentials.known) * na * ne)
        self.record_answer = answer + 1  # answer 0 is "no credential"
        rules: list[DateRule | None] = [date_rule(kb, c) for c in self.credentials.known]
        self.keys: list[StatusKey | None] = [None]
        status_code = [STATUSES.index("unknown")]
        current = [_CURRENT[None]]
        codes = STATUSES.index
        for k in keys.tolist():
            c, rest = divmod(k, na * ne)
            a, e = divmod(rest, ne)
            key = (self.credentials.known[c], anchors.known[a], expiries.known[e])
            t = timing(rules[c], key[1], key[2], on, window_days)
            self.keys.append(key)
            status_code.append(codes(t.status))
            current.append(_CURRENT[t.current])
        self.answer_status = np.array(status_code, np.int64)
        self.record_cid = cid
        self.record_current = np.array(current, np.int64)[self.record_answer]

    def rows(self) -> tuple[Codes, Codes]:
        """(person, answer) per status row: each record, and one row for a person with no credential."""
        per_person = np.maximum(self.counts, 1)
        person = np.repeat(np.arange(len(self.counts), dtype=np.int64), per_person)
        answer = np.zeros(len(person), np.int64)
        has = np.repeat(self.counts > 0, per_person)
        answer[has] = self.record_answer
        return person, answer

    def held_sets(self) -> tuple[list[Mask], list[Mask]]:
        """Per person, the credentials that count as held and those of unknown status but not held, as
        bit masks, one column per 64 credentials (what :func:`.tasks.held` gives one person)."""
        words = max(1, -(-len(self.credentials.known) // 64))
        cur, unk = [], []
        for bit in bits(self.record_cid, words):
            c = group_or(np.where(self.record_current == 1, bit, np.uint64(0)), self.counts)
            u = group_or(np.where(self.record_current == -1, bit, np.uint64(0)), self.counts)
            cur.append(c)
            unk.append(u & ~c)
        return cur, unk


class _Tasks:
    """The (person, task) pairs as columns, and the distinct task answers they share."""

    def __init__(self, kb: KnowledgeBase, people: list[StaffMember], statuses: _Statuses, on: date) -> None:
        n = len(people)
        states = Index()
        state = states.codes(map(attrgetter("state"), people), n)
        listed = Index()
        todo = listed.codes(map(attrgetter("tasks"), people), n)
        trainings = Index([()])
        trained = trainings.codes(map(attrgetter("training"), people), n)
        task_ids = Index()
        flat: list[int] = []
        starts, lengths = [], []
        for tasks in listed.known:  # each distinct task list once; a task listed twice is checked once
            starts.append(len(flat))
            flat.extend(task_ids[t] for t in dict.fromkeys(tasks))
            lengths.append(len(flat) - starts[-1])
        per_person = np.array(lengths, np.int64)[todo] if n else np.zeros(0, np.int64)
        self.person = np.repeat(np.arange(n, dtype=np.int64), per_person)
        offset = np.repeat(np.array(starts, np.int64)[todo] - (np.cumsum(per_person) - per_person), per_person)
        task = np.array(flat, np.int64)[np.arange(len(self.person), dtype=np.int64) + offset]
        hours, table = self._training(trainings.known, task_ids)
        nt = len(task_ids.known)
        hours_code = table.ravel()[trained[self.person] * nt + task]
        cur, unk = statuses.held_sets()
        columns = [(state, len(states.known))] + [mask_codes(m) for m in (*cur, *unk)]
        group, rep = combine(*columns)
        nh = len(hours.known)
        keys, self.answer = factorize((group[self.person] * nt + task) * nh + hours_code, len(rep) * nt * nh)
        names = statuses.credentials.known
        sets: dict[int, tuple[str, frozenset[str], frozenset[str]]] = {}
        self.answers: list[TaskCheck] = []
        for k in keys.tolist():
            g, rest = divmod(k, nt * nh)
            t, h = divmod(rest, nh)
            if g not in sets:
                p = int(rep[g])
                sets[g] = (
                    states.known[state[p]],
                    members_of([int(m[p]) for m in cur], names),
                    members_of([int(m[p]) for m in unk], names),
                )
            st, current, unknown = sets[g]
            self.answers.append(check_task(kb, st, task_ids.known[t], current, unknown, hours.known[h], on))

    @staticmethod
    def _training(trainings: list[Any], task_ids: Index) -> tuple[Index, Codes]:
        """The distinct training figures, and for each distinct training list and task the figure's code
        (:func:`.tasks.training_key`; a task the list does not mention gets :data:`.tasks.NO_RECORD`)."""
        hours = Index([NO_RECORD])
        table = np.zeros((len(trainings), max(1, len(task_ids.known))), np.int64)
        for i, records in enumerate(trainings):
            for task in dict.fromkeys(r.task for r in records):
                if task in task_ids:
                    table[i, task_ids[task]] = hours[training_key(records, task)]
        return hours, table


def _evaluate(kb: KnowledgeBase, people: list[StaffMember], on: date, window_days: int) -> Evaluation:
    statuses = _Statuses(kb, people, on, window_days)
    tasks = _Tasks(kb, people, statuses, on)
    row_person, row_answer = statuses.rows()
    return Evaluation(
        kb,
        on,
        window_days,
        people,
        row_person,
        row_answer,
        statuses.keys,
        statuses.answer_status,
        tasks.person,
        tasks.answer,
        tasks.answers,
    )


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
