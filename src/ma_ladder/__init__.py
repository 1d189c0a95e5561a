"""MA Ladder: the US medical-assistant career ladder as sourced, dated, testable knowledge.

>>> import ma_ladder
>>> kb = ma_ladder.load()
>>> ma_ladder.ladder.highest(kb).credential
'CMA'

Sub-packages (``kb``, ``ladder``, ``scope``, ``paths``, ``wages``, ``cli``) load on first use, so
that importing the package stays cheap for the command line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .kb import KnowledgeBase

__version__ = "0.2.0"
__all__ = ["KnowledgeBase", "__version__", "load"]


def load(use_cache: bool = True) -> KnowledgeBase:
    """The knowledge base shipped with the package: one object per process (see :func:`ma_ladder.kb.load`)."""
    from .kb import KNOWLEDGE
    from .kb import load as _load

    return _load(KNOWLEDGE, use_cache=use_cache)


def __getattr__(name: str) -> Any:
    if name == "KnowledgeBase":
        from .kb import KnowledgeBase

        return KnowledgeBase
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError:
        raise AttributeError(f"module 'ma_ladder' has no attribute {name!r}") from None
