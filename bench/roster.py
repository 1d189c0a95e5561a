"""The roster benchmark: ``python bench/roster.py [--records N] [--store sqlite|postgresql|both] [--json]``.

A synthetic national-scale roster (``bench/roster_data.py``: 1,000,000 credential records over 51
jurisdictions, with the tasks people perform) goes through the path an office's file takes:

- **import**: read and check every row (``roster.importing``), then write the roster in one
  transaction (``roster.store``) — into a fresh SQLite file, and into PostgreSQL;
- **evaluation**: read the roster back from the store and decide every credential's status and every
  task (``compliance.bulk.evaluate_columns``, the engine under ``roster status`` and the dashboard),
  with the counts by status and decision;
- **evaluation alone**: the engine over the roster already in memory, against the time Polars and
  DuckDB take merely to read the same file, measured in the same run.

Each phase runs in its own process, so its peak memory (``ru_maxrss``) is its own. Targets (issue
"Employer roster compliance"): import + evaluation under 60 s and under 2 GiB on each store;
evaluation alone within 3x of the faster reader.

PostgreSQL: ``--pg-url`` or ``MA_LADDER_TEST_POSTGRES``; else a throwaway server from
``scripts/pg-test-server`` (which runs with fsync off: say so when quoting its figures).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ON = date(2026, 12, 1)
TARGETS = {"total_s": 60.0, "peak_mib": 2048.0, "eval_ratio": 3.0}


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_import(url: str, path: Path) -> dict[str, Any]:
    """Read, check and store the file, as ``roster import`` does (minus printing)."""
    import ma_ladder
    from ma_ladder.roster import service
    from ma_ladder.roster.importing import import_file
    from ma_ladder.roster.store import Store

    kb = ma_ladder.load()
    t0 = time.perf_counter()
    data = path.read_bytes()
    result = import_file(kb, data, path.name, ON)
    t1 = time.perf_counter()
    with Store(url) as store:
        org, _ = store.create_org("Bench Health", "bench")
        import hashlib

        summary = store.apply_import(
            org, result.members, filename=path.name, sha256=hashlib.sha256(data).hexdigest(), actor="bench"
        )
    t2 = time.perf_counter()
    del service
    return {
        "rows": result.rows_read,
        "people": len(result.members),
        "errors": len(result.errors),
        "added": summary.added,
        "check_s": t1 - t0,
        "store_s": t2 - t1,
        "import_s": t2 - t0,
        "peak_mib": _peak_mib(),
    }


def phase_evaluate(url: str) -> dict[str, Any]:
    """Read the roster back and evaluate it, as ``roster status`` and the dashboard do."""
    import ma_ladder
    from ma_ladder.compliance import bulk
    from ma_ladder.roster.store import Store

    kb = ma_ladder.load()
    with Store(url) as store:
        org = store.org("bench")
        t0 = time.perf_counter()
        columns = store.columns(org)  # as the service reads a roster to evaluate it
        t1 = time.perf_counter()
        result = bulk.evaluate_columns(kb, columns, ON, 90)
        counts = result.counts()
        t2 = time.perf_counter()
    return {
        "credentials": len(result.row_answer),
        "task_checks": len(result.pair_answer),
        "counts": counts,
        "read_s": t1 - t0,
        "evaluate_s": t2 - t1,
        "evaluation_s": t2 - t0,
        "peak_mib": _peak_mib(),
    }


def phase_engine(path: Path, runs: int) -> dict[str, Any]:
    """The engine alone over the roster in memory as columns (what the store hands it), beside Polars'
    and DuckDB's plain read of the file; and, for the record, the same roster given as records (the
    columns built from 511,000 Python objects first)."""
    import duckdb
    import polars as pl

    import ma_ladder
    from ma_ladder.compliance import bulk
    from ma_ladder.compliance.table import RosterColumns
    from ma_ladder.roster.importing import import_file

    kb = ma_ladder.load()
    members = import_file(kb, path.read_bytes(), path.name, ON).members
    columns = RosterColumns.from_members(members)
    con = duckdb.connect()  # in memory: DuckDB's read materializes the file as a table of its own
    polars_s, duckdb_s, engine_s, records_s = [], [], [], []
    for _ in range(runs):  # interleaved, so that a noisy moment hits all three alike
        t0 = time.perf_counter()
        pl.read_csv(path, infer_schema=False)
        t1 = time.perf_counter()
        con.execute("CREATE OR REPLACE TABLE roster AS SELECT * FROM read_csv(?, all_varchar = true)", [str(path)])
        t2 = time.perf_counter()
        bulk.evaluate_columns(kb, columns, ON, 90).counts()
        t3 = time.perf_counter()
        bulk.evaluate_columns(kb, members, ON, 90).counts()
        t4 = time.perf_counter()
        polars_s.append(t1 - t0)
        duckdb_s.append(t2 - t1)
        engine_s.append(t3 - t2)
        records_s.append(t4 - t3)
    fastest = min(statistics.median(polars_s), statistics.median(duckdb_s))
    t0 = time.perf_counter()  # the output rows as dicts, what --json and the exports are made from
    result = bulk.evaluate_columns(kb, columns, ON, 90)
    rows = len(result.status_rows()) + len(result.task_rows())
    rows_s = time.perf_counter() - t0
    return {
        "rows_s": rows_s,
        "rows": rows,
        "polars_read_s": statistics.median(polars_s),
        "duckdb_read_s": statistics.median(duckdb_s),
        "engine_s": statistics.median(engine_s),
        "from_records_s": statistics.median(records_s),
        "ratio": statistics.median(engine_s) / fastest,
        "runs": runs,
    }


def _child(args: list[str]) -> dict[str, Any]:
    """Run one phase in a fresh process; its last stdout line is the phase's JSON."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"phase {args[0]} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _postgres(given: str | None) -> tuple[str, str | None, str]:
    """(URL, folder of a throwaway server to stop or None, how it was found)."""
    url = given or os.environ.get("MA_LADDER_TEST_POSTGRES")
    if url:
        return url, None, "given server"
    out = subprocess.run([str(ROOT / "scripts" / "pg-test-server"), "start"], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"cannot start PostgreSQL: {out.stderr.strip()}")
    found = dict(re.findall(r"export (\w+)='([^']*)'", out.stdout))
    return found["MA_LADDER_TEST_POSTGRES"], found["MA_LADDER_PG_DIR"], "throwaway server, fsync off"


