"""Memoised answers of pure commands, so a repeated ``ma-ladder … --json`` starts in milliseconds.

Every read-only command is a pure function of its arguments, the knowledge base, the code and (for
dated rules) today's date. Its JSON output is stored under a key made of all four, so any change to
the YAML, the wage data, the code, the arguments or the date is a miss and recomputes. Only ``--json``
runs that exit 0 are stored (text output depends on the terminal); commands that read files or ask
questions are never stored. This module imports only the standard library: a hit must not pay for
pydantic, Typer or Rich. ``MA_LADDER_NO_MEMO=1`` turns it off (``MA_LADDER_NO_CACHE=1`` turns off
this and the compiled knowledge base).
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
from datetime import date
from pathlib import Path

PACKAGE = Path(__file__).parent
PURE = {"highest", "ladder", "credentials", "show", "compare", "claims", "states", "scope", "wages", "eligible", "plan"}
NEVER = {"--profile", "--plot", "--interactive"}
KEEP = 512  # responses kept on disk


def cache_dir() -> Path:
    base = os.environ.get("MA_LADDER_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ma-ladder" / "responses"


def cacheable(argv: list[str]) -> bool:
    """Only pure commands, as --json, with no file arguments."""
    if (
        os.environ.get("MA_LADDER_NO_CACHE")
        or os.environ.get("MA_LADDER_NO_MEMO")
        or "--json" not in argv
        or not argv
        or argv[0] not in PURE
    ):
        return False
    return not any(a.split("=")[0] in NEVER for a in argv)


def key(argv: list[str]) -> str:
    """Changes with the arguments, the date, and any data or code file."""
    h = hashlib.blake2b(digest_size=20)
    h.update("\0".join(argv).encode())
    h.update(date.today().isoformat().encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml", ".csv"):
            st = path.stat()
            h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def lookup(argv: list[str]) -> tuple[str, str | None]:
    """The stored output for these arguments (or None), and the key to store under."""
    if not cacheable(argv):
        return "", None
    k = key(argv)
    try:
        return k, (cache_dir() / f"{k}.json").read_text(encoding="utf-8")
    except OSError:
        return k, None


def store(k: str, output: str) -> None:
    """Best effort: a read-only home must never break the command."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{k}.{os.getpid()}.tmp"
        tmp.write_text(output, encoding="utf-8")
        tmp.replace(folder / f"{k}.json")
        files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in files[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


class Tee(io.TextIOBase):
    """Writes through to the real stdout and keeps a copy."""

    def __init__(self, real: io.TextIOBase) -> None:
        self.real, self.copy = real, io.StringIO()

    def write(self, s: str) -> int:
        self.copy.write(s)
        return self.real.write(s)

    def flush(self) -> None:
        self.real.flush()


def run(argv: list[str]) -> int:
    """Serve a stored answer, or run the CLI (storing the answer when it is pure and succeeds)."""
    k, hit = lookup(argv)
    if hit is not None:
        sys.stdout.write(hit)
        return 0
    from .cli import app

    tee = Tee(sys.stdout) if k else None  # type: ignore[arg-type]
    if tee:
        sys.stdout = tee
    code: int | str | None = 0
    try:
        app(argv, prog_name="ma-ladder")
    except SystemExit as exc:
        code = exc.code
    finally:
        if tee:
            sys.stdout = tee.real
    if tee and code in (0, None):
        store(k, tee.copy.getvalue())
    return code if isinstance(code, int) else (0 if code is None else 1)
