"""``ma-ladder`` and ``python -m ma_ladder``: run the CLI and end quietly when stdout closes early."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Console-script entry point. ``ma-ladder … | head`` must not end in a BrokenPipeError traceback."""
    from .cli import main as run

    try:
        code = run()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        # Python's advice: point stdout at devnull so the flush at exit cannot fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    # Everything is written and nothing is registered to run at exit: skip tearing down the tens of
    # thousands of objects of the loaded knowledge base one by one.
    os._exit(code)


if __name__ == "__main__":
    main()
