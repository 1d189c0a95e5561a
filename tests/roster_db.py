"""Databases for the roster-store tests: a SQLite file per test, and a PostgreSQL schema per test.

PostgreSQL comes from ``MA_LADDER_TEST_POSTGRES`` (a SQLAlchemy URL; CI sets it) or, when that is unset
and the server binaries exist, from a throwaway server started by scripts/pg-test-server for the test
session. Without either, the PostgreSQL cases are skipped and say why. Also a synthetic roster of any
size, and (``python -m tests.roster_db URL RECORDS``) the timing of a big import.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ma_ladder.compliance.records import HeldCredential, StaffMember, TrainingRecord

ROOT = Path(__file__).parent.parent
SERVER_SCRIPT = ROOT / "scripts" / "pg-test-server"
ENV = "MA_LADDER_TEST_POSTGRES"


def _start_server() -> tuple[str, str]:
    """(URL, folder) of a fresh server started by scripts/pg-test-server; raises OSError if it can't."""
    done = subprocess.run([str(SERVER_SCRIPT), "start"], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise OSError(done.stderr.strip() or "pg-test-server failed")
    found = dict(re.findall(r"export (\w+)='([^']*)'", done.stdout))
    return found[ENV], found["MA_LADDER_PG_DIR"]


def _binaries() -> bool:
    return bool(
        os.environ.get("PG_BIN") or list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or shutil.which("initdb")
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL URL for the session: the env var's, else a throwaway server's; else skip."""
    if os.environ.get(ENV):
        yield os.environ[ENV]
        return
    if not _binaries():
        pytest.skip(
            f"PostgreSQL not available: set {ENV}=postgresql+psycopg://USER:PASSWORD@HOST/DB "
            "or install the PostgreSQL server binaries (initdb, pg_ctl)"
        )
    try:
        url, folder = _start_server()
    except (OSError, subprocess.SubprocessError) as err:
        pytest.skip(f"PostgreSQL not available: scripts/pg-test-server could not start a server ({err}); set {ENV}")
    try:
        yield url
    finally:
        subprocess.run([str(SERVER_SCRIPT), "stop", folder], capture_output=True, timeout=60)


def postgres_schema(server: str) -> Iterator[str]:
    """A URL whose connections see only a new, empty schema, dropped afterwards: every test starts clean."""
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(server)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        url = make_url(server)
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'roster.sqlite'}"
        return
    yield from postgres_schema(request.getfixturevalue("postgres_server"))


STATES = ("CA", "WA", "TX", "NY", "FL", "DC")
CREDENTIALS = ("CMA", "RMA", "NCMA", "CCMA", "WA:MA-C")
TASKS = ("injection", "venipuncture", "ekg", "vitals")


def person(i: int, *, prefix: str = "S", version: int = 0) -> StaffMember:
    """A deterministic person: 2-3 credentials (2.86 on average), one training record, two tasks.
    ``version`` shifts the dates, so the same person can be given changed."""
    base = date(2015, 1, 1) + timedelta(days=(i * 37 + version) % 3000)
    count = 2 if i % 7 == 0 else 3
    credentials = tuple(
        HeldCredential(
            credential=CREDENTIALS[(i + k) % len(CREDENTIALS)],
            number=f"N{i}-{k}" if (i + k) % 5 else None,
            issued=base,
            last_renewed=None if k else base + timedelta(days=365),
            expires=base + timedelta(days=1825 + k) if (i + k) % 9 else None,
        )
        for k in range(count)
    )
    training = (TrainingRecord(task=TASKS[i % 4], hours=float(4 + i % 20) if i % 6 else None, completed=base),)
    tasks = (TASKS[i % 4], TASKS[(i + 1) % 4])
    return StaffMember(
        staff_id=f"{prefix}{i:07d}",
        name=f"Person {i}",
        state=STATES[i % len(STATES)],
        role="MA" if i % 3 else None,
        credentials=credentials,
        training=training,
        tasks=tasks,
    )


def roster(records: int, *, prefix: str = "S", version: int = 0) -> list[StaffMember]:
    """People holding about ``records`` credential records in all (about records / 2.86 people)."""
    people: list[StaffMember] = []
    total = 0
    i = 0
    while total < records:
        p = person(i, prefix=prefix, version=version)
        people.append(p)
        total += len(p.credentials)
        i += 1
    return people


def _bench(url: str, records: int) -> None:
    """Time a first import, a re-import and a full read of ``records`` credential records; print the peak RSS."""
    import resource
    import time

    from ma_ladder.roster.store import Store

    people = roster(records)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    records = sum(len(p.credentials) for p in people)
    print(f"{len(people):,} people, {records:,} credential records; RSS with them in memory: {rss:.0f} MiB")
    with Store(url) as store:
        org, _ = store.create_org(f"Bench {secrets.token_hex(3)}")
        for label, run in (
            ("first import", lambda: store.apply_import(org, people, filename="b.csv", sha256="0", actor="bench")),
            ("re-import (no change)", lambda: store.apply_import(org, people, filename="b.csv", sha256="0", actor="b")),
            ("members()", lambda: len(store.members(org))),
            ("iter_members()", lambda: sum(1 for _ in store.iter_members(org))),
        ):
            start = time.perf_counter()
            result = run()
            print(f"{label}: {time.perf_counter() - start:.1f} s  {result}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    _bench(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
