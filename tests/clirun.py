"""Call the CLI in-process, the way a person calls it, and keep what it printed and its exit code."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout

import msgspec

from ma_ladder.cli import main


class Result(msgspec.Struct, frozen=True):
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def invoke(args: Sequence[str], input: str | None = None) -> Result:
    """Run ``ma-ladder ARGS`` with ``input`` on stdin; return its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO(input or "")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
    finally:
        sys.stdin = stdin
    return Result(code, out.getvalue(), err.getvalue())
