"""``ma-ladder`` and ``python -m ma_ladder``: run the CLI and end quietly when stdout closes early."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Console-script entry point. ``ma-ladder … | head`` must not end in a BrokenPipeError traceback."""
    from .cli import main as run

    if sys.stdout is None:  # `ma-ladder … >&-` starts with no stdout: answer into nothing, quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    try:
        code = run()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # `ma-ladder … >&-` starts with no stdout at all
                stream.flush()
    except BrokenPipeError:
        # Python's advice: point stdout at devnull so the flush at exit cannot fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    # Everything is written and nothing is registered to run at exit: skip tearing down the tens of
    # thousands of objects of the loaded knowledge base one by one.
    os._exit(code)


if __name__ == "__main__":
    main()
