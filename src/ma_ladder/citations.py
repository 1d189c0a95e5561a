"""Citations as every answer shows them: a title, a URL, and the legal citation for a law."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .schema import Source


@dataclass(frozen=True)
class Citation:
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
    seen: dict[str | None, Citation] = {}
    for c in cites:
        seen.setdefault(c.url or c.title, c)
    return list(seen.values())
