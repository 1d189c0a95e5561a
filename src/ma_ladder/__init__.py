"""MA Ladder: the US medical-assistant career ladder as sourced, dated, testable knowledge.

>>> import ma_ladder
>>> kb = ma_ladder.load()
>>> ma_ladder.ladder.highest(kb).credential
'CMA'
"""

from __future__ import annotations

from .kb import KnowledgeBase, load

__version__ = "0.1.0"
__all__ = ["KnowledgeBase", "__version__", "load"]
