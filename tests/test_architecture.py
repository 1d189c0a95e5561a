"""The shape of the code: one room per concept, layers that only import downward, no import circle.

An import circle makes modules half-initialised depending on which is imported first; the layer
contract keeps the engines free of the interfaces and the knowledge base free of the engines.
"""

from __future__ import annotations

import graphlib
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).parent.parent


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("ma_ladder")
    deps = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    # A package's __init__ importing its own submodules is not a circle of concepts; module-to-module is.
    edges = {m: {d for d in ds if not m.startswith(d + ".")} for m, ds in deps.items()}
    try:
        list(graphlib.TopologicalSorter(edges).static_order())
    except graphlib.CycleError as err:
        raise AssertionError(f"import circle: {' -> '.join(err.args[1])}") from None


def test_layers_only_import_downward() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_cli_map_of_commands_matches_what_the_modules_register() -> None:
    """``ma-ladder CMD`` builds only CMD's module; the map that says which module that is must be true."""
    import importlib

    from ma_ladder.cli import app

    for module in app.MODULES:
        p = app.Parser(prog="x")
        sub = p.add_subparsers()
        importlib.import_module(f"ma_ladder.cli.{module}").register(sub)
        for name in sub.choices:
            assert app.COMMANDS[name] == module, name
    assert set(app.MODULES) == set(app.COMMANDS.values())
