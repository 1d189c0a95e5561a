"""CLI command for the web app: ``serve`` starts the pages and the REST API (uvicorn)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import UsageError
from . import output
from .app import add_command


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = add_command(sub, "serve", serve)
    p.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1; 0.0.0.0 for all).")
    p.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
    p.add_argument("--workers", type=int, default=1, help="Worker processes (default 1); each loads the data once.")


def serve(args: argparse.Namespace) -> int:
    """Start the web app and the REST API on the embedded data; prints the address to open."""
    import uvicorn

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: give a port from 1 to 65535")
    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: give 1 or more")
    shown = "localhost" if args.host in ("127.0.0.1", "0.0.0.0", "::") else args.host
    url = f"http://{shown}:{args.port}/"
    if args.as_json:
        output.emit_json({"url": url, "api": url + "api/v1", "docs": url + "api/v1/docs", "workers": args.workers})
    else:
        sys.stdout.write(f"MA Ladder is running at {url}\n  API  {url}api/v1\n  docs {url}api/v1/docs\n")
        sys.stdout.write("Ctrl+C stops it.\n")
    sys.stdout.flush()
    uvicorn.run(
        "ma_ladder.web.app:app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        # asyncio's own loop, not uvloop: libuv accepts one connection per loop turn (libuv pull
        # request 3696), so on a busy server the k-th of a burst of new connections (a browser opens
        # several) waits k turns, each as long as the requests queued before it. asyncio accepts
        # the whole backlog in one turn. It costs 5-8% more instructions a request; the measured rates
        # moved within the machine's noise (docs/performance.md).
        loop="asyncio",
        http="httptools",
        log_level="warning",
        access_log=False,
    )
    return 0
