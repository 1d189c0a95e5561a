"""``ma-ladder``: the command line. Thin: it parses, resolves names, calls an engine, prints the result.

Every command takes ``--json`` and then prints one JSON object on stdout. Exit codes: 0 ok, 1 failure,
2 bad usage or input; with ``--json`` every error, usage errors included, is one JSON object on
stderr. The parser is the standard library's argparse: each command module registers its commands
and imports its engines only when one of them runs, so ``--help`` and a ``--json`` answer start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import MaLadderError, UnknownName, UsageError, tidy
from . import output

DESCRIPTION = (
    "The US medical-assistant career ladder: credentials, state scope of practice, paths, wages. "
    "Every fact cites its source."
)


class Help(argparse.HelpFormatter):
    """argparse's help, at the width :func:`output.width` reads (argparse would import shutil for it)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=min(output.width(), 100))


class Parser(argparse.ArgumentParser):
    """argparse, except that a usage error is raised as ours (so ``--json`` shapes it and the code is 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Help)
        kwargs.setdefault("allow_abbrev", False)  # "--stat" is a typo to report, not a guess at --state
        super().__init__(*args, **kwargs)
        self.as_json = False  # set by parser() when the call asked for --json

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """argparse's parse, then: an empty or blank value (``--state ""``) is an error that names its
        option, never taken as "not given" or passed on to fail further in."""
        ns, extras = super().parse_known_args(args, namespace)
        for action in self._actions:
            value = getattr(ns, action.dest, None) if action.dest != argparse.SUPPRESS else None
            values = value if isinstance(value, list) else [value]
            if value is not action.default and any(isinstance(v, str) and not v.strip() for v in values):
                if action.option_strings:
                    name = next((o for o in action.option_strings if o.startswith("--")), action.option_strings[0])
                    raise UsageError(f"{name} is empty; give a value or leave the option out", action.dest)
                raise UsageError(
                    f"the {action.metavar or action.dest} is empty (see `{self.prog} --help`)", action.dest
                )
        return ns, extras

    def options(self) -> list[str]:
        """Every option this parser takes, e.g. ``--state``."""
        return [o for a in self._actions for o in a.option_strings if o.startswith("--")]

    def command(self, argv: Sequence[str]) -> Parser:
        """The (sub-)command parser that ``argv`` names, e.g. ``eligible``'s or ``kb check``'s; else this one."""
        at = next((i for i, a in enumerate(argv) if not a.startswith("-")), None)
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction) and at is not None:
                chosen = action.choices.get(argv[at])
                if isinstance(chosen, Parser):
                    return chosen.command(argv[at + 1 :])
        return self


Run = Callable[[argparse.Namespace], int | None]


def add_command(sub: Any, name: str, run: Run, **kwargs: Any) -> Parser:
    """A sub-command whose help is the first line of ``run``'s docstring; every command takes ``--json``."""
    doc = (run.__doc__ or "").strip()
    p: Parser = sub.add_parser(name, help=doc.splitlines()[0] if doc else None, description=doc, **kwargs)
    p.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object on stdout.")
    p.add_argument("--full", action="store_true", help="Print every detail, not only the summary.")
    p.set_defaults(run=run)
    return p


class _Version(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from .. import __version__
        from ..kb import load

        version = load().dataset.version
        if getattr(parser, "as_json", False):
            output.emit_json({"version": __version__, "dataset_version": version})
        else:
            sys.stdout.write(f"ma-ladder {__version__} (data set {version})\n")
        parser.exit(0)


# command -> the module that registers it. Building only the module a call names keeps start-up
# short; a test checks this map against what the modules register.
COMMANDS = {
    "highest": "catalog",
    "ladder": "catalog",
    "credentials": "catalog",
    "show": "catalog",
    "compare": "catalog",
    "claims": "catalog",
    "kb": "catalog",
    "organizations": "catalog",
    "scope": "law",
    "states": "law",
    "eligible": "paths",
    "plan": "paths",
    "advise": "paths",
    "wages": "wages",
    "serve": "serve",
    "ask": "ask",
    "roster": "roster",
    "db": "roster",
}
MODULES = ("catalog", "law", "paths", "wages", "serve", "ask", "roster")


def parser(argv: Sequence[str] = ()) -> Parser:
    """The command tree: just the named command's module when argv names one, else every command."""
    import importlib

    p = Parser(prog="ma-ladder", description=DESCRIPTION)
    p.as_json = wants_json(argv)
    p.add_argument("--version", action=_Version, nargs=0, help="Print the code and data set versions.")
    p.add_argument("--json", action="store_true", dest="as_json", help=argparse.SUPPRESS)
    sub = p.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    first = next((a for a in argv if not a.startswith("-")), None)
    for name in [COMMANDS[first]] if first in COMMANDS else MODULES:
        importlib.import_module(f"{__package__}.{name}").register(sub)
    return p


def wants_json(argv: Sequence[str]) -> bool:
    """Did the call ask for ``--json``, anywhere on the line? Counted before any parsing, so that an
    error found while parsing (an unknown command or option, a missing value) is JSON too."""
    return any(a == "--json" or a.startswith("--json=") for a in argv)


def _parse(argv: list[str]) -> tuple[Parser, argparse.Namespace]:
    """Parse the line; an unknown command or option is reported with the nearest valid ones."""
    first = next((a for a in argv if not a.startswith("-")), None)
    if first is not None and first not in COMMANDS:
        raise UnknownName("command", first, COMMANDS, field="command", context="")
    p = parser(argv)
    args, extra = p.parse_known_args(argv)
    if extra:
        cmd = p.command(argv)
        bad = extra[0]
        if bad.startswith("--"):
            raise UnknownName("option", bad.split("=")[0], cmd.options(), field=bad, context=f"`{cmd.prog}`: ")
        raise UsageError(f"unexpected argument {bad!r} (see `{cmd.prog} --help`)")
    return p, args


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code. No stack trace reaches a user unless MA_LADDER_DEBUG is set.

    With ``--json`` anywhere on the line, every error is one JSON object on stderr with at least
    ``error`` and ``message`` (and ``field``, ``suggestions`` for bad input).
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    as_json = wants_json(args_list)
    try:
        p, args = _parse(args_list)
        run: Run | None = getattr(args, "run", None)
        if run is None:
            if as_json:
                raise UsageError("name a command, e.g. `ma-ladder highest --json`; `ma-ladder --help` lists them")
            p.print_help()
            return 0 if not args_list else 2
        return run(args) or 0
    except SystemExit as exc:  # --help and --version end this way
        return exc.code if isinstance(exc.code, int) else 0
    except MaLadderError as exc:
        msg = tidy(str(exc))
        output.error(exc.to_dict() | {"message": msg}, msg, as_json)
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        output.error({"error": "Interrupted", "message": "interrupted"}, "interrupted", as_json)
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:
        if os.environ.get("MA_LADDER_DEBUG"):
            raise
        msg = tidy(f"internal error: {type(exc).__name__}: {exc} (set MA_LADDER_DEBUG=1 for details)")
        output.error({"error": "InternalError", "message": msg}, msg, as_json)
        return 1
