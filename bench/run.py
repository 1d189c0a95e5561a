"""MA Ladder benchmarks, one command: ``python bench/run.py [--runs N] [--only core|web|ask|roster] [--json]``.

This machine is small and noisy, so every figure is a median over interleaved runs, reported next
to a baseline measured in the same run; no figure comes from a stored answer:

- cold starts, each a fresh process, against a bare ``python -c pass``:
  ``scope --state TX --task injection --json`` with a different ``--on`` date every run,
  ``highest --json``, ``highest`` (text) and ``--help`` (targets: median < 120 ms and < 8x);
- the first run after an install, with the compiled knowledge base removed and an empty cache
  folder, so that it validates every YAML file (target < 1 s);
- in-process: one scope answer evaluated and serialized (target < 30 µs), ``ladder.highest``,
  ``planner.plan``, ``advisor.advise`` (target < 3 ms) and the full scope matrix (target < 25 ms),
  beside a fixed pure-Python workload (the "yardstick") timed in the same run.

- the web app under load (``bench/load.py``): one server process, wrk at 32 connections, the
  throughput of API endpoints and pages as ratios to ``/api/v1/health`` and their p99 latency;
- the employer roster (``bench/roster.py``): a million-record roster imported and evaluated on
  SQLite and PostgreSQL, and the engine against Polars' and DuckDB's read of the same file.

The package's modules are byte-compiled first, as ``pip install`` does; with
``PYTHONDONTWRITEBYTECODE`` set, every process would otherwise recompile them.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent / "ma-ladder"
ON = date(2026, 11, 27)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
PROFILES: list[dict[str, Any]] = [
    {"state": "TX", "high_school": True, "interests": ["ekg"]},
    {"state": "WA", "high_school": True},
    {"high_school": True, "experience_months": {"medical_assisting": 8}},
    {"high_school": True, "credentials": [{"id": "CMA", "expires": "2020-01-31"}]},
    {"high_school": False},
]
GOALS = ["cardiology", "CMA", "CCMA", "COMT", "practice manager", "task:injection@WA", "nursing", "phlebotomy"]
TARGETS = {
    "cold_ms": 120.0,
    "cold_ratio": 8.0,
    "first_run_ms": 1000.0,
    "scope_answer_us": 30.0,
    "advise_ms": 3.0,
    "matrix_ms": 25.0,
}


def _time_process(cmd: list[str], env: dict[str, str] = ENV) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t0


def _median_call(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _yardstick() -> int:
    """A fixed pure-Python workload: how fast is this interpreter on this machine right now?"""
    return sum(i * i for i in range(200_000))


def cold_starts(runs: int) -> dict[str, Any]:
    """Fresh processes, interleaved with the bare interpreter so that noise hits every figure alike."""
    import ma_ladder

    compileall.compile_dir(str(Path(ma_ladder.__file__).parent), quiet=1)
    cmds: dict[str, Callable[[int], list[str]]] = {
        "scope --json (new --on each run)": lambda i: [
            str(BIN), "scope", "--state", "TX", "--task", "injection", "--on", str(ON - timedelta(days=i)), "--json",
        ],
        "highest --json": lambda i: [str(BIN), "highest", "--json"],
        "highest (text)": lambda i: [str(BIN), "highest"],
        "--help": lambda i: [str(BIN), "--help"],
    }  # fmt: skip
    bare = [sys.executable, "-c", "pass"]
    for make in cmds.values():
        _time_process(make(-1))  # warm the OS file cache and the compiled knowledge base once
    times: dict[str, list[float]] = {name: [] for name in ["python -c pass", *cmds]}
    for i in range(runs):
        times["python -c pass"].append(_time_process(bare))
        for name, make in cmds.items():
            times[name].append(_time_process(make(i)))
    medians = {name: statistics.median(v) * 1000 for name, v in times.items()}
    base = medians["python -c pass"]
    return {
        "bare_python_ms": base,
        "commands": {n: {"ms": m, "ratio": m / base} for n, m in medians.items() if n != "python -c pass"},
    }


def first_run(runs: int = 3) -> dict[str, float]:
    """The first call after an install, and the first after a change to the data.

    After an install the package carries its compiled copy (``setup.py`` compiles it into a wheel, and
    into the source tree of an editable install); the user's cache folder is empty and no digest memo
    exists yet, so every knowledge file is hashed. After a change to the data no copy matches, and
    the call validates every YAML file and compiles them again.
    """
    from glob import glob

    from ma_ladder.kb import compiled

    def once(remove: str) -> float:
        for path in glob(os.path.join(compiled.SHIPPED, remove)):
            os.unlink(path)
        with tempfile.TemporaryDirectory() as cache:
            return _time_process([str(BIN), "highest", "--json"], ENV | {"MA_LADDER_CACHE": cache})

    _time_process([str(BIN), "highest", "--json"])  # make sure the package holds its compiled copy
    after_install = [once("digests-*.tsv") for _ in range(runs)]
    after_edit = [once("*") for _ in range(runs)]
    _time_process([str(BIN), "highest", "--json"])  # leave a compiled copy for what follows
    return {
        "ms": statistics.median(after_install) * 1000,
        "after_data_change_ms": statistics.median(after_edit) * 1000,
        "runs": runs,
    }


def in_process(runs: int) -> dict[str, Any]:
    """Engine latencies on one loaded knowledge base, each beside the yardstick."""
    import ma_ladder
    from ma_ladder import ladder, scope, serialize
    from ma_ladder.paths import advisor, goals, planner, profile

    kb = ma_ladder.load()
    people = [profile.normalise(kb, profile.from_dict(raw)) for raw in PROFILES]
    cases = [(p, goals.parse(kb, g, p.state or "WA")) for p in people for g in GOALS]
    answer = [0]

    def one_answer() -> None:  # a new date every call, so nothing can be reused
        answer[0] += 1
        serialize.to_json(scope.evaluate(kb, "TX", "injection", None, ON - timedelta(days=answer[0] % 3650)))

    yard = _median_call(_yardstick, runs)
    scope_us = statistics.median(_median_call(one_answer, 200) for _ in range(runs)) * 1e6
    plans = [_median_call(lambda p=p, g=g: planner.plan(kb, p, g, ON), runs) for p, g in cases]
    advice = [_median_call(lambda p=p: advisor.advise(kb, p, ON), runs) for p in people]
    slowest = max(range(len(cases)), key=lambda i: plans[i])
    return {
        "yardstick_ms": yard * 1000,
        "scope_answer_serialized_us": scope_us,
        "highest_ms": _median_call(lambda: ladder.highest(kb), runs) * 1000,
        "matrix": {"cells": len(scope.matrix(kb, ON)), "ms": _median_call(lambda: scope.matrix(kb, ON), runs) * 1000},
        "plan": {
            "cases": len(cases),
            "median_ms": statistics.median(plans) * 1000,
            "slowest_ms": plans[slowest] * 1000,
            "slowest_goal": cases[slowest][1].text,
        },
        "advise": {
            "profiles": len(people),
            "slowest_ms": max(advice) * 1000,
            "median_ms": statistics.median(advice) * 1000,
        },
    }


def targets(cs: dict[str, Any], fr: dict[str, float], ip: dict[str, Any]) -> dict[str, bool]:
    met = {}
    for name, c in cs["commands"].items():
        met[f"cold start {name} < {TARGETS['cold_ms']:g} ms"] = c["ms"] < TARGETS["cold_ms"]
        met[f"cold start {name} < {TARGETS['cold_ratio']:g}x bare python"] = c["ratio"] < TARGETS["cold_ratio"]
    met["first run after install < 1 s"] = fr["ms"] < TARGETS["first_run_ms"]
    met["scope answer + serialization < 30 µs"] = ip["scope_answer_serialized_us"] < TARGETS["scope_answer_us"]
    met["advise (slowest profile) < 3 ms"] = ip["advise"]["slowest_ms"] < TARGETS["advise_ms"]
    met["scope matrix < 25 ms"] = ip["matrix"]["ms"] < TARGETS["matrix_ms"]
    return met


def report(r: dict[str, Any]) -> None:
    print(f"{r['date']} · {r['machine']} · {r['runs']} runs, medians")
    if "cold_start" in r:
        _report_core(r)
    if "ask" in r:
        import ask

        ask.report(r["ask"])
    if "load" in r:
        import load

        load.report(r["load"])
    for name, ok in r["targets_met"].items():
        print(f"  {'met   ' if ok else 'MISSED'} {name}")


def _report_core(r: dict[str, Any]) -> None:
    cs, ip = r["cold_start"], r["in_process"]
    print(f"cold start (python -c pass {cs['bare_python_ms']:.1f} ms):")
    for name, c in cs["commands"].items():
        print(f"  {name:34} {c['ms']:6.1f} ms  {c['ratio']:4.1f}x")
    fr = r["first_run"]
    print(f"first run after install, empty cache: {fr['ms']:.0f} ms")
    print(f"first run after a change to the data (validates every file): {fr['after_data_change_ms']:.0f} ms")
    y = ip["yardstick_ms"]
    print(f"in-process (yardstick {y:.2f} ms):")
    print(f"  scope answer + serialization       {ip['scope_answer_serialized_us']:6.1f} µs")
    print(f"  ladder.highest                     {ip['highest_ms']:6.2f} ms  {ip['highest_ms'] / y:4.2f}x yardstick")
    m = ip["matrix"]
    print(f"  scope matrix ({m['cells']} cells)        {m['ms']:6.2f} ms  {m['ms'] / y:4.2f}x yardstick")
    p = ip["plan"]
    print(f"  planner, {p['cases']} cases: median        {p['median_ms']:6.2f} ms, slowest {p['slowest_ms']:.2f} ms")
    a = ip["advise"]
    print(
        f"  advisor, {a['profiles']} profiles: median       {a['median_ms']:6.2f} ms, slowest {a['slowest_ms']:.2f} ms"
    )


def main() -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--runs", type=int, default=21)
    p.add_argument("--only", choices=["core", "web", "ask", "roster"], help="only one part: core, web, ask or roster")
    p.add_argument("--roster-records", type=int, default=1_000_000, help="size of the roster benchmark's file")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    machine = f"{platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}"
    r: dict[str, Any] = {"date": date.today().isoformat(), "machine": machine, "runs": args.runs, "targets_met": {}}
    if args.only in (None, "core"):
        fr, cs, ip = first_run(), cold_starts(args.runs), in_process(args.runs)
        r |= {"cold_start": cs, "first_run": fr, "in_process": ip}
        r["targets_met"] |= targets(cs, fr, ip)
    sys.path.insert(0, str(Path(__file__).parent))
    if args.only in (None, "ask"):
        import ask

        r["ask"] = ask.run(args.runs, ENV)
        r["targets_met"] |= ask.targets(r["ask"])
    if args.only in (None, "web"):
        import load

        r["load"] = load.run()
        r["targets_met"] |= load.targets(r["load"])
    if args.only in (None, "roster"):  # the longest part (a few minutes): a million-record roster, two stores
        import roster

        r["roster"] = roster.run(args.roster_records, ["sqlite", "postgresql"], None, 3)
        r["targets_met"] |= roster.targets(r["roster"])
    if args.json:
        print(json.dumps(r, indent=2))
    else:
        report(r)
        if "roster" in r:
            roster.report(r["roster"])
    return 0 if all(r["targets_met"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
