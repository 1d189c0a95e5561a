"""MA Ladder: the US medical-assistant career ladder as sourced, dated, testable knowledge.

>>> import ma_ladder
>>> kb = ma_ladder.load()
>>> ma_ladder.ladder.highest(kb).credential
'CMA'

Submodules (``ladder``, ``scope``, ``planner``, ...) load on first use, so that importing the package
stays cheap for the command line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .kb import KnowledgeBase

__version__ = "0.1.0"
__all__ = ["KnowledgeBase", "__version__", "load"]


def load(use_cache: bool = True) -> KnowledgeBase:
    """The knowledge base shipped with the package, validated (from the compiled cache when current)."""
    from .kb import load as _load

    return _load(use_cache=use_cache)


def __getattr__(name: str) -> Any:
    if name == "KnowledgeBase":
        from .kb import KnowledgeBase

        return KnowledgeBase
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError:
        raise AttributeError(f"module 'ma_ladder' has no attribute {name!r}") from None
