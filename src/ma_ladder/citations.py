"""Citations as every answer shows them: a title, a URL, and the legal citation for a law."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from .kb.schema import Source


class Citation(msgspec.Struct, frozen=True):
    """A source as an answer cites it; ``citation`` is the legal citation of a law ("RCW 18.360.050")."""

    title: str
    url: str | None
    citation: str | None = None


def unique_sources(sources: Iterable[Source]) -> list[Source]:
    """Sources in order, the first of each URL kept."""
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(s.url, s)
    return list(seen.values())


def from_sources(sources: Iterable[Source]) -> list[Citation]:
    """Citations for sources, first occurrence of each URL kept."""
    return dedupe(Citation(s.title, s.url) for s in sources)


def dedupe(cites: Iterable[Citation]) -> list[Citation]:
    """Citations in order, the first of each URL (or title, where there is no URL) kept."""
    seen: dict[str | None, Citation] = {}
    for c in cites:
        seen.setdefault(c.url or c.title, c)
    return list(seen.values())
