"""Turn what a person types ("ny", "New York", "cma (aama)", "flu shot") into knowledge-base ids.

Matching is case-insensitive and accepts names, abbreviations, aliases and synonyms; a near miss
raises :class:`~ma_ladder.errors.UnknownName` with the nearest valid names. The spelling indexes
are built once per loaded knowledge base, not per lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..errors import UnknownName, suggest
from .base import KnowledgeBase

Index = dict[str, str]  # normalised spelling -> id
NO_CREDENTIAL = "none"  # what a person types to ask about an MA who holds no credential


def norm(text: str) -> str:
    """The form two spellings are compared in: lower case, words separated by single spaces."""
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def _index(names: Iterable[tuple[str, Iterable[str]]]) -> Index:
    index: Index = {}
    for ident, spellings in names:
        for s in (ident, *spellings):
            index.setdefault(norm(s), ident)
    return index


def _lookup(
    kind: str, given: str, index: Index, labels: dict[str, str] | None = None, key: Callable[[str], str] = norm
) -> str:
    """Find ``given`` in an index; raise with suggestions when it isn't there."""
    hit = index.get(key(given))
    if hit is None:
        near = [index[s] for s in suggest(key(given), index, n=6)]
        raise UnknownName(kind, given, set(index.values()), list(dict.fromkeys(near))[:3], labels, field=kind)
    return hit


def _credentials(kb: KnowledgeBase) -> Index:
    names: list[tuple[str, Iterable[str]]] = [
        (c.id, [c.abbreviation, c.name, *c.aliases]) for c in kb.credentials.values()
    ]
    names += [(sc.id, [sc.name]) for _, sc in kb.state_credentials().values()]
    return _index(names)


# The abbreviations people write for states: the AP style-book forms ("Wash.", "Mass.", "N.Y.") and
# the older Government Printing Office ones ("Calif", "Penna", "Wisc"); postal codes are the ids.
STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala",),
    "AK": ("Alas",),
    "AZ": ("Ariz",),
    "AR": ("Ark",),
    "CA": ("Calif", "Cal"),
    "CO": ("Colo", "Col"),
    "CT": ("Conn",),
    "DE": ("Del",),
    "DC": (
        "D.C.",
        "Washington D.C.",
        "Washington DC",
        "Wash. D.C.",
        "the District",
        "the District of Columbia",
        "Washington, District of Columbia",
    ),
    "FL": ("Fla", "Flor"),
    "GA": ("Ga",),
    "HI": ("Haw",),
    "ID": ("Ida",),
    "IL": ("Ill",),
    "IN": ("Ind",),
    "IA": ("Ia",),
    "KS": ("Kan", "Kans"),
    "KY": ("Ky",),
    "LA": ("La",),
    "ME": ("Me",),
    "MD": ("Md",),
    "MA": ("Mass",),
    "MI": ("Mich",),
    "MN": ("Minn",),
    "MS": ("Miss",),
    "MO": ("Mo",),
    "MT": ("Mont",),
    "NE": ("Neb", "Nebr"),
    "NV": ("Nev",),
    "NH": ("N.H.",),
    "NJ": ("N.J.",),
    "NM": ("N.M.", "N. Mex.", "N.Mex."),
    "NY": ("N.Y.",),
    "NC": ("N.C.",),
    "ND": ("N.D.", "N. Dak.", "N.Dak."),
    "OK": ("Okla",),
    "OR": ("Ore", "Oreg"),
    "PA": ("Pa", "Penn", "Penna"),
    "RI": ("R.I.",),
    "SC": ("S.C.",),
    "SD": ("S.D.", "S. Dak.", "S.Dak."),
    "TN": ("Tenn",),
    "TX": ("Tex",),
    "UT": ("Ut",),
    "VT": ("Vt",),
    "VA": ("Va",),
    "WA": ("Wash", "Washington State"),
    "WV": ("W.Va.", "W. Va.", "W. Virginia"),
    "WI": ("Wis", "Wisc"),
    "WY": ("Wyo",),
}


def state_key(text: str) -> str:
    """How two spellings of a state compare: :func:`norm` with full stops and commas dropped, single
    letters run together ("Washington, D. C." is "washington dc"), and no spaces at all when every
    word is one or two letters ("N. Y." and "W.Va." are "ny" and "wva")."""
    words: list[str] = []
    single = False
    for w in norm(text.replace(".", " ").replace(",", " ")).split():
        if single and len(w) == 1:
            words[-1] += w
        else:
            words.append(w)
        single = len(w) == 1
    if words and all(len(w) <= 2 for w in words):
        return "".join(words)
    return " ".join(words)


def _states(kb: KnowledgeBase) -> Index:
    index: Index = {}
    for s in kb.states.values():
        for spelling in (s.code, s.name, f"state of {s.name}", *STATE_ABBREVIATIONS.get(s.code, ())):
            index.setdefault(state_key(spelling), s.code)
    return index


def _state_labels(kb: KnowledgeBase) -> dict[str, str]:
    return {s.code: s.name for s in kb.states.values()}


def _tasks(kb: KnowledgeBase) -> Index:
    return _index((t.id, [t.name, *t.synonyms]) for t in kb.tasks.values())


def _organizations(kb: KnowledgeBase) -> Index:
    return _index((o.id, [o.abbreviation, o.name]) for o in kb.organizations.values())


def credential(kb: KnowledgeBase, given: str, state: str | None = None, allow_none: bool = False) -> str:
    """A national or state-issued credential id.

    Inside a state (``state="WA"``) the state's own short names resolve too (``MA-C`` is
    ``WA:MA-C``), before any national credential, because that is what people in the state call it.
    ``allow_none`` accepts ``none`` (an MA who holds no credential) where a question can ask that.
    """
    if allow_none and norm(given) in (NO_CREDENTIAL, "no credential", "no certification"):
        return NO_CREDENTIAL
    index = kb.cached(_credentials)
    if state is not None:
        local = index.get(norm(f"{state}:{given}"))
        if local is not None and local.startswith(f"{state}:"):
            return local
    return _lookup("credential", given, index)


def state(kb: KnowledgeBase, given: str) -> str:
    """A jurisdiction code, from a code or a name in any case."""
    return _lookup("state", given, kb.cached(_states), kb.cached(_state_labels), state_key)


def task(kb: KnowledgeBase, given: str) -> str:
    """A task id, from its id, name or a word people use for it."""
    return _lookup("task", given, kb.cached(_tasks))


def organization(kb: KnowledgeBase, given: str) -> str:
    """An organization id, from its id, abbreviation or name."""
    return _lookup("organization", given, kb.cached(_organizations))
