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


class BuildPyWithCompiledKnowledge(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install compiles on first use, into its own source tree
        package = os.path.join(self.build_lib, "ma_ladder")
        sys.path.insert(0, self.build_lib)
        try:
            from ma_ladder.kb import builder, compiled
        finally:
            sys.path.pop(0)
        root, code = os.path.join(package, "knowledge"), os.path.join(package, "kb")
        kb = builder.build(__import__("pathlib").Path(root))
        key = compiled.key(root, code, places=[])
        target = compiled.write(kb, key, [os.path.join(code, "compiled")])
        print(f"compiled knowledge base: {target}")


setup(cmdclass={"build_py": BuildPyWithCompiledKnowledge})
