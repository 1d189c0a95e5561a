"""The roster store on SQLite and PostgreSQL: migrations, tokens, idempotent upserts, change audit,
all-or-nothing imports, and tenants that never see each other's rows."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import msgspec
import pytest
from sqlalchemy import create_engine, inspect, text

import ma_ladder
from ma_ladder.compliance import bulk
from ma_ladder.compliance.records import HeldCredential, StaffMember, TrainingRecord
from ma_ladder.compliance.renewal import status
from ma_ladder.errors import MaLadderError, UnknownName, UsageError
from ma_ladder.roster.store import ImportSummary, Org, RosterDatabaseError, Store, default_url, upgrade
from ma_ladder.roster.store.models import VERSION_TABLE, Base
from tests.roster_db import db_url, person, postgres_server, roster

__all__ = ["db_url", "postgres_server"]  # fixtures, imported for pytest

TABLES = ("organizations", "staff", "staff_credentials", "staff_training", "imports", "audit_log")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as s:
        yield s


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two equal snapshots mean an unchanged database."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {t}"))), key=repr) for t in TABLES}
    finally:
        engine.dispose()


def orphans(url: str) -> int:
    """Child rows without their person: the store's own bookkeeping replaces the foreign keys it lacks."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return sum(
                conn.execute(
                    text(
                        f"SELECT count(*) FROM {t} c WHERE NOT EXISTS "
                        "(SELECT 1 FROM staff s WHERE s.org_id = c.org_id AND s.staff_id = c.staff_id)"
                    )
                ).scalar_one()
                for t in ("staff_credentials", "staff_training")
            )
    finally:
        engine.dispose()


def load(store: Store, org: Org, people: list[StaffMember], name: str = "roster.csv") -> ImportSummary:
    return store.apply_import(org, people, filename=name, sha256=hashlib.sha256(name.encode()).hexdigest(), actor="ann")


def as_json(member: StaffMember) -> Any:
    return msgspec.json.decode(msgspec.json.encode(member))


# --- migrations ---------------------------------------------------------------------------------------


