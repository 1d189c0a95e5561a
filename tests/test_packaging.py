"""Every third-party module the package imports is a declared runtime dependency.

A test extra can install a module (click came in through one) and hide a missing runtime dependency
from CI; the README's first command would then fail on a fresh machine. This caught exactly that.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "src" / "ma_ladder"


def _imports() -> set[str]:
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"ma_ladder", "__future__"}


def _norm(name: str) -> str:
    return name.lower().replace("_", "-")


def test_every_imported_third_party_module_is_a_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_norm(d.split("==")[0].split(">")[0].split("[")[0]) for d in project["dependencies"]}
    dists = packages_distributions()
    missing = {m: dists.get(m) for m in _imports() if not {_norm(d) for d in dists.get(m, [m])} & declared}
    assert not missing, f"imported but not declared in [project] dependencies: {missing}"


def test_every_runtime_dependency_is_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert all("==" in d for d in project["dependencies"] + project["optional-dependencies"]["test"])
