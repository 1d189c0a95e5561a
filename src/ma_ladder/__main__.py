"""``ma-ladder`` and ``python -m ma_ladder``: start light, load the CLI only when needed."""

from __future__ import annotations

import sys


def main() -> None:
    import os

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # skip scanning every installed package
    from .memo import run

    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
