"""Staff records to table rows and back, in bulk: the part of the store that has to be fast.

A million credential rows cannot go through the ORM (or even Core's per-row type processing) in the
time an import may take, so inserts go straight to the driver: ``executemany`` on SQLite with values
already in SQLite's storage format, ``COPY`` on PostgreSQL. Reads are one query per table, grouped in
Python, never one query per person.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice, repeat
from typing import Any, TypeVar

import msgspec
import numpy as np
from sqlalchemy import ColumnElement, Connection, Select, Table, exc, select

from ma_ladder.compliance.columns import Index, paused_gc
from ma_ladder.compliance.records import HeldCredential, StaffMember, TrainingRecord
from ma_ladder.compliance.renewal import CYCLE_START
from ma_ladder.compliance.table import RosterColumns, assemble, coded, coded_dates
from ma_ladder.roster.store.models import TASK_SEPARATOR, AuditRow, HeldCredentialRow, Staff, TrainingRow

STAFF: Table = Staff.__table__  # type: ignore[assignment]
CREDENTIALS: Table = HeldCredentialRow.__table__  # type: ignore[assignment]
TRAINING: Table = TrainingRow.__table__  # type: ignore[assignment]
AUDIT: Table = AuditRow.__table__  # type: ignore[assignment]
CHUNK = 20_000  # rows per executemany: bounds the memory of a million-row insert
IN_CHUNK = 500  # ids per IN (...) list
WHOLE_ORG = 5_000  # more ids than this: read the organization's whole roster and keep those

_encoder = msgspec.json.Encoder()
T = TypeVar("T")


def batched(items: Iterable[T], n: int) -> Iterator[tuple[T, ...]]:
    """``itertools.batched`` (Python 3.12) for 3.11."""
    it = iter(items)
    while chunk := tuple(islice(it, n)):
        yield chunk


def encode(member: StaffMember) -> bytes:
    """A person as JSON: the audit log's before/after, and what the digest hashes."""
    return _encoder.encode(member)


def digest(encoded: bytes) -> str:
    """A short fingerprint of a person's whole record; equal records, equal digests."""
    return hashlib.blake2b(encoded, digest_size=16).hexdigest()


def bind(conn: Connection, table: Table, column: str, value: Any) -> Any:
    """``value`` as the driver should receive it for ``table.column`` (a timestamp for SQLite is text)."""
    type_ = table.c[column].type.dialect_impl(conn.dialect)
    process = type_.bind_processor(conn.dialect)
    return process(value) if process else value


