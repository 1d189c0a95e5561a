"""Start ``ma-ladder serve`` the way a person does, on a free loopback port, for tests that need a real server."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def serving() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The server process and its base URL, once it answers its health check; stopped when the block ends."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ma_ladder = Path(sys.executable).parent / "ma-ladder"
    proc = subprocess.Popen([str(ma_ladder), "serve", "--port", str(port)], stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/api/v1/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextlib.contextmanager
def running_server() -> Iterator[str]:
    """``ma-ladder serve`` on a free loopback port until the block ends; yields its base URL."""
    with serving() as (base, _):
        yield base
