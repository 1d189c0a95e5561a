"""Benchmark of questions in plain English: in-process answers, one CLI call, and --batch of 1,000.

Every question is new (a different state, task, credential or wording each time) and nothing stores
answers, so each figure is the path a new question takes.
"""

from __future__ import annotations

import itertools
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent / "ma-ladder"
TARGETS = {"in_process_ms": 5.0, "cli_ms": 150.0, "batch_1000_s": 5.0}
STATES = [
    "Texas", "NY", "calfornia", "Mass.", "Washington", "ohio", "NJ", "Connecticut", "NYC", "florida", "Oregon",
    "Seattle", "georgia", "Houston", "Illinois", "Arizona", "michigan", "Virginia", "N.Y.", "South Dakota",
]  # fmt: skip
TEMPLATES = [
    "can a {cred} give {task} in {state}",
    "can an uncertified MA do {task} in {state}",
    "how long is a {cred} good for",
    "how much is the {cred} exam",
    "what does a medical assistant make in {state}",
    "is {cred} or RMA better",
    "what is the highest level of medical assistant",
    "will robots replace MAs in {state}",
]
TASKS = ["flu shots", "draw blood", "IV", "x-rays", "EKG", "triage", "refills", "finger stick", "vitals"]
CREDS = ["CMA", "CCMA", "NCMA", "CMAC", "registered medical assistant", "cma (aama)"]


def questions(n: int) -> list[str]:
    """``n`` different questions, interleaved so that each kind comes round often."""
    combos = itertools.product(STATES, TASKS, CREDS, TEMPLATES)
    unique = dict.fromkeys(t.format(state=s, task=k, cred=c) for s, k, c, t in combos)
    if len(unique) < n:
        raise ValueError(f"only {len(unique)} different questions")
    return list(unique)[:n]


def run(runs: int = 21, env: dict[str, str] | None = None) -> dict[str, Any]:
    from ma_ladder.ask import ask
    from ma_ladder.kb import load

    kb = load()
    qs = questions(1000)
    ask(kb, qs[0])  # the name and passage indexes are built once per knowledge base
    times = []
    for q in qs[1:401]:
        t0 = time.perf_counter()
        ask(kb, q)
        times.append(time.perf_counter() - t0)
    cli = []
    for q in qs[401 : 401 + runs]:
        t0 = time.perf_counter()
        subprocess.run([str(BIN), "ask", q, "--json"], check=True, stdout=subprocess.DEVNULL, env=env)
        cli.append(time.perf_counter() - t0)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(qs) + "\n")
    t0 = time.perf_counter()
    subprocess.run([str(BIN), "ask", "--batch", fh.name, "--json"], check=True, stdout=subprocess.DEVNULL, env=env)
    batch = time.perf_counter() - t0
    Path(fh.name).unlink()
    return {
        "in_process_median_ms": statistics.median(times) * 1000,
        "in_process_p99_ms": sorted(times)[int(len(times) * 0.99)] * 1000,
        "cli_median_ms": statistics.median(cli) * 1000,
        "batch_1000_s": batch,
    }


def targets(r: dict[str, Any]) -> dict[str, bool]:
    return {
        f"ask in-process median < {TARGETS['in_process_ms']:g} ms": r["in_process_median_ms"]
        < TARGETS["in_process_ms"],
        f"ask, one CLI call < {TARGETS['cli_ms']:g} ms": r["cli_median_ms"] < TARGETS["cli_ms"],
        f"ask --batch of 1,000 < {TARGETS['batch_1000_s']:g} s": r["batch_1000_s"] < TARGETS["batch_1000_s"],
    }


def report(r: dict[str, Any]) -> None:
    print("ask (new questions, nothing stored):")
    print(f"  in-process answer: median {r['in_process_median_ms']:.2f} ms, p99 {r['in_process_p99_ms']:.2f} ms")
    print(f"  one CLI call (ask ... --json): median {r['cli_median_ms']:.1f} ms")
    print(f"  --batch of 1,000 questions: {r['batch_1000_s']:.2f} s")
