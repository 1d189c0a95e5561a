"""The roster's CMS order-entry question and an import killed mid-way (on SQLite and PostgreSQL), and
the dashboard's figures and lists counted from the engine's columns against the same counted from rows.

A kill cannot be timed to land in a given phase, so the kill test states the property that must hold
wherever it lands: the roster is either exactly as before or holds the whole file, never a part.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

import ma_ladder
from ma_ladder.compliance import bulk
from ma_ladder.roster import service
from ma_ladder.roster.importing import import_file
from ma_ladder.roster.store import Org, Store
from tests.clirun import invoke
from tests.roster_db import db_url, postgres_server

__all__ = ["db_url", "postgres_server"]  # fixtures, imported for pytest

ROOT = Path(__file__).parent.parent
HEADER = "Employee ID,Full Name,Work State,Certification,Date Certified,Duties"


@pytest.fixture(autouse=True)
def _private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MA_LADDER_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("MA_LADDER_DB", raising=False)


def _ok(db: str, *args: str) -> dict:  # type: ignore[type-arg]
    result = invoke([*args, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _org(db: str, name: str, rows: list[str], folder: Path) -> str:
    slug = _ok(db, "roster", "org", "create", name)["org"]["slug"]
    path = folder / f"{slug}.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    _ok(db, "roster", "import", str(path), "--org", slug)
    return slug


def test_order_entry_counts_a_current_cma_while_the_rule_applied_and_says_when_it_ended(
    db_url: str, tmp_path: Path
) -> None:
    a = _org(db_url, "Clinic A", ["1,Ana Cruz,OH,CMA,2014-03-01,order entry", "2,Ben Ode,OH,,,order entry"], tmp_path)
    b = _org(db_url, "Clinic B", ["1,Zed Zulu,OH,CMA,2014-03-01,order entry"], tmp_path)
    then = _ok(db_url, "roster", "order-entry", "--org", a, "--on", "2017-06-01")
    medicare = {r["name"]: r for r in then["rows"] if "Medicare" in r["rule_name"]}
    assert set(medicare) == {"Ana Cruz", "Ben Ode"}  # and nobody of Clinic B
    assert medicare["Ana Cruz"]["applies"] and medicare["Ana Cruz"]["counted"] is True
    assert medicare["Ana Cruz"]["credentials"] == ["CMA"]
    assert medicare["Ben Ode"]["counted"] is False
    assert all(r["citations"] for r in then["rows"])
    now = _ok(db_url, "roster", "order-entry", "--org", a, "--on", "2026-12-01")
    assert all(not r["applies"] and r["counted"] is None for r in now["rows"])
    assert any("2019-01-01" in r["in_force"] and "no longer applies" in r["in_force"] for r in now["rows"])
    assert "Zed Zulu" not in json.dumps(then) + json.dumps(now)
    assert b  # Clinic B exists on the same database


def _count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM staff")).scalar_one())
    finally:
        engine.dispose()


def _roster_data() -> Any:
    """The benchmark's roster generator (bench/roster_data.py), which is not a package."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import roster_data
    finally:
        sys.path.pop(0)
    return roster_data


def test_an_import_killed_mid_way_leaves_all_or_nothing(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    people = _roster_data().write(path, 60_000)
    slug = _ok(db_url, "roster", "org", "create", "Killed Inc")["org"]["slug"]
    env = {**os.environ, "MA_LADDER_DB": db_url}
    exe = str(Path(sys.executable).parent / "ma-ladder")
    outcomes = set()
    for delay in (0.8, 2.5):  # while rows are checked, and (on this machine) while they are written
        proc = subprocess.Popen([exe, "roster", "import", str(path), "--org", slug], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        found = _count(db_url)
        assert found in (0, people), f"killed after {delay} s: {found} of {people} people written"
        outcomes.add(found)
        if found:
            break
    listed = _ok(db_url, "roster", "status", "--org", slug)["rows"]
    assert len({r["staff_id"] for r in listed}) == max(outcomes)


@contextmanager
def _synthetic(tmp_path: Path, records: int) -> Iterator[tuple[Store, Org]]:
    """A store holding one organization with a roster from the benchmark's generator."""
    path = tmp_path / "r.csv"
    _roster_data().write(path, records)
    with Store(f"sqlite:///{tmp_path / 'r.sqlite'}") as store:
        org, _ = store.create_org("Many")
        members = import_file(ma_ladder.load(), path.read_bytes(), path.name, date(2026, 12, 1)).members
        store.apply_import(org, members, filename=path.name, sha256="0", actor="test")
        yield store, org


def _from_rows(org: Org, staff: int, on: date, rows: list[dict], tasks: list[dict]) -> service.OrgSummary:  # type: ignore[type-arg]
    """The overview counted the slow way, from every row: what the columns must agree with."""
    due = {k: sum(1 for r in rows if r["status"] == "expiring" and (date.fromisoformat(r["due"]) - on).days <= int(k))
           for k in ("30", "60", "90")}  # fmt: skip
    counts = bulk.summary(rows, tasks)
    unclear = counts["decisions"].get("unclear", 0)
    version = ma_ladder.load().dataset.version
    return service.OrgSummary(
        org.slug, org.name, on, staff, counts["statuses"], due, len(counts["flagged"]), unclear, version
    )


def test_the_overview_counted_from_columns_equals_the_one_counted_from_rows(tmp_path: Path) -> None:
    kb = ma_ladder.load()
    with _synthetic(tmp_path, 4000) as (store, org):
        for on in (date(2026, 12, 1), date(2019, 5, 1), date(2024, 2, 29)):
            fast = service.overview(store, kb, org, on)
            rows, tasks = service.evaluate(store, kb, org, on, 90)
            assert fast == _from_rows(org, store.count(org), on, rows, tasks)
            assert (
                fast.due_within["30"]
                <= fast.due_within["60"]
                <= fast.due_within["90"]
                == fast.statuses.get("expiring", 0)
            )


def test_the_dashboard_builds_only_its_rows_and_they_are_the_engines_rows(tmp_path: Path) -> None:
    kb = ma_ladder.load()
    on = date(2026, 12, 1)
    with _synthetic(tmp_path, 3000) as (store, org):
        d = service.dashboard(store, kb, org, on, shown=25)
        rows, tasks = service.evaluate(store, kb, org, on, 90)
    expiring = sorted((r for r in rows if r["status"] == "expiring"), key=lambda r: r["due"])  # stable: roster order
    for k, (lo, hi) in {"30": (-1, 30), "60": (30, 60), "90": (60, 90)}.items():
        want = [r for r in expiring if lo < (date.fromisoformat(r["due"]) - on).days <= hi]
        assert (d.due[k].rows, d.due[k].total) == (want[:25], len(want)), k
    past = [r for r in rows if r["status"] in ("grace", "lapsed")]
    flagged = [r for r in tasks if bulk.flagged(r)]
    unclear = [r for r in tasks if r["decision"] == "unclear" and not bulk.flagged(r)]
    assert (d.past.rows, d.past.total) == (past[:25], len(past)) and past
    assert (d.flagged.rows, d.flagged.total) == (flagged[:25], len(flagged)) and flagged
    assert (d.unclear.rows, d.unclear.total) == (unclear[:25], len(unclear)) and unclear
    assert d.summary.due_within["90"] == sum(d.due[k].total for k in d.due)
