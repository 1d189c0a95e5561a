"""MA Ladder benchmarks, one command: ``python bench/run.py [--runs N] [--json]``.

This machine is small and noisy, so every figure is a median over interleaved runs, reported next
to a baseline measured in the same run:

- cold start: ``ma-ladder highest --json`` as a fresh process vs ``python -c pass``
  (target: median < 200 ms and < 10x the bare interpreter);
- scope matrix: every jurisdiction x task x credential (and no credential) in-process (target < 50 ms);
- planner: all Pareto paths for a set of profiles and goals, the slowest one (target < 50 ms each);
the in-process figures sit next to a fixed pure-Python workload (the "yardstick") timed in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
ON = date(2026, 11, 27)
PROFILES: list[dict[str, Any]] = [
    {"state": "TX", "high_school": True, "interests": ["ekg"]},
    {"state": "WA", "high_school": True},
    {"high_school": True, "experience_months": {"medical_assisting": 8}},
    {"high_school": True, "credentials": [{"id": "CMA", "expires": "2020-01-31"}]},
    {"high_school": False},
]
GOALS = ["cardiology", "CMA", "CCMA", "COMT", "practice manager", "task:injection@WA", "nursing", "phlebotomy"]


def _time_process(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _time_call(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _yardstick() -> int:
    """A fixed pure-Python workload: how fast is this interpreter on this machine right now?"""
    return sum(i * i for i in range(200_000))


def _time_env(cmd: list[str], **env: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ | env)
    return time.perf_counter() - t0


def cold_start(runs: int) -> dict[str, float]:
    """Median wall time of a fresh CLI process vs a bare interpreter, interleaved.

    Three figures: the normal run (memoised answer), with the memo off (compiled knowledge base,
    full computation), and with every cache off (YAML parsed and validated), the last three times only.
    """
    cli = [str(BIN / "ma-ladder"), "highest", "--json"]
    bare = [sys.executable, "-c", "pass"]
    _time_process(cli)  # build the caches once, as the first run after an install does
    cli_t, bare_t, nomemo_t = [], [], []
    for _ in range(runs):
        bare_t.append(_time_process(bare))
        cli_t.append(_time_process(cli))
        nomemo_t.append(_time_env(cli, MA_LADDER_NO_MEMO="1"))
    nocache = statistics.median(_time_env(cli, MA_LADDER_NO_CACHE="1") for _ in range(3))
    c, b, n = statistics.median(cli_t), statistics.median(bare_t), statistics.median(nomemo_t)
    return {
        "cli_ms": c * 1000,
        "bare_python_ms": b * 1000,
        "ratio": c / b,
        "no_memo_ms": n * 1000,
        "no_memo_ratio": n / b,
        "no_cache_ms": nocache * 1000,
    }


def in_process(runs: int) -> dict[str, Any]:
    """Scope matrix and planner medians, each next to the yardstick."""
    import ma_ladder
    from ma_ladder import goals, planner, profile, scope

    kb = ma_ladder.load()
    answers = len(scope.matrix(kb, ON))
    cases = []
    for raw in PROFILES:
        p = profile.normalise(kb, profile.from_dict(raw))
        cases += [(p, goals.parse(kb, g, p.state or "WA")) for g in GOALS]
    yard, matrix = [], []
    plans: dict[int, list[float]] = {i: [] for i in range(len(cases))}
    for _ in range(runs):
        yard.append(_time_call(_yardstick))
        matrix.append(_time_call(lambda: scope.matrix(kb, ON)))
        for i, (p, g) in enumerate(cases):
            plans[i].append(_time_call(lambda p=p, g=g: planner.plan(kb, p, g, ON)))
    medians = [statistics.median(v) for v in plans.values()]
    y = statistics.median(yard)
    slowest = max(range(len(cases)), key=lambda i: medians[i])
    return {
        "yardstick_ms": y * 1000,
        "scope_matrix": {
            "answers": answers,
            "ms": statistics.median(matrix) * 1000,
            "ratio_to_yardstick": statistics.median(matrix) / y,
        },
        "planner": {
            "cases": len(cases),
            "median_ms": statistics.median(medians) * 1000,
            "slowest_ms": medians[slowest] * 1000,
            "slowest_goal": cases[slowest][1].text,
            "ratio_slowest_to_yardstick": medians[slowest] / y,
        },
    }


def main() -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--runs", type=int, default=21)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    machine = f"{platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}"
    cs, ip = cold_start(args.runs), in_process(args.runs)
    targets = {
        "cold start < 200 ms": cs["cli_ms"] < 200,
        "cold start < 10x bare python": cs["ratio"] < 10,
        "scope matrix < 50 ms": ip["scope_matrix"]["ms"] < 50,
        "slowest plan < 50 ms": ip["planner"]["slowest_ms"] < 50,
    }
    result = {
        "date": date.today().isoformat(),
        "machine": machine,
        "runs": args.runs,
        "cold_start": cs,
        **ip,
        "targets_met": targets,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        sm, pl = ip["scope_matrix"], ip["planner"]
        print(f"{result['date']} · {machine} · {args.runs} runs, medians")
        print(
            f"cold start:   ma-ladder highest --json {cs['cli_ms']:.1f} ms; python -c pass "
            f"{cs['bare_python_ms']:.1f} ms; ratio {cs['ratio']:.1f}x"
        )
        print(
            f"              memo off {cs['no_memo_ms']:.1f} ms ({cs['no_memo_ratio']:.1f}x); "
            f"every cache off {cs['no_cache_ms']:.0f} ms"
        )
        print(
            f"scope matrix: {sm['answers']} answers in {sm['ms']:.1f} ms; "
            f"yardstick {ip['yardstick_ms']:.1f} ms; ratio {sm['ratio_to_yardstick']:.2f}x"
        )
        print(
            f"planner:      {pl['cases']} profile x goal cases, median {pl['median_ms']:.2f} ms, slowest "
            f"{pl['slowest_ms']:.2f} ms ({pl['slowest_goal']}); ratio {pl['ratio_slowest_to_yardstick']:.2f}x"
        )
        for name, ok in targets.items():
            print(f"  {'met   ' if ok else 'MISSED'} {name}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
