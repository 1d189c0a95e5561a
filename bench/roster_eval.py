"""Whole-roster evaluation against reading the same file: ``python bench/roster_eval.py [CSV] [--runs N]``.

The issue's target: evaluating a roster (members already in memory) within 3x of the time Polars or
DuckDB take merely to read the roster's CSV, measured in the same run. This machine is small and
noisy, so the runs are interleaved (read with Polars, read with DuckDB, evaluate, again) and each
figure is the median of ``--runs``; the ratio is evaluation over the Polars read.

- ``polars_read_s``: ``pl.read_csv(path, infer_schema=False)``, every column as text, into a DataFrame.
- ``duckdb_read_s``: ``CREATE TABLE t AS SELECT * FROM read_csv(path, all_varchar=true)`` in an
  in-memory database: the file read into DuckDB's own columnar memory, like Polars' DataFrame (its
  ``.arrow()`` needs pyarrow, not installed, and ``.fetchnumpy()`` would time building Python strings).
- ``evaluation_s``: :func:`ma_ladder.compliance.bulk.evaluate_columns` on the imported roster as
  columns (:class:`ma_ladder.compliance.table.RosterColumns`, the form the store hands the engine); the
  first run (which also fills the knowledge base's scope caches) is reported as ``evaluation_first_s``.
- ``columns_s``: building those columns from the imported records (511,000 Python objects);
  ``from_records_s``: the engine given the records (columns built first).
- ``rows_s``: materializing every public row dict from the columns (status rows, then task rows).

Without CSV, the file is ``/tmp/roster1m.csv``, written by ``bench/roster_data.py`` if missing.
``--cache FILE`` keeps the imported members in a pickle for the next run (the import takes a while).
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

import ma_ladder
from ma_ladder.compliance import bulk
from ma_ladder.compliance.records import StaffMember
from ma_ladder.compliance.table import RosterColumns
from ma_ladder.roster.importing import import_file

ON = date(2026, 12, 1)
WINDOW = 90


def _timed(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def _members(path: Path, cache: Path | None) -> tuple[list[StaffMember], float | None]:
    if cache and cache.exists() and cache.stat().st_mtime >= path.stat().st_mtime:
        with cache.open("rb") as f:
            return list(pickle.load(f)), None
    start = time.perf_counter()
    result = import_file(ma_ladder.load(), path, path.name, ON)
    took = time.perf_counter() - start
    if cache:
        with cache.open("wb") as f:
            pickle.dump(result.members, f, protocol=pickle.HIGHEST_PROTOCOL)
    return list(result.members), took


def _duckdb_read(path: Path) -> Callable[[], object]:
    def read() -> object:
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar=true)", [str(path)])
        rows = con.execute("SELECT count(*) FROM t").fetchone()
        con.close()
        return rows

    return read


def measure(path: Path, runs: int, cache: Path | None) -> dict[str, Any]:
    """The figures, as a dict (see the module's docstring)."""
    kb = ma_ladder.load()
    members, import_s = _members(path, cache)
    gc.collect()
    gc.freeze()  # the members live for the whole run: keep the collector from rescanning them
    columns_s = _timed(lambda: RosterColumns.from_members(members))
    columns = RosterColumns.from_members(members)
    evaluate = lambda: bulk.evaluate_columns(kb, columns, ON, WINDOW)  # noqa: E731
    first = _timed(evaluate)
    polars_s, duckdb_s, eval_s, records_s = [], [], [], []
    for _ in range(runs):
        polars_s.append(_timed(lambda: pl.read_csv(path, infer_schema=False)))
        duckdb_s.append(_timed(_duckdb_read(path)))
        eval_s.append(_timed(evaluate))
        records_s.append(_timed(lambda: bulk.evaluate_columns(kb, members, ON, WINDOW)))
    result = evaluate()
    rows_s = [_timed(lambda: (result.status_rows(), result.task_rows())) for _ in range(runs)]
    counts = result.counts()
    gc.unfreeze()  # (let the interpreter finalize everything on exit)
    polars, duck, ev = statistics.median(polars_s), statistics.median(duckdb_s), statistics.median(eval_s)
    return {
        "file": str(path),
        "records": len(result.statuses.record_answer),
        "people": len(members),
        "person_task_pairs": len(result.pair_answer),
        "distinct_status_answers": len(result.statuses.keys),
        "distinct_task_answers": len(result.task_answers),
        "runs": runs,
        "polars_read_s": round(polars, 3),
        "duckdb_read_s": round(duck, 3),
        "evaluation_s": round(ev, 3),
        "evaluation_first_s": round(first, 3),
        "columns_s": round(columns_s, 3),
        "from_records_s": round(statistics.median(records_s), 3),
        "ratio": round(ev / polars, 2),
        "ratio_duckdb": round(ev / duck, 2),
        "rows_s": round(statistics.median(rows_s), 3),
        "all_runs": {
            "polars_read_s": [round(x, 3) for x in polars_s],
            "duckdb_read_s": [round(x, 3) for x in duckdb_s],
            "evaluation_s": [round(x, 3) for x in eval_s],
            "from_records_s": [round(x, 3) for x in records_s],
            "rows_s": [round(x, 3) for x in rows_s],
        },
        "import_s": round(import_s, 3) if import_s is not None else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "statuses": counts["statuses"],
        "decisions": counts["decisions"],
        "flagged": counts["flagged"],
        "target_met": ev <= 3 * polars,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("csv", type=Path, nargs="?", default=Path("/tmp/roster1m.csv"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=None, help="a pickle of the imported members, reused when newer")
    a = ap.parse_args()
    if not a.csv.exists():
        subprocess.run([sys.executable, str(Path(__file__).with_name("roster_data.py")), str(a.csv)], check=True)
    sys.stdout.write(json.dumps(measure(a.csv, a.runs, a.cache), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
