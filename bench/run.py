"""MA Ladder benchmarks, one command: ``python bench/run.py [--runs N] [--json]``.

This machine is small and noisy, so every figure is a median over interleaved runs, reported next
to a baseline measured in the same run:

- cold start: ``ma-ladder highest --json`` as a fresh process vs ``python -c pass``
  (target: median < 200 ms and < 10x the bare interpreter);
- scope matrix: every jurisdiction x task x credential (and no credential) evaluated in-process
  (target: < 50 ms), next to a fixed pure-Python workload as the machine's yardstick.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

BIN = Path(sys.executable).parent


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


def cold_start(runs: int) -> dict[str, float]:
    """Median wall time of a fresh CLI process vs a bare interpreter, interleaved."""
    cli = [str(BIN / "ma-ladder"), "highest", "--json"]
    bare = [sys.executable, "-c", "pass"]
    _time_process(cli)  # build the compiled cache once, as a first run after install would
    cli_t, bare_t = [], []
    for _ in range(runs):
        bare_t.append(_time_process(bare))
        cli_t.append(_time_process(cli))
    c, b = statistics.median(cli_t), statistics.median(bare_t)
    return {"cli_ms": c * 1000, "bare_python_ms": b * 1000, "ratio": c / b}


def scope_matrix(runs: int) -> dict[str, float]:
    """Median time to evaluate the whole scope matrix in-process, vs the yardstick."""
    import ma_ladder
    from ma_ladder import scope

    kb = ma_ladder.load()
    n = len(scope.matrix(kb, date(2026, 11, 27)))
    m_t, y_t = [], []
    for _ in range(runs):
        y_t.append(_time_call(_yardstick))
        m_t.append(_time_call(lambda: scope.matrix(kb, date(2026, 11, 27))))
    m, y = statistics.median(m_t), statistics.median(y_t)
    return {"answers": n, "matrix_ms": m * 1000, "yardstick_ms": y * 1000, "ratio": m / y}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=21)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}",
        "runs": args.runs,
        "cold_start": cold_start(args.runs),
        "scope_matrix": scope_matrix(args.runs),
    }
    targets = {
        "cold start < 200 ms": result["cold_start"]["cli_ms"] < 200,
        "cold start < 10x bare python": result["cold_start"]["ratio"] < 10,
        "scope matrix < 50 ms": result["scope_matrix"]["matrix_ms"] < 50,
    }
    result["targets_met"] = targets
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        cs, sm = result["cold_start"], result["scope_matrix"]
        print(f"{result['date']} · {result['machine']} · {args.runs} runs, medians")
        print(
            f"cold start   ma-ladder highest --json {cs['cli_ms']:7.1f} ms | python -c pass {cs['bare_python_ms']:6.1f} ms | ratio {cs['ratio']:.1f}x"
        )
        print(
            f"scope matrix {sm['answers']} answers {sm['matrix_ms']:7.1f} ms | yardstick {sm['yardstick_ms']:6.1f} ms | ratio {sm['ratio']:.2f}x"
        )
        for name, ok in targets.items():
            print(f"  {'met ' if ok else 'MISSED'} {name}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
