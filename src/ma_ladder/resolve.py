"""Turn what a person types ("ny", "New York", "cma (aama)", "flu shot") into knowledge-base ids.

Matching is case-insensitive and accepts names, abbreviations, aliases and synonyms; a near miss
raises :class:`~ma_ladder.errors.UnknownName` with the nearest valid names.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import UnknownName, suggest
from .kb import KnowledgeBase


def _norm(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def _lookup(
    kind: str, given: str, names: Iterable[tuple[str, Iterable[str]]], labels: dict[str, str] | None = None
) -> str:
    """Find ``given`` among (id, spellings) pairs; raise with suggestions when it isn't there."""
    index: dict[str, str] = {}
    for ident, spellings in names:
        for s in (ident, *spellings):
            index.setdefault(_norm(s), ident)
    hit = index.get(_norm(given))
    if hit is None:
        near = [index[s] for s in suggest(_norm(given), index, n=6)]
        raise UnknownName(kind, given, set(index.values()), list(dict.fromkeys(near))[:3], labels)
    return hit


def credential(kb: KnowledgeBase, given: str) -> str:
    """A national or state-issued credential id."""
    names: list[tuple[str, Iterable[str]]] = [
        (c.id, [c.abbreviation, c.name, *c.aliases]) for c in kb.credentials.values()
    ]
    names += [(sc.id, [sc.name]) for s in kb.states.values() for sc in s.state_credentials]
    return _lookup("credential", given, names)


def state(kb: KnowledgeBase, given: str) -> str:
    """A jurisdiction code, from a code or a name in any case."""
    labels = {s.code: s.name for s in kb.states.values()}
    return _lookup("state", given, [(s.code, [s.name]) for s in kb.states.values()], labels)


def task(kb: KnowledgeBase, given: str) -> str:
    """A task id, from its id, name or a word people use for it."""
    return _lookup("task", given, [(t.id, [t.name, *t.synonyms]) for t in kb.tasks.values()])


def organization(kb: KnowledgeBase, given: str) -> str:
    """An organization id, from its id, abbreviation or name."""
    return _lookup("organization", given, [(o.id, [o.abbreviation, o.name]) for o in kb.organizations.values()])