def _fresh_schema(url: str) -> tuple[str, str]:
    """A new, empty schema on the server for this run (dropped afterwards by :func:`_drop_schema`)."""
    from sqlalchemy import create_engine, text

    name = f"bench_{os.getpid()}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {name}"))
    engine.dispose()
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{name}", name


def run(records: int, stores: list[str], pg_url: str | None, runs: int) -> dict[str, Any]:
    """Every phase, on every store asked for."""
    work = Path(tempfile.mkdtemp(prefix="ma-ladder-roster-bench-"))
    path = work / f"roster-{records}.csv"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "bench" / "roster_data.py"), str(path), "--records", str(records)],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    out: dict[str, Any] = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "records": records,
        "file_mib": path.stat().st_size / 2**20,
        "generate_s": time.perf_counter() - t0,
        "stores": {},
    }
    for store in stores:
        folder = None
        if store == "sqlite":
            url, how = f"sqlite:///{work / 'roster.sqlite'}", "file"
        else:
            base, folder, how = _postgres(pg_url)
            url, _ = _fresh_schema(base)
        try:
            imp = _child(["_import", url, str(path)])
            ev = _child(["_evaluate", url])
        finally:
            if folder:
                subprocess.run([str(ROOT / "scripts" / "pg-test-server"), "stop", folder], capture_output=True)
        out["stores"][store] = {
            "server": how, "import": imp, "evaluation": ev,
            "total_s": imp["import_s"] + ev["evaluation_s"], "peak_mib": max(imp["peak_mib"], ev["peak_mib"]),
        }  # fmt: skip
    out["engine"] = _child(["_engine", str(path), str(runs)])
    shutil.rmtree(work, ignore_errors=True)  # a few hundred MB of CSV and SQLite
    return out


def targets(r: dict[str, Any]) -> dict[str, bool]:
    met = {f"{s}: import + evaluation < 60 s": v["total_s"] < TARGETS["total_s"] for s, v in r["stores"].items()}
    met |= {f"{s}: peak memory < 2 GiB": v["peak_mib"] < TARGETS["peak_mib"] for s, v in r["stores"].items()}
    met["evaluation alone within 3x of the faster reader"] = r["engine"]["ratio"] <= TARGETS["eval_ratio"]
    return met


def report(r: dict[str, Any]) -> None:
    w = sys.stdout.write
    w(f"Roster benchmark, {r['date']}, {r['machine']}\n")
    w(f"  {r['records']:,} credential records, {r['file_mib']:.0f} MiB of CSV\n")
    for store, v in r["stores"].items():
        i, e = v["import"], v["evaluation"]
        w(f"\n  {store} ({v['server']}): {i['people']:,} people\n")
        w(f"    import      {i['import_s']:6.1f} s  (check rows {i['check_s']:.1f} s, store {i['store_s']:.1f} s)"
          f"  peak {i['peak_mib']:,.0f} MiB\n")  # fmt: skip
        w(f"    evaluation  {e['evaluation_s']:6.1f} s  (read back {e['read_s']:.1f} s, engine {e['evaluate_s']:.1f} s)"
          f"  peak {e['peak_mib']:,.0f} MiB\n")  # fmt: skip
        w(
            f"    total       {v['total_s']:6.1f} s  "
            f"({e['credentials']:,} credentials, {e['task_checks']:,} task checks)\n"
        )
    g = r["engine"]
    w(f"\n  engine alone (median of {g['runs']}): {g['engine_s']:.2f} s; Polars reads the file in "
      f"{g['polars_read_s']:.2f} s, DuckDB in {g['duckdb_read_s']:.2f} s: {g['ratio']:.1f}x the faster\n"
      f"  the same roster given as records (columns built first): {g['from_records_s']:.2f} s\n")  # fmt: skip
    w(f"  evaluation and all {g['rows']:,} output rows built as dicts: {g['rows_s']:.2f} s\n")
    w("\n  Targets:\n")
    for name, ok in targets(r).items():
        w(f"    {'met' if ok else 'MISSED':6}  {name}\n")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):  # a phase, in its own process
        phase, rest = sys.argv[1], sys.argv[2:]
        if phase == "_import":
            result = phase_import(rest[0], Path(rest[1]))
        elif phase == "_evaluate":
            result = phase_evaluate(rest[0])
        else:
            result = phase_engine(Path(rest[0]), int(rest[1]))
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--store", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--pg-url", help="PostgreSQL URL (default: MA_LADDER_TEST_POSTGRES, else a throwaway server)")
    ap.add_argument("--runs", type=int, default=3, help="runs of the engine-alone comparison (median)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    stores = ["sqlite", "postgresql"] if a.store == "both" else [a.store]
    r = run(a.records, stores, a.pg_url, a.runs)
    r["targets"] = targets(r)
    if a.json:
        sys.stdout.write(json.dumps(r, indent=2) + "\n")
    else:
        report(r)
    return 0 if all(r["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
