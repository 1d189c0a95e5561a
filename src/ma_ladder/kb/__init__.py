"""The knowledge base: records loaded, validated and cross-checked, indexed by id.

``load()`` is what callers use. It returns one object per process, read from the compiled copy whose
key matches the data and code (:mod:`.compiled`), or built from the YAML and then compiled. Building
is the only step that imports YAML and pydantic.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .base import KnowledgeBase

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["KNOWLEDGE", "KnowledgeBase", "build", "load"]

# Plain strings, not pathlib: importing pathlib costs a noticeable part of a cold start here.
KNOWLEDGE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "knowledge")
_loaded: dict[str, KnowledgeBase] = {}


def load(root: str | Path = KNOWLEDGE, use_cache: bool = True) -> KnowledgeBase:
    """The knowledge base under ``root``: the same object for every call in a process.

    ``use_cache=False`` (or ``MA_LADDER_NO_CACHE=1``) builds from the YAML and neither reads nor
    writes a compiled copy.
    """
    root = os.path.abspath(root)
    if root in _loaded:
        return _loaded[root]
    if not use_cache or os.environ.get("MA_LADDER_NO_CACHE"):
        kb = build(root)
    else:
        from . import compiled

        k, places = compiled.key(root), compiled.folders(root)
        kb = compiled.read(k, places) or _build_and_store(root, k, places)
    _loaded[root] = kb
    return kb


def _build_and_store(root: str, k: str, places: list[str]) -> KnowledgeBase:
    """Build from YAML, then keep a compiled copy for the next process (in memory only where no folder takes it)."""
    from . import compiled

    kb = build(root)
    compiled.write(kb, k, places)
    return kb


def build(root: str | Path = KNOWLEDGE) -> KnowledgeBase:
    """Read, validate and cross-check every file under ``root`` (see :mod:`.builder`)."""
    from pathlib import Path

    from .builder import build as _build

    return _build(Path(root))