def test_migrations_create_every_table_from_empty_and_repeat_harmlessly(db_url: str) -> None:
    upgrade(db_url)
    engine = create_engine(db_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert VERSION_TABLE in tables
        with engine.connect() as conn:
            revision = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    finally:
        engine.dispose()
    assert revision == ["0001"]
    upgrade(db_url)  # again: nothing to do, nothing breaks
    with Store(db_url) as store:  # and the store opens (and re-checks) the migrated database
        store.create_org("Clinic")
    assert snapshot(db_url)["organizations"]


def test_the_migration_builds_the_schema_the_models_declare(db_url: str) -> None:
    """The hand-written revision and the models must agree, or the ORM and the database drift apart."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    upgrade(db_url)
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert [d for d in diff if d[0] != "remove_table"] == []


# --- organizations and tokens -------------------------------------------------------------------------


def test_token_is_returned_once_stored_only_hashed_and_a_wrong_token_finds_nothing(store: Store, db_url: str) -> None:
    org, token = store.create_org("St. Mary's Clinic")
    assert org.slug == "st-mary-s-clinic"
    assert len(token) >= 40
    rows = snapshot(db_url)["organizations"]
    assert token not in repr(rows)
    assert hashlib.sha256(token.encode()).hexdigest() in repr(rows)
    assert store.org_for_token(token) == org
    assert store.org_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert store.org_for_token("") is None
    assert store.org_for_token(None) is None
    new = store.rotate_token(org.slug)
    assert store.org_for_token(token) is None
    assert store.org_for_token(new) == org
    assert [e.action for e in store.audit(org)] == ["rotate_token", "create"]


def test_orgs_by_slug_with_did_you_mean(store: Store) -> None:
    a, _ = store.create_org("Valley Clinic")
    b, _ = store.create_org("Hill Clinic", slug="hill")
    assert store.org("valley-clinic") == a
    assert store.orgs() == [b, a]
    with pytest.raises(UnknownName) as caught:
        store.org("valey-clinic")
    assert caught.value.suggestions == ["valley-clinic"]
    with pytest.raises(UsageError, match="taken"):
        store.create_org("Hill again", slug="hill")
    with pytest.raises(UsageError, match="slug"):
        store.create_org("Bad", slug="Not A Slug")
    with pytest.raises(UsageError, match="name"):
        store.create_org("  ")


# --- imports ------------------------------------------------------------------------------------------


def test_reimporting_the_same_roster_changes_nothing_and_audits_nothing(store: Store) -> None:
    org, _ = store.create_org("Clinic")
    people = roster(300)
    first = load(store, org, people)
    assert (first.added, first.changed, first.unchanged, first.rows) == (len(people), 0, 0, len(people))
    audit_before = store.audit(org, limit=10_000)
    second = load(store, org, people)
    assert (second.added, second.changed, second.unchanged) == (0, 0, len(people))
    assert store.audit(org, limit=10_000) == audit_before
    assert [i.id for i in store.imports(org)] == [second.import_id, first.import_id]
    assert store.members(org) == sorted(people, key=lambda p: p.staff_id)


def test_a_change_replaces_the_person_and_is_audited_before_and_after(store: Store, db_url: str) -> None:
    org, _ = store.create_org("Clinic")
    people = roster(30)
    load(store, org, people)
    old = people[3]
    new = msgspec.structs.replace(old, credentials=(HeldCredential("RMA", "R-9", date(2024, 5, 1)),), role="Lead MA")
    newcomer = person(999)
    gone = people[5]
    second = [*people[:3], new, *people[4:5], *people[6:], newcomer]  # people[5] is not in the file
    summary = load(store, org, second, "second.csv")
    assert (summary.added, summary.changed, summary.unchanged, summary.absent) == (1, 1, len(people) - 2, 1)
    assert store.member(org, old.staff_id) == new  # credentials rewritten: one left, not old + new
    assert store.member(org, gone.staff_id) == gone  # kept, not deleted
    assert store.member(org, newcomer.staff_id) == newcomer
    assert orphans(db_url) == 0
    update = [e for e in store.audit(org) if e.action == "update"]
    assert len(update) == 1
    assert update[0].key == old.staff_id
    assert update[0].before == as_json(old)
    assert update[0].after == as_json(new)
    assert update[0].import_id == summary.import_id
    assert [e.key for e in store.audit(org) if e.action == "add" and e.import_id == summary.import_id] == [
        newcomer.staff_id
    ]


def test_a_dry_run_says_what_would_happen_and_writes_nothing(store: Store, db_url: str) -> None:
    org, _ = store.create_org("Clinic")
    load(store, org, roster(20))
    before = snapshot(db_url)
    changed = [msgspec.structs.replace(p, name=p.name + " Jr") for p in roster(20)[:2]]
    summary = store.apply_import(org, [*changed, person(500)], filename="x", sha256="0", actor="a", dry_run=True)
    assert (summary.added, summary.changed, summary.dry_run, summary.import_id) == (1, 2, True, None)
    assert snapshot(db_url) == before


def test_a_staff_id_twice_in_one_file_is_refused(store: Store) -> None:
    org, _ = store.create_org("Clinic")
    with pytest.raises(UsageError, match="S0000001"):
        load(store, org, [person(1), person(2), person(1)])


@pytest.mark.parametrize("existing", [False, True], ids=["new-org", "updated-org"])
def test_an_import_that_fails_midway_leaves_the_database_exactly_as_it_was(
    store: Store, db_url: str, existing: bool
) -> None:
    org, _ = store.create_org("Clinic")
    people = roster(200)
    if existing:
        load(store, org, people)
    before = snapshot(db_url)
    # The last person's credential has no id: its row fails NOT NULL after everyone else was written.
    bad = msgspec.structs.replace(person(900), credentials=(HeldCredential(None),))  # type: ignore[arg-type]
    changed = [msgspec.structs.replace(p, name=p.name + " II") for p in people[:50]]
    with pytest.raises(RosterDatabaseError, match="Nothing was changed"):
        load(store, org, changed + people[50:] + [person(800), bad])
    assert snapshot(db_url) == before


def test_a_failure_after_every_row_is_written_still_rolls_everything_back(
    store: Store, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    org, _ = store.create_org("Clinic")
    load(store, org, roster(100))
    before = snapshot(db_url)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_audit_people", broken)  # runs last, after the staff rows were replaced
    with pytest.raises(RuntimeError, match="disk on fire"):
        load(store, org, [msgspec.structs.replace(p, state="TX") for p in roster(100)] + [person(7777)])
    assert snapshot(db_url) == before


# --- isolation ----------------------------------------------------------------------------------------


def test_two_organizations_with_the_same_staff_ids_never_see_each_other(store: Store) -> None:
    a, token_a = store.create_org("Clinic A")
    b, token_b = store.create_org("Clinic B")
    people_a = roster(120)  # about 42 people
    people_b = [msgspec.structs.replace(p, name="B " + p.name, state="NY") for p in roster(60)]  # about 21 people
    load(store, a, people_a, "a.csv")
    load(store, b, people_b, "b.csv")
    assert store.members(a) == people_a
    assert store.members(b) == people_b
    assert list(store.iter_members(b, batch=7)) == people_b
    assert store.member(b, people_a[0].staff_id) == people_b[0]
    assert store.member(b, people_a[-1].staff_id) is None  # only A has that one
    assert {i.filename for i in store.imports(a)} == {"a.csv"}
    assert {e.key for e in store.audit(b, limit=1000) if e.entity == "staff"} == {p.staff_id for p in people_b}
    # changing A's people leaves B's identical records alone
    load(store, a, [msgspec.structs.replace(p, role="X") for p in people_a], "a2.csv")
    assert store.members(b) == people_b
    assert store.org_for_token(token_a) == a and store.org_for_token(token_b) == b
    forged = Org(id=b.id, slug=a.slug, name=a.name, created_at=a.created_at)  # A's name, B's id
    with pytest.raises(UnknownName):
        store.members(forged)
    with pytest.raises(UnknownName):
        load(store, forged, people_a)


def test_iter_members_streams_the_whole_roster_in_order_in_pages(store: Store) -> None:
    org, _ = store.create_org("Clinic")
    people = roster(100)
    load(store, org, list(reversed(people)))
    assert list(store.iter_members(org, batch=9)) == people
    assert list(store.iter_members(org, batch=10_000)) == store.members(org) == people


def _known(people: list[StaffMember]) -> list[StaffMember]:
    """The store tests' people with task ids the knowledge base knows ("vitals" is "vital_signs")."""
    return [
        msgspec.structs.replace(p, tasks=tuple(t.replace("vitals", "vital_signs") for t in p.tasks)) for p in people
    ]


def _odd_people() -> list[StaffMember]:
    """People the columns must carry exactly: none or many credentials, no tasks or a task listed twice,
    several training records, and staff ids a database may sort in another order than Python does."""
    held = HeldCredential("CMA", "1", date(2020, 3, 1), None, date(2025, 3, 31))
    renewed = HeldCredential("RMA", None, date(2019, 1, 5), date(2022, 1, 5))
    trained = (TrainingRecord("injection", 8.0), TrainingRecord("injection", None), TrainingRecord("ekg", 2.0))
    return [
        StaffMember("b-2", "Bo", "WA", credentials=(held, renewed), tasks=("injection", "ekg", "injection")),
        StaffMember("B1", "Cy", "TX", tasks=("injection",)),
        StaffMember("_z", "Di", "CA", credentials=(renewed,)),
        StaffMember("Ä9", "Ed", "NJ", credentials=(held,), tasks=("injection",), training=trained),
    ]


def test_the_roster_read_as_columns_is_the_roster_read_as_records(store: Store) -> None:
    kb = ma_ladder.load()
    org, _ = store.create_org("Columns")
    store.apply_import(org, [*_known(roster(600)), *_odd_people()], filename="r.csv", sha256="0", actor="t")
    members = store.members(org)
    columns = store.columns(org)
    assert list(columns.staff_ids) == [m.staff_id for m in members]
    for on in (date(2026, 12, 1), date(2021, 6, 30)):
        assert bulk.evaluate_columns(kb, columns, on).status_rows() == bulk.evaluate(kb, members, on)[0]
        assert bulk.evaluate_columns(kb, columns, on).task_rows() == bulk.evaluate(kb, members, on)[1]
    assert columns.member(len(members) - 1) == list(columns.members())[-1]
    for m, again in zip(members, columns.members(), strict=True):
        assert (again.staff_id, again.state, again.tasks, again.training) == (m.staff_id, m.state, m.tasks, m.training)
        assert [status(kb, h, date(2026, 12, 1)) for h in again.credentials] == [
            status(kb, h, date(2026, 12, 1)) for h in m.credentials
        ]


def test_a_credential_row_whose_person_is_gone_is_ignored_as_the_records_ignore_it(store: Store, db_url: str) -> None:
    kb = ma_ladder.load()
    org, _ = store.create_org("Orphans")
    store.apply_import(org, _odd_people(), filename="r.csv", sha256="0", actor="t")
    engine = create_engine(db_url)
    with engine.begin() as conn:  # the child tables have no foreign key: a stray row is possible
        conn.execute(
            text("INSERT INTO staff_credentials (org_id, staff_id, seq, credential) VALUES (:o, 'gone', 0, 'CMA')"),
            {"o": org.id},
        )
    engine.dispose()
    on = date(2026, 12, 1)
    result = bulk.evaluate_columns(kb, store.columns(org), on)
    assert (result.status_rows(), result.task_rows()) == bulk.evaluate(kb, store.members(org), on)


def test_credential_rows_in_another_order_than_the_people_are_put_back_in_person_order(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database whose collation sorts staff ids unlike the staff query's order (the test databases
    sort as Python does, so the rows are shuffled here) still gives each person their own records."""
    from ma_ladder.roster.store import rows

    kb = ma_ladder.load()
    org, _ = store.create_org("Shuffled")
    store.apply_import(org, [*_odd_people(), *_known(roster(40))], filename="r.csv", sha256="0", actor="t")
    raw = rows._raw

    def shuffled(conn: Any, query: Any) -> Any:
        found = list(raw(conn, query))
        if "staff_credentials" not in str(query):
            return iter(found)
        return iter(sorted(found, key=lambda r: r[0], reverse=True))  # people in reverse, each in seq order

    monkeypatch.setattr(rows, "_raw", shuffled)
    on = date(2026, 12, 1)
    result = bulk.evaluate_columns(kb, store.columns(org), on)
    monkeypatch.setattr(rows, "_raw", raw)
    assert (result.status_rows(), result.task_rows()) == bulk.evaluate(kb, store.members(org), on)


def test_a_read_is_one_snapshot(store: Store, db_url: str) -> None:
    """The staff, credential and training queries of one read see one moment of the roster."""
    with store._tx() as conn:
        if conn.dialect.name == "postgresql":
            assert conn.exec_driver_sql("SHOW transaction_isolation").scalar() == "repeatable read"
        else:
            assert conn.connection.dbapi_connection.in_transaction  # type: ignore[union-attr]


def test_an_empty_roster_as_columns(store: Store) -> None:
    org, _ = store.create_org("Empty")
    result = bulk.evaluate_columns(ma_ladder.load(), store.columns(org), date(2026, 12, 1))
    assert (result.people, result.status_rows(), result.task_rows()) == (0, [], [])
    assert result.counts() == {"statuses": {}, "decisions": {}, "flagged": 0}


def test_a_50k_record_import_round_trips(store: Store) -> None:
    """A speed smoke test (the 1M-record timing is in tests/roster_db.py): no per-person queries."""
    org, _ = store.create_org("Big")
    people = roster(50_000)
    assert load(store, org, people).added == len(people)
    assert load(store, org, people).unchanged == len(people)
    assert store.members(org) == people
    assert store.count(org) == len(people)


# --- opening --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["not a url", "mysql://u:pw@localhost/db", "nosuch://x", "oracle+cx_oracle://a:b@c/d"])
def test_a_malformed_or_unsupported_url_is_a_usage_error(url: str) -> None:
    with pytest.raises(UsageError) as caught:
        Store(url)
    assert "sqlite:///" in str(caught.value) and "postgresql+psycopg://" in str(caught.value)
    assert "pw" not in str(caught.value).replace("PASSWORD", "")


def test_an_unreachable_server_is_a_clear_error_without_the_password() -> None:
    for url in ("postgresql+psycopg://ann:s3cr3t-pw@127.0.0.1:1/roster", "postgresql://ann:s3cr3t-pw@127.0.0.1:1/r"):
        with pytest.raises(MaLadderError) as caught:
            Store(url)
        assert not isinstance(caught.value, UsageError)
        message = str(caught.value)
        assert "cannot open the roster database postgresql+psycopg://ann:***@127.0.0.1:1/" in message
        assert "s3cr3t" not in message and "Check the server is running" in message


def test_a_sqlite_file_in_a_missing_folder_or_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        Store(f"sqlite:///{tmp_path / 'nope' / 'roster.sqlite'}")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(RosterDatabaseError, match="cannot open the roster database"):
        Store(f"sqlite:///{junk}")


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'r.sqlite'}") as store, store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_default_url_is_in_the_users_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MA_LADDER_DATA", str(tmp_path / "data"))
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'roster.sqlite'}"
    assert (tmp_path / "data").is_dir()
    monkeypatch.delenv("MA_LADDER_DATA")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_url() == f"sqlite:///{tmp_path / 'xdg' / 'ma-ladder' / 'roster.sqlite'}"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_url() == f"sqlite:///{tmp_path / 'home' / '.local' / 'share' / 'ma-ladder' / 'roster.sqlite'}"
    assert (tmp_path / "home" / ".local" / "share" / "ma-ladder").is_dir()
    with Store() as store:  # and the store opens there
        assert store.orgs() == []
