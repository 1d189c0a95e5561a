"""Load test of one server process on loopback with wrk (Debian's package): throughput and p99 latency.

Each endpoint's throughput is reported as a ratio to ``/api/v1/health`` measured on the same server
in the same run, in interleaved rounds (medians), at 32 concurrent connections. Every wrk call is
bounded in time (``-d``) and by a timeout; the server listens on 127.0.0.1 only and is stopped at
the end. The scope, highest and state-page runs ask a new question on every request (Lua scripts
vary the state, the date or the weights), so no answer could be reused; the server stores none.

The p99 is wrk's: it corrects for coordinated omission, adding for every slow response a sample at
each mean interval below it, so a few slow responses count many times. Every wrk run opens its 32
connections afresh, so the p99 also measures how soon a busy server accepts a burst of new ones.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent / "ma-ladder"
TARGETS = {"api_ratio": 0.6, "page_ratio": 0.4, "p99_ms": 50.0}
# Lua scripts for wrk that ask a different question on every request.
STATES = '{"TX","WA","NY","CA","FL","OH","MA","NJ","CT","ND","SD","NE","AZ","IL","GA","CO","MI","VA","OR","NV"}'
LUA = {
    "scope": """
local states = STATES
local n = 0
request = function()
  n = n + 1
  local day = string.format("20%02d-%02d-%02d", 10 + n % 17, 1 + n % 12, 1 + n % 28)
  return wrk.format("GET", "/api/v1/scope?state=" .. states[1 + n % #states] .. "&task=injection&on=" .. day)
end
""".replace("STATES", STATES),
    "highest": """
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", string.format("/api/v1/highest?renewal=0.%03d&eligibility=0.%03d", n % 997, n % 991))
end
""",
    "state": """
local states = STATES
local held = {"", "?credential=CMA", "?credential=none", "?credential=RMA", "?credential=CCMA", "?credential=NCMA"}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/states/" .. states[1 + n % #states] .. held[1 + math.floor(n / 7) % #held])
end
""".replace("STATES", STATES),
}
ENDPOINTS: dict[str, tuple[str, str]] = {
    # name -> (kind, path); kind "api" or "page" decides the target ratio ("file" has none, only the
    # p99); "lua:X" varies the question; "linked:X" is the URL the home page links for file X
    "/api/v1/scope (new state, date)": ("api", "lua:scope"),
    "/api/v1/highest (new weights)": ("api", "lua:highest"),
    "home page /": ("page", "/"),
    "/states/XX page (new state, credential)": ("page", "lua:state"),
    "/static/site.css (as pages link it)": ("file", "linked:stylesheet"),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within {seconds:.0f} s")


def _linked(base: str, path: str) -> str:
    """A plain path as it is; ``linked:REL`` as the URL the home page links with ``rel="REL"``."""
    if not path.startswith("linked:"):
        return path
    with urllib.request.urlopen(base + "/", timeout=5) as r:
        page = r.read().decode()
    found = re.search(rf'<link rel="{path[7:]}" href="([^"]+)"', page)
    if not found:
        raise RuntimeError(f"the home page links no {path[7:]}")
    return found.group(1)


def _wrk(url: str, seconds: int, script: str | None) -> dict[str, float]:
    cmd = ["wrk", "-t1", "-c32", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    cmd += ["-s", script] if script else []
    out = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", out)
    if errors:
        raise RuntimeError(f"{url}: errors under load: {errors.group(0)}")
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan")}


def run(rounds: int = 3, seconds: int = 4) -> dict[str, Any]:
    """Start one server process, load each endpoint in interleaved rounds, stop the server."""
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    server = subprocess.Popen(
        [str(BIN), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        _wait(base + "/api/v1/health")
        scripts = {}
        for name, code in LUA.items():
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
                fh.write(code)
            scripts[name] = fh.name
        samples: dict[str, list[dict[str, float]]] = {"health": [], **{name: [] for name in ENDPOINTS}}
        runs = {"health": ("/api/v1/health", None)} | {
            name: ("/", scripts[path[4:]]) if path.startswith("lua:") else (_linked(base, path), None)
            for name, (_, path) in ENDPOINTS.items()
        }
        for path, script in runs.values():
            _wrk(base + path, 2, script)  # warm-up, not counted: first requests pay for imports and caches
        names = list(runs)
        for r in range(rounds):
            for name in names[r % len(names) :] + names[: r % len(names)]:  # a new order each round
                path, script = runs[name]
                time.sleep(1)  # let the server finish the previous run's queued requests first
                samples[name].append(_wrk(base + path, seconds, script))
        for path in scripts.values():
            os.unlink(path)
    finally:
        server.terminate()
        server.wait(timeout=30)
    med = {n: {k: statistics.median(s[k] for s in v) for k in ("rps", "p99_ms")} for n, v in samples.items()}
    health = med.pop("health")
    rows = {name: {**m, "ratio": m["rps"] / health["rps"], "kind": ENDPOINTS[name][0]} for name, m in med.items()}
    return {"rounds": rounds, "seconds": seconds, "connections": 32, "health": health, "endpoints": rows}


def targets(r: dict[str, Any]) -> dict[str, bool]:
    met = {f"p99 /api/v1/health < {TARGETS['p99_ms']:g} ms": r["health"]["p99_ms"] < TARGETS["p99_ms"]}
    for name, e in r["endpoints"].items():
        if e["kind"] in ("api", "page"):
            floor = TARGETS["api_ratio"] if e["kind"] == "api" else TARGETS["page_ratio"]
            met[f"{name} throughput >= {floor:g}x health"] = e["ratio"] >= floor
        met[f"p99 {name} < {TARGETS['p99_ms']:g} ms"] = e["p99_ms"] < TARGETS["p99_ms"]
    return met


def report(r: dict[str, Any]) -> None:
    h = r["health"]
    print(f"load (one server process, wrk, {r['connections']} connections, {r['rounds']} x {r['seconds']} s, medians;")
    print("a new question each request; home's is the same one, answered afresh each time):")
    print(f"  {'/api/v1/health':40} {h['rps']:8.0f} req/s  1.00x  p99 {h['p99_ms']:5.1f} ms")
    for name, e in r["endpoints"].items():
        print(f"  {name:40} {e['rps']:8.0f} req/s  {e['ratio']:4.2f}x  p99 {e['p99_ms']:5.1f} ms")
