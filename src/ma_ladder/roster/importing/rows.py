"""The rows layer: each row checked and turned into people, their credentials, training and tasks.

A roster has one row per person and credential, the person's own columns repeated on each of their
rows; rows merge by staff id, and a person's columns that disagree between rows are a problem to
fix, not a choice to guess. Every problem is a :class:`RowIssue` naming the row, the column as the
file heads it, the value and the fix.

Speed: a million rows repeat the same few thousand states, credentials, dates and task lists, so
each distinct text is resolved once and remembered; the common row (every value already seen and
good) costs a handful of dictionary look-ups, and only a miss goes down a slower, explaining path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Literal, TypeVar

import msgspec

from ...compliance.records import HeldCredential, StaffMember, TrainingRecord
from ...errors import UnknownName, cut, shown
from ...kb import resolve
from ...kb.base import KnowledgeBase
from .columns import Mapping
from .read import Cell, Row, Uncomputed
from .values import ValueProblem, is_no, parse_date, parse_hours, parse_training, split_list

Severity = Literal["error", "warning"]
T = TypeVar("T")


class RowIssue(msgspec.Struct, frozen=True):
    """One problem in one row: where (row number, the file's column header), what, and how to fix it.

    An ``error`` makes the person invalid (an all-or-nothing import refuses the file; a
    skip-invalid one leaves the person out); a ``warning`` is reported and imports anyway.
    """

    row: int | None
    column: str | None
    value: str | None  # the cell as given, cut short after 80 characters
    message: str
    staff_id: str | None = None
    severity: Severity = "error"

    def to_dict(self) -> dict[str, object]:
        return msgspec.structs.asdict(self)


class _Person:
    """A person being assembled from their rows."""

    __slots__ = ("credentials", "name", "role", "row", "state", "tasks", "training")

    def __init__(self, row: int, name: str, state: str, role: str) -> None:
        self.row, self.name, self.state, self.role = row, name, state, role
        self.credentials: dict[str, tuple[HeldCredential, int]] | None = None
        self.tasks: tuple[str, ...] | None = None
        self.training: tuple[TrainingRecord, ...] | None = None


UNCOMPUTED = (
    "the cell holds a formula with no saved value (the file was written by a program that does not calculate); "
    "open the file in Excel or LibreOffice, save it, and import it again"
)
FIELDS = (
    "staff_id", "name", "first_name", "last_name", "state", "role", "credential", "credential_number",
    "issued", "last_renewed", "expires", "tasks", "training",
)  # fmt: skip
_BAD = ""  # remembered for a text that does not resolve (its message is kept beside it)
_NONE = "none"  # a credential cell saying the person holds none ("none", "n/a", "-")
_UNSEEN: date | None = date.min  # "not in the memo" (None there means a bad date)
Training = tuple[TrainingRecord, ...]
Problems = tuple[tuple[str, str], ...]  # (the item as given, what is wrong with it)


class RowReader:
    """Reads rows one at a time into people; ``issues`` and ``ok_rows`` grow as it goes.

    Cells are read by position; a field the file has no column for reads the empty cell appended
    at the end of each row (position ``width``), so the common path has no "is there a column" test.
    """

    def __init__(self, kb: KnowledgeBase, mapping: Mapping, on: date, epoch: date, width: int, text_only: bool) -> None:
        self.kb, self.mapping, self.on, self.epoch, self.width = kb, mapping, on, epoch, width
        self.text_only = text_only  # every cell is already a str (CSV): no conversion, no formulas
        self.issues: list[RowIssue] = []
        self.ok_rows = 0
        self.people: dict[str, _Person] = {}
        self._errors = 0  # errors in the row being read
        pos = {f: mapping.index(f) for f in FIELDS}
        self.ix = {f: width if i is None else i for f, i in pos.items()}
        self.pos = tuple(self.ix[f] for f in FIELDS)
        self.hd = {f: mapping.header(f) or f for f in FIELDS}
        self.split_name = pos["name"] is None
        self.task_columns = [(m.position - 1, m.task, m.column) for m in mapping.columns if m.task]
        self.has_training = bool(self.task_columns) or pos["training"] is not None
        self.used = sorted(m.position - 1 for m in mapping.columns)
        self._headers = {m.position - 1: m.column for m in mapping.columns}
        # text -> id (or _BAD); the messages for bad texts in _why
        self._states: dict[str, str] = {}
        self._creds: dict[str, dict[str, str]] = {}  # state -> text -> id
        self._why: dict[tuple[str, str, str], str] = {}
        self._dates: dict[str, date | None] = {}
        self._date_why: dict[str, str] = {}
        self._task_ids: dict[str, str] = {}
        self._tasks: dict[str, tuple[tuple[str, ...], Problems]] = {}
        self._training: dict[str, tuple[Training, Problems]] = {}
        self._hours: dict[tuple[int, str], TrainingRecord | str] = {}  # a str: the message for a bad value

    # --- one row ---------------------------------------------------------------------------

    def read(self, row: Row) -> None:
        """Check one row and fold it into its person."""
        self.read_all((row,))

    def read_all(self, rows: Iterable[Row], progress: Callable[[int], None] | None = None, every: int = 10_000) -> int:
        """Check rows and fold each into its person; return how many were read.

        Written as one loop with everything it touches bound to locals: it runs a million times, and
        every value it meets has almost always been met (and resolved) before. ``progress(rows_done)``
        is called every ``every`` rows.
        """
        i_sid, i_name, i_first, i_last, i_state, i_role, i_cred, i_num, i_iss, i_ren, i_exp, i_tasks, _ = self.pos
        people, states, creds, dates, task_lists = self.people, self._states, self._creds, self._dates, self._tasks
        on, text_only, split_name, has_training = self.on, self.text_only, self.split_name, self.has_training
        count = ok = 0
        last_sid, last_person, last_state_text, last_state, last_tasks_text = "", None, None, "", None
        last_tasks: tuple[tuple[str, ...], Problems] = ((), ())
        for row in rows:
            count += 1
            if progress is not None and count % every == 0:
                progress(count)
            self._errors = 0
            n = row.number
            c: list[str] = row.cells if text_only else self._as_text(row)  # type: ignore[assignment]
            c.append("")
            if row.extra:
                self._extra(n, row.extra)
            sid = c[i_sid].strip()
            if not sid:
                self._add(n, "staff_id", "", "no staff id: every row needs the employer's id for the person", None)
                continue
            name = f"{c[i_first].strip()} {c[i_last].strip()}".strip() if split_name else c[i_name].strip()
            if "  " in name:
                name = " ".join(name.split())
            if not name:
                self._add(n, "first_name" if split_name else "name", "", "no name: give the person's name", sid)
            # A person's rows usually come together: compare with the last row before hashing anything.
            text = c[i_state].strip()
            if text != last_state_text:
                last_state_text, last_state = text, states.get(text) or self._state(n, text, sid)
            elif not last_state:
                self._state(n, text, sid)  # the same bad state again: reported again, for this row
            state = last_state
            role = c[i_role].strip()
            person = last_person if sid == last_sid else people.get(sid)
            if person is None:
                person = people[sid] = _Person(n, name, state, role)
            elif person.name != name or person.state != state or person.role != role:
                self._agree(n, sid, person, name, state, role)
            last_sid, last_person = sid, person

            text = c[i_cred].strip()
            if text:
                by_state = creds.get(state)
                cred = by_state.get(text) if by_state is not None else None
                if cred is None:
                    cred = self._resolve("credential", text, state)
                if cred == _BAD:
                    self._add(n, "credential", text, self._why["credential", text, state], sid)
                if cred != _NONE:
                    t = c[i_iss].strip()
                    issued = (dates.get(t) or self._date(n, "issued", t, sid)) if t else None
                    t = c[i_ren].strip()
                    renewed = (dates.get(t) or self._date(n, "last_renewed", t, sid)) if t else None
                    t = c[i_exp].strip()
                    expires = (dates.get(t) or self._date(n, "expires", t, sid)) if t else None
                    if (
                        issued and (issued > on or (renewed and renewed < issued) or (expires and expires < issued))
                    ) or (renewed and renewed > on):
                        self._check_dates(n, c, sid, issued, renewed, expires)
                    held = HeldCredential(cred, c[i_num].strip() or None, issued, renewed, expires)
                    if cred == _BAD:
                        pass  # reported above; its dates were still checked, so every fix is asked for at once
                    elif person.credentials is None:
                        person.credentials = {cred: (held, n)}
                    elif cred in person.credentials:
                        self._again(n, sid, text, held, person.credentials[cred])
                    else:
                        person.credentials[cred] = (held, n)
            elif c[i_num].strip() or c[i_iss].strip() or c[i_exp].strip():
                self._add(n, "credential", "", "a credential number or date is given but no credential; name the "
                          "credential (e.g. CMA) or clear the number and dates", sid)  # fmt: skip

            text = c[i_tasks].strip()
            if text:
                if text != last_tasks_text:
                    last_tasks_text, last_tasks = text, task_lists.get(text) or self._task_list(text)
                tasks = last_tasks
                if tasks[1]:
                    for item, why in tasks[1]:
                        self._add(n, "tasks", item, why, sid)
                if person.tasks is None:
                    person.tasks = tasks[0]
                elif person.tasks != tasks[0]:
                    person.tasks = self._same(n, sid, "tasks", person.tasks, tasks[0], _tasks_text)

            if has_training:
                training = self._training_of(n, c, sid)
                if training is not None:
                    if person.training is None:
                        person.training = training
                    elif person.training != training:
                        person.training = self._same(n, sid, "training", person.training, training, _training_text)
            if self._errors == 0:
                ok += 1
        self.ok_rows += ok
        return count

    def _training_of(self, n: int, c: list[str], sid: str) -> Training | None:
        """Training from the free-form column and the per-task hours columns; None when none is given."""
        text = c[self.pos[12]].strip()
        records: Training | None = None
        if text and not is_no(text):
            records, bad = self._training.get(text) or self._parse_training(text)
            for item, why in bad:
                self._add(n, "training", item, why, sid)
        memo = self._hours
        for i, task, header in self.task_columns:
            value = c[i].strip()
            if not value:
                continue
            record = memo.get((i, value))
            if record is None:
                record = memo[i, value] = _hours(task or "", value)
            if isinstance(record, str):
                if record:
                    self._issue_at(n, header, value, record, sid)
                continue  # "no", "n/a": no training recorded
            records = (*records, record) if records else (record,)
        return records

    # --- the slow, explaining paths ----------------------------------------------------------

    def _extra(self, n: int, extra: list[Cell]) -> None:
        shown_extra = ", ".join(shown(_text(c), 30) for c in extra)
        self._issue_at(n, None, None, f"values beyond the last column were ignored: {shown_extra}; give them a "
                       "header or delete them", None, "warning")  # fmt: skip

    def _date(self, n: int, field: str, text: str, sid: str) -> date | None:
        """A date not met before (or a bad one, reported again for this row)."""
        d = self._dates.get(text, _UNSEEN)
        if d is _UNSEEN:
            try:
                d = self._dates[text] = parse_date(text, self.epoch)
            except ValueProblem as err:
                d = self._dates[text] = None
                self._date_why[text] = str(err)
        if d is None:
            self._add(n, field, text, self._date_why[text], sid)
        return d

    def _check_dates(
        self, n: int, c: list[str], sid: str, issued: date | None, renewed: date | None, expires: date | None
    ) -> None:
        """The dates of one credential against each other and against the import date."""
        on = self.on.isoformat()
        iss, ren, exp = (c[self.pos[k]] for k in (8, 9, 10))
        if issued and issued > self.on:
            self._add(n, "issued", iss, f"the issue date is in the future (after {on}); check the year", sid)
        if issued and renewed and renewed < issued:
            self._add(n, "last_renewed", ren, f"renewed before it was issued ({issued}); check both dates", sid)
        if issued and expires and expires < issued:
            self._add(n, "expires", exp, f"expires before it was issued ({issued}); check both dates", sid)
        if renewed and renewed > self.on:
            self._add(n, "last_renewed", ren, f"the renewal date is in the future (after {on}); give the date "
                      "of the last renewal done", sid)  # fmt: skip

    def _again(self, n: int, sid: str, text: str, held: HeldCredential, seen: tuple[HeldCredential, int]) -> None:
        """A second row for a credential the person already has."""
        if seen[0] == held:
            self._add(n, "credential", text, f"the same credential as row {seen[1]}; the duplicate row was "
                      "ignored", sid, "warning")  # fmt: skip
        else:
            self._add(n, "credential", text, f"staff {sid!r} already has {held.credential} in row {seen[1]} with "
                      "a different number or dates; keep one row per credential", sid)  # fmt: skip

    def _as_text(self, row: Row) -> list[str]:
        """Workbook cells as text (dates as ISO, whole numbers without ".0"); a formula with no saved
        value is an issue and reads as empty."""
        out: list[str] = [""] * len(row.cells)
        for i in self.used:
            cell = row.cells[i]
            if isinstance(cell, Uncomputed):
                self._issue_at(row.number, self._headers[i], cell.formula, UNCOMPUTED, None)
            else:
                out[i] = _text(cell)
        return out

    def _state(self, n: int, text: str, sid: str) -> str:
        """A state code; reports a missing or unknown state (and then returns "")."""
        if text in self._states:
            self._add(n, "state", text, self._why["state", text, ""], sid)
            return _BAD
        if not text:
            self._add(n, "state", "", "no state: give the state the person works in (a code such as CA)", sid)
            return _BAD
        code = self._resolve("state", text, "")
        if code == _BAD:
            self._add(n, "state", text, self._why["state", text, ""], sid)
        return code

    def _resolve(self, kind: str, text: str, state: str) -> str:
        """A knowledge-base id for a name, or _BAD with the reason kept in ``_why``; remembered."""
        try:
            if kind == "state":
                ident = self._states[text] = resolve.state(self.kb, text)
            elif kind == "credential":
                ident = _NONE if is_no(text) else resolve.credential(self.kb, text, state=state or None)
                self._creds.setdefault(state, {})[text] = ident
            else:
                ident = self._task_ids[text] = resolve.task(self.kb, text)
        except UnknownName as err:
            self._why[kind, text, state] = _miss(kind, err)
            if kind == "state":
                self._states[text] = _BAD
            elif kind == "credential":
                self._creds.setdefault(state, {})[text] = _BAD
            else:
                self._task_ids[text] = _BAD
            return _BAD
        return ident

    def _task_list(self, text: str) -> tuple[tuple[str, ...], Problems]:
        ids: list[str] = []
        bad: list[tuple[str, str]] = []
        for item in split_list(text):
            tid = self._task_ids.get(item)
            if tid is None:
                tid = self._resolve("task", item, "")
            if tid:
                ids.append(tid)
            else:
                bad.append((item, self._why["task", item, ""]))
        hit = self._tasks[text] = (tuple(dict.fromkeys(ids)), tuple(bad))
        return hit

    def _parse_training(self, text: str) -> tuple[Training, Problems]:
        try:
            items = parse_training(text)
        except ValueProblem as err:
            hit: tuple[Training, Problems] = ((), ((text, str(err)),))
            self._training[text] = hit
            return hit
        out: list[TrainingRecord] = []
        bad: list[tuple[str, str]] = []
        for task_text, hours in items:
            tid = self._task_ids.get(task_text)
            if tid is None:
                tid = self._resolve("task", task_text, "")
            if tid:
                out.append(TrainingRecord(tid, hours))
            else:
                why = self._why["task", task_text, ""]
                bad.append((task_text, f'{why} Write training as task: hours, e.g. "injection: 12".'))
        hit = self._training[text] = (tuple(dict.fromkeys(out)), tuple(bad))
        return hit

    def _agree(self, n: int, sid: str, p: _Person, name: str, state: str, role: str) -> None:
        """A person's own columns must say the same on each of their rows (blank ones fill in)."""
        if name and p.name and name.casefold() != p.name.casefold():
            self._disagree(n, sid, "name", p, p.name, name)
        elif name and not p.name:
            p.name = name
        if state and p.state and state != p.state:
            self._disagree(n, sid, "state", p, p.state, state)
        elif state and not p.state:
            p.state = state
        if role and p.role and role.casefold() != p.role.casefold():
            self._disagree(n, sid, "role", p, p.role, role)
        elif role and not p.role:
            p.role = role

    def _same(
        self,
        n: int,
        sid: str,
        field: str,
        had: tuple[T, ...],
        now: tuple[T, ...],
        show: Callable[[tuple[T, ...]], str],
    ) -> tuple[T, ...]:
        if set(had) != set(now):
            self._add(n, field, show(now), f"staff {sid!r} has {show(had)!r} for {field} on an earlier row; a "
                      f"person's rows must agree (put the same {field} on each, or on one row only)", sid)  # fmt: skip
        return had

    def _disagree(self, n: int, sid: str, field: str, p: _Person, had: str, now: str) -> None:
        self._add(n, field, now, f"staff {sid!r} is {had!r} for {field} in row {p.row}; a person's rows must "
                  "agree: correct one of them", sid)  # fmt: skip

    def _add(self, n: int, field: str, value: str | None, message: str, sid: str | None,
             sev: Severity = "error") -> None:  # fmt: skip
        self._issue_at(n, self.hd[field], value, message, sid, sev)

    def _issue_at(self, n: int, column: str | None, value: str | None, message: str, sid: str | None,
                  sev: Severity = "error") -> None:  # fmt: skip
        self.issues.append(RowIssue(n, column, cut(value) if value is not None else None, message, sid, sev))
        if sev == "error":
            self._errors += 1

    # --- the result --------------------------------------------------------------------------

    def members(self) -> list[StaffMember]:
        """The people read, in the order their first rows came."""
        return [
            StaffMember(
                sid,
                p.name,
                p.state,
                p.role or None,
                tuple([c for c, _ in p.credentials.values()]) if p.credentials else (),
                p.training or (),
                p.tasks or (),
            )
            for sid, p in self.people.items()
        ]


_HOW = {
    "credential": "write its abbreviation or name as MA Ladder's list of credentials gives it (CMA, RMA, CCMA, MA-C…)",
    "state": "write the two-letter code (CA) or the state's name",
    "task": "write a task's name or id (injection, venipuncture, vital signs…)",
}


def _miss(kind: str, err: UnknownName) -> str:
    """A short "unknown … did you mean" for a row: the whole list of valid names is for the CLI."""
    near = " or ".join(err.suggestions)
    hint = f" Did you mean {near}?" if near else ""
    return f"unknown {kind}.{hint} To fix: {_HOW[kind]}."


def _hours(task: str, value: str) -> TrainingRecord | str:
    """A per-task training cell as a record, or the message saying why not ("" for "no": none given)."""
    if is_no(value):
        return ""
    try:
        return TrainingRecord(task, parse_hours(value))
    except ValueProblem as err:
        return str(err)


def _text(c: Cell) -> str:
    """A cell as text: strings stripped, whole numbers without ".0" (Excel stores ids as numbers)."""
    if type(c) is str:
        return c.strip()
    if c is None:
        return ""
    if isinstance(c, float) and c.is_integer():
        return str(int(c))
    if isinstance(c, datetime):
        return c.date().isoformat() if c.time() == datetime.min.time() else c.isoformat(sep=" ")
    if isinstance(c, date):
        return c.isoformat()
    return str(c).strip()


def _tasks_text(tasks: tuple[str, ...]) -> str:
    return "; ".join(tasks) or "none"


def _training_text(records: Training) -> str:
    return "; ".join(f"{r.task}: {r.hours:g}" if r.hours is not None else r.task for r in records) or "none"