def day_format(conn: Connection) -> Callable[[date | None], Any]:
    """Dates for the driver: SQLite stores ISO text (exactly what SQLAlchemy's Date writes), psycopg takes dates."""
    if conn.dialect.name == "sqlite":
        return lambda d: None if d is None else d.isoformat()
    return lambda d: d


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert many rows fast inside the connection's transaction (COPY on PostgreSQL, executemany elsewhere).
    A driver error comes out as SQLAlchemy's ``DBAPIError``, like every other statement's."""
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        assert raw is not None
        statement = f"COPY {quote(table.name)} ({names}) FROM STDIN"
        try:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        except conn.dialect.loaded_dbapi.Error as err:
            raise exc.DBAPIError(statement, None, err) from err
        return
    statement = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join('?' * len(columns))})"
    for chunk in batched(rows, CHUNK):
        conn.exec_driver_sql(statement, list(chunk))


def insert_people(conn: Connection, org_id: int, people: Sequence[tuple[StaffMember, str]], at: datetime) -> None:
    """Insert people (with their digests) and all their records."""
    day = day_format(conn)
    stamp = bind(conn, STAFF, "updated_at", at)
    insert_rows(
        conn,
        STAFF,
        ("org_id", "staff_id", "name", "state", "role", "updated_at", "digest", "tasks"),
        ((org_id, m.staff_id, m.name, m.state, m.role, stamp, d, TASK_SEPARATOR.join(m.tasks)) for m, d in people),
    )
    insert_rows(
        conn,
        CREDENTIALS,
        ("org_id", "staff_id", "seq", "credential", "number", "issued", "last_renewed", "expires"),
        (
            (org_id, m.staff_id, i, c.credential, c.number, day(c.issued), day(c.last_renewed), day(c.expires))
            for m, _ in people
            for i, c in enumerate(m.credentials)
        ),
    )
    insert_rows(
        conn,
        TRAINING,
        ("org_id", "staff_id", "seq", "task", "hours", "completed"),
        (
            (org_id, m.staff_id, i, t.task, t.hours, day(t.completed))
            for m, _ in people
            for i, t in enumerate(m.training)
        ),
    )


def delete_people(conn: Connection, org_id: int, staff_ids: Collection[str]) -> None:
    """Delete people and all their records (the child tables have no foreign key to cascade from)."""
    for chunk in batched(staff_ids, IN_CHUNK):
        for table in (CREDENTIALS, TRAINING, STAFF):
            conn.execute(table.delete().where(table.c.org_id == org_id, table.c.staff_id.in_(chunk)))


Where = Callable[[Table], list[ColumnElement[bool]]]


def read_people(conn: Connection, where: Where, limit: int | None = None) -> dict[str, StaffMember]:
    """People matching ``where`` (applied to each table, so it must use only org_id and staff_id), in
    staff-id order, each with their records: one query per table."""
    query = select(STAFF.c.staff_id, STAFF.c.name, STAFF.c.state, STAFF.c.role, STAFF.c.tasks).where(*where(STAFF))
    people = list(_raw(conn, query.order_by(STAFF.c.staff_id).limit(limit)))
    if not people:
        return {}
    if limit is not None:  # a page: its children are those within its first and last staff id
        first, last = people[0][0], people[-1][0]
        base = where

        def where(t: Table) -> list[ColumnElement[bool]]:
            return [*base(t), t.c.staff_id >= first, t.c.staff_id <= last]

    day = _day_reader(conn)
    credentials: dict[str, list[HeldCredential]] = defaultdict(list)
    c = CREDENTIALS.c
    held = select(c.staff_id, c.credential, c.number, c.issued, c.last_renewed, c.expires)
    for sid, credential, number, issued, renewed, expires in _raw(
        conn, held.where(*where(CREDENTIALS)).order_by(c.staff_id, c.seq)
    ):
        credentials[sid].append(HeldCredential(credential, number, day(issued), day(renewed), day(expires)))
    training: dict[str, list[TrainingRecord]] = defaultdict(list)
    t = TRAINING.c
    trained = select(t.staff_id, t.task, t.hours, t.completed).where(*where(TRAINING))
    for sid, task, hours, completed in _raw(conn, trained.order_by(t.staff_id, t.seq)):
        training[sid].append(TrainingRecord(task, hours, day(completed)))
    empty: tuple[()] = ()
    return {
        sid: StaffMember(
            sid,
            name,
            state,
            role,
            tuple(credentials.get(sid, empty)),
            tuple(training.get(sid, empty)),
            tuple(tasks.split(TASK_SEPARATOR)) if tasks else empty,
        )
        for sid, name, state, role, tasks in people
    }


def read_columns(conn: Connection, org_id: int) -> RosterColumns:
    """An organization's whole roster as the engine's columns, in staff-id order: one query per table,
    each value coded as the driver gives it (a stored date is read as a date once per distinct value,
    a person's task list split once per distinct list), never a record per person."""
    staff = select(STAFF.c.staff_id, STAFF.c.name, STAFF.c.state, STAFF.c.tasks).where(STAFF.c.org_id == org_id)
    people = list(_raw(conn, staff.order_by(STAFF.c.staff_id)))
    n = len(people)
    sids, names, states, task_lists = zip(*people, strict=True) if people else ((), (), (), ())
    position = {sid: i for i, sid in enumerate(sids)}
    day = _day_reader(conn)
    c = CREDENTIALS.c
    held = select(c.staff_id, c.credential, c.expires, *(c[f] for f in CYCLE_START)).where(c.org_id == org_id)
    records = list(_raw(conn, held.order_by(c.staff_id, c.seq)))
    m = len(records)
    owner, credential, expires, *starts = zip(*records, strict=True) if records else ((),) * (3 + len(CYCLE_START))
    person = np.fromiter(map(position.get, owner, repeat(-1)), np.int32, m)
    del records, owner
    kept = person >= 0  # a row whose person is gone (the child tables have no foreign key) is ignored
    order = np.flatnonzero(kept) if not kept.all() else None
    if order is not None:
        person = person[order]
    if len(person) and np.any(person[1:] < person[:-1]):
        ordered = np.argsort(person, kind="stable")
        person, order = person[ordered], ordered if order is None else order[ordered]
    return assemble(
        sids, names, states, coded(states, n), _tasks(task_lists, n), _training(conn, org_id, sids, day),
        np.bincount(person, minlength=n).astype(np.int32),
        _ordered(coded(credential, m), order), _ordered(coded_dates(starts, m, day), order),
        _ordered(coded_dates([expires], m, day), order),
    )  # fmt: skip


def _ordered(coded: tuple[Any, list[Any]], order: Any) -> tuple[Any, list[Any]]:
    """Codes of the rows kept, in person order (the driver's rows are, with the same ORDER BY)."""
    return coded if order is None else (coded[0][order], coded[1])


def _tasks(task_lists: Sequence[str | None], n: int) -> tuple[Any, Any, list[str]]:
    """Per person, how many tasks they perform, all their task codes in order, and the task ids: each
    distinct stored list split once, the people's lists gathered from those by array indexing."""
    lists = Index()
    which = lists.codes(task_lists, n)
    task_ids = Index()
    split = [[task_ids[t] for t in text.split(TASK_SEPARATOR)] if text else [] for text in lists.known]
    width = max(map(len, split), default=0)
    padded = np.full((len(split), max(width, 1)), -1, np.int32)
    for i, codes in enumerate(split):
        padded[i, : len(codes)] = codes
    counts = np.array([len(x) for x in split], np.int32)[which] if n else np.zeros(0, np.int32)
    gathered = padded[which]
    return counts, gathered[gathered >= 0], task_ids.known


def _training(
    conn: Connection, org_id: int, sids: Sequence[str], day: Callable[[Any], date | None]
) -> tuple[Any, list[tuple[TrainingRecord, ...]]]:
    """Per person, a code for their training records (0: none) and the distinct lists of records."""
    t = TRAINING.c
    trained = select(t.staff_id, t.task, t.hours, t.completed).where(t.org_id == org_id)
    by_person: dict[str, list[TrainingRecord]] = defaultdict(list)
    for sid, task, hours, completed in _raw(conn, trained.order_by(t.staff_id, t.seq)):
        by_person[sid].append(TrainingRecord(task, hours, day(completed)))
    lists = Index([()])
    codes = np.zeros(len(sids), np.int32)
    if by_person:
        get = by_person.get
        codes = lists.codes((tuple(get(sid, ())) for sid in sids), len(sids))
    return codes, lists.known


def _day_reader(conn: Connection) -> Callable[[Any], date | None]:
    """Stored dates back to dates: SQLite gives its ISO text, psycopg gives dates already."""
    if conn.dialect.name == "sqlite":
        parse = date.fromisoformat
        return lambda s: None if s is None else parse(s)
    return lambda d: d


def _raw(conn: Connection, query: Select[Any]) -> Iterator[tuple[Any, ...]]:
    """A query's rows as the driver's plain tuples, fetched many at a time, in the connection's transaction.
    SQLAlchemy's per-row result processing costs more than the row itself when there are millions."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup or ())
    raw = conn.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.execute(compiled.string, params)
        while chunk := cursor.fetchmany(CHUNK):
            yield from chunk
    finally:
        cursor.close()


def read_org(conn: Connection, org_id: int) -> dict[str, StaffMember]:
    """An organization's whole roster."""
    return read_people(conn, lambda t: [t.c.org_id == org_id])


def read_some(conn: Connection, org_id: int, staff_ids: Collection[str]) -> dict[str, StaffMember]:
    """Some people of an organization: by id lists when few, else from one read of the whole roster."""
    if len(staff_ids) > WHOLE_ORG:
        wanted = set(staff_ids)
        return {sid: m for sid, m in read_org(conn, org_id).items() if sid in wanted}
    found: dict[str, StaffMember] = {}
    for chunk in batched(sorted(staff_ids), IN_CHUNK):

        def where(t: Table, chunk: tuple[str, ...] = chunk) -> list[ColumnElement[bool]]:
            return [t.c.org_id == org_id, t.c.staff_id.in_(chunk)]

        found.update(read_people(conn, where))
    return found


def pages(conn: Connection, org_id: int, batch: int) -> Iterator[dict[str, StaffMember]]:
    """An organization's roster ``batch`` people at a time, in staff-id order (keyset paging)."""
    after: str | None = None
    while True:

        def where(t: Table, after: str | None = after) -> list[ColumnElement[bool]]:
            return [t.c.org_id == org_id] + ([] if after is None else [t.c.staff_id > after])

        with paused_gc():
            page = read_people(conn, where, limit=batch)
        if not page:
            return
        yield page
        after = next(reversed(page))


def digests(conn: Connection, org_id: int) -> dict[str, str]:
    """Staff id → digest of everyone on an organization's roster: all a re-import needs to find the unchanged."""
    rows = conn.execute(select(STAFF.c.staff_id, STAFF.c.digest).where(STAFF.c.org_id == org_id))
    return {sid: d for sid, d in rows}
