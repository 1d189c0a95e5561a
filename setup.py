"""Build hook: a wheel ships the compiled knowledge base, so an installed copy never rebuilds it.

Everything else about the package is declared in pyproject.toml. After setuptools copies the package
into the build folder, this builds the knowledge base from the copied YAML (validating it: a wheel is
never built from invalid data) and stores its compiled form under the key the installed package will
compute, in ``ma_ladder/kb/compiled/``.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_py import build_py


def compile_knowledge(package: str) -> str | None:
    """Build the knowledge base under ``package`` and store its compiled copy in ``package/kb/compiled``."""
    from pathlib import Path

    sys.path.insert(0, os.path.dirname(package))
    try:
        from ma_ladder.kb import builder, compiled
    finally:
        sys.path.pop(0)
    root, code = os.path.join(package, "knowledge"), os.path.join(package, "kb")
    kb = builder.build(Path(root))
    return compiled.write(kb, compiled.key(root, code, places=[]), [os.path.join(code, "compiled")])


class BuildPyWithCompiledKnowledge(build_py):
    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            print(f"compiled knowledge base: {compile_knowledge(os.path.join(self.build_lib, 'ma_ladder'))}")
            return
        # An editable install runs from the source tree: compile into it, so that the first run after
        # `pip install -e .` is as fast as any other. Best effort: data that fails validation must not
        # stop a developer's install (the first run then reports every problem, with file and line).
        try:
            target = compile_knowledge(os.path.join(os.path.dirname(os.path.abspath(__file__)), "src", "ma_ladder"))
            print(f"compiled knowledge base: {target}")
        except Exception as exc:
            print(f"warning: the knowledge base was not compiled ({type(exc).__name__}); the first run will build it")


setup(cmdclass={"build_py": BuildPyWithCompiledKnowledge})
