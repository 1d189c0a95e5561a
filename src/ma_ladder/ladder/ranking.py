"""The ladder: levels of the MA career, and an honest answer to "what is the highest level?".

No official hierarchy of medical assistants exists. The five national general certifications are
peers: any of them lets a person work as a certified MA. They do differ on things a person can
check, so the ladder ranks them on documented criteria (read them with :data:`CRITERIA`; pass other
weights to change the outcome) and says which facts each score rests on.

A fact the sources leave open is never scored as zero (nor as full marks): the criterion it feeds
becomes a range, from the least to the most the fact could give, and so does the credential's
score. The list is ordered by the middle of each range, and wherever ranges overlap the answer says
that the order between them is open.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec

from .. import serialize
from ..citations import unique_sources
from ..kb import KnowledgeBase
from ..kb.schema import Career, Credential, Route, Source, Unclear
from ..words import words

T = TypeVar("T")


class Criterion(msgspec.Struct, frozen=True):
    id: str
    name: str
    description: str
    weight: float


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "eligibility",
        "Eligibility strictness",
        "Share of first-time eligibility routes that require graduating from a programmatically "
        "accredited or issuer-approved program (1 each), any training program (0.5 each), or only "
        "work experience, military service or teaching (0).",
        0.35,
    ),
    Criterion(
        "exam_accreditation",
        "Accreditation of the exam",
        "Half for NCCA accreditation of the certification program, half for ISO/IEC 17024.",
        0.25,
    ),
    Criterion(
        "renewal",
        "Renewal rigor",
        "Continuing-education units required per year, relative to the most demanding peer whose "
        "requirement is known. Issuers count units differently (points, credits, contact hours); "
        "treat as approximate.",
        0.20,
    ),
    Criterion(
        "state_recognition",
        "Recognition in state law",
        "Number of jurisdictions whose encoded rules name the credential (a rule variant or a state "
        "credential it satisfies), relative to the most-named peer.",
        0.20,
    ),
)


class Part(msgspec.Struct, frozen=True):
    """A credential's value on one criterion: ``min``-``max`` where a fact is unknown, ``value`` its middle."""

    criterion: str
    value: float
    reason: str
    min: float
    max: float
    unknown: str | None = None  # why the value is a range (None: every fact is known)

    @property
    def known(self) -> bool:
        return self.unknown is None


def _part(criterion: str, low: float, high: float, reason: str, unknown: str | None = None) -> Part:
    low, high = round(low, 3), round(high, 3)
    return Part(criterion, round((low + high) / 2, 3), reason, low, high, unknown if high > low else None)


class Score(msgspec.Struct, frozen=True):
    """A weighted score; a range (``min``-``max``) where a criterion is unknown, ``total`` its middle."""

    credential: str
    total: float
    parts: list[Part]
    min: float
    max: float
    unknown: list[str] = msgspec.field(default_factory=list)  # the criteria left open, with why


class Level(msgspec.Struct, frozen=True):
    id: str
    name: str
    description: str
    credentials: list[str] = msgspec.field(default_factory=list)
    careers: list[str] = msgspec.field(default_factory=list)
    names: dict[str, str] = msgspec.field(default_factory=dict)  # credential id -> its name, state-issued ones too


class Highest(msgspec.Struct, frozen=True):
    answer: str
    credential: str
    levels: list[Level]
    ranking: list[Score]
    criteria: list[Criterion]
    reasons: list[str]
    citations: list[Source]
    dataset_version: str


class _ScoreWire(msgspec.Struct, frozen=True):
    """:class:`Score` as it is encoded: its parts (the knowledge base's, whatever the weights) encoded once."""

    credential: str
    total: float
    parts: Any  # list[Part], or msgspec.Raw
    min: float
    max: float
    unknown: list[str]


class _HighestWire(msgspec.Struct, frozen=True):
    """:class:`Highest` as it is encoded: the same fields in the same order, with the levels and the
    sources and the scores' parts that the knowledge base fixes already encoded. Of a ``highest``
    body's 24 KB, the 66 sources, six of the seven levels and each credential's four criterion values
    depend only on the knowledge base (and the sources on the ranking's order); encoding them took
    about a quarter of a request."""

    answer: str
    credential: str
    levels: list[Any]  # Level, or msgspec.Raw
    ranking: list[_ScoreWire]
    criteria: list[Criterion]
    reasons: list[str]
    citations: Any  # list[Source], or msgspec.Raw
    dataset_version: str


# id -> (the object, its encoding): the levels and source lists the ranking keeps with a knowledge base.
# The object itself is held, so its id cannot pass to another; it is never changed once made.
_ENCODED: dict[int, tuple[object, msgspec.Raw]] = {}


def _keep_encoded(obj: T) -> T:
    if len(_ENCODED) < 20_000:
        _ENCODED[id(obj)] = (obj, serialize.encoded(obj))
    return obj


def _raw(obj: object) -> object:
    """The encoding kept for ``obj``, or ``obj`` itself when it is not one the ranking keeps."""
    hit = _ENCODED.get(id(obj))
    return hit[1] if hit is not None and hit[0] is obj else obj


def _highest_wire(h: Highest) -> _HighestWire:
    return _HighestWire(
        h.answer,
        h.credential,
        [_raw(lvl) for lvl in h.levels],
        [_ScoreWire(x.credential, x.total, _raw(x.parts), x.min, x.max, x.unknown) for x in h.ranking],
        h.criteria,
        h.reasons,
        _raw(h.citations),
        h.dataset_version,
    )


serialize.wire_form(Highest, _highest_wire)


class LadderAnswer(msgspec.Struct, frozen=True):
    levels: list[Level]
    criteria: list[Criterion]
    dataset_version: str


def general(kb: KnowledgeBase) -> list[Credential]:
    """The national general MA certifications (the peers the question is usually about)."""
    return [c for c in kb.credentials.values() if c.track == "general"]


def _route_strictness(route: Route) -> float:
    program = route.requires.program
    if program is None:
        return 0.0
    return 1.0 if program.accreditation or program.approved_by_issuer else 0.5


def _eligibility(c: Credential) -> Part:
    routes = [r for r in c.eligibility if r.kind != "recertification"]
    value = sum(map(_route_strictness, routes)) / len(routes) if routes else 0.0
    open_routes = [r.name for r in routes if _route_strictness(r) == 0]
    why = f"{len(routes)} first-time route(s)"
    why += (
        f"; open without formal education: {'; '.join(open_routes)}" if open_routes else "; all need formal education"
    )
    return _part("eligibility", value, value, why)


def _exam_accreditation(c: Credential) -> Part:
    a = c.accreditation
    ncca, iso = a.ncca is True, a.iso17024 is True
    names = [n for n, ok in (("NCCA", ncca), ("ISO/IEC 17024", iso)) if ok]
    unclear = [(n, v.unclear) for n, v in (("NCCA", a.ncca), ("ISO/IEC 17024", a.iso17024)) if isinstance(v, Unclear)]
    why = ("accredited by " + " and ".join(names)) if names else "no exam accreditation found"
    if unclear:
        why += "; " + "; ".join(f"{n} unknown ({reason})" for n, reason in unclear)
    low = 0.5 * ncca + 0.5 * iso
    open_ = "; ".join(f"{n}: {reason}" for n, reason in unclear) or None
    return _part("exam_accreditation", low, low + 0.5 * len(unclear), why, open_)


def ce_per_year(c: Credential) -> float | None:
    """CE units a holder must earn per year, or None where the sources leave it open."""
    r = c.renewal
    if isinstance(r.period_months, Unclear) or not isinstance(r.ce_units, int | float):
        return None
    return float(r.ce_units) * 12 / r.period_months


def _renewal_reason(c: Credential, per_year: float | None) -> str:
    if per_year is None:
        return "CE requirement unknown"
    r = c.renewal
    return f"{per_year:.3g} CE units a year ({r.ce_units:g} {r.ce_unit_name or 'units'} every {r.period_months} months)"


def _renewal_unknown(c: Credential) -> str:
    """Why a credential's CE requirement per year is open."""
    r = c.renewal
    pairs = (("renewal period", r.period_months), ("CE units", r.ce_units))
    why = [f"{what}: {v.unclear}" for what, v in pairs if isinstance(v, Unclear)]
    return "; ".join(why) or "the CE requirement is not recorded"


def recognition(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Credential id -> codes of jurisdictions whose encoded rules name it (computed once per knowledge base)."""
    return kb.cached(_recognition)


def _recognition(kb: KnowledgeBase) -> dict[str, list[str]]:
    named: dict[str, set[str]] = {}
    for s in kb.states.values():
        for sc in s.state_credentials:
            for cid in sc.satisfied_by:
                named.setdefault(cid, set()).add(s.code)
        for values in s.tasks.values():
            for value in values.values():
                for v in value.variants if value else []:
                    for cid in v.credentials:
                        named.setdefault(cid, set()).add(s.code)
    return {cid: sorted(codes) for cid, codes in named.items()}


def criterion_parts(kb: KnowledgeBase) -> dict[str, list[Part]]:
    """Each general certification's value on every criterion, with its reason.

    These do not depend on the weights, so they are worked out once per knowledge base; a ranking
    with any weights is then a weighted sum and a sort.
    """
    return kb.cached(_criterion_parts)


def _criterion_parts(kb: KnowledgeBase) -> dict[str, list[Part]]:
    peers = general(kb)
    ce = {c.id: ce_per_year(c) for c in peers}
    ce_max = max((v for v in ce.values() if v), default=0.0)
    named = recognition(kb)
    named_max = max((len(named.get(c.id, [])) for c in peers), default=0)
    out = {}
    for c in peers:
        per_year = ce[c.id]
        why = _renewal_reason(c, per_year)
        if per_year is None:
            renewal = _part("renewal", 0.0, 1.0, f"{why} ({_renewal_unknown(c)})", _renewal_unknown(c))
        else:
            value = per_year / ce_max if ce_max else 0.0
            renewal = _part("renewal", value, value, why)
        states = named.get(c.id, [])
        share = len(states) / named_max if named_max else 0.0
        state = _part(
            "state_recognition",
            share,
            share,
            f"named in {len(states)} jurisdiction(s)" + (f": {', '.join(states)}" if states else ""),
        )
        out[c.id] = _keep_encoded([_eligibility(c), _exam_accreditation(c), renewal, state])
    return out


def _score(cid: str, parts: list[Part], w: Mapping[str, float], unknowns: list[tuple[str, str]]) -> Score:
    """One credential's score under weights ``w``: the weighted sum of its parts' low and high ends.
    ``unknowns`` is :func:`_unknowns`' (criterion, words) for the parts whose facts are open."""
    low = high = 0.0
    for p in parts:
        weight = w.get(p.criterion, 0.0)
        low += weight * p.min
        high += weight * p.max
    unknown = [text for criterion, text in unknowns if w.get(criterion, 0.0)]
    return Score(cid, round((low + high) / 2, 3), parts, round(low, 3), round(high, 3), unknown)


def _unknowns(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """Per credential, the criteria whose facts are open and why, in words (weight-independent, so
    once per knowledge base; a score lists those its weights count)."""
    return {
        cid: [(p.criterion, f"{words(p.criterion).lower()}: {p.unknown}") for p in parts if p.unknown]
        for cid, parts in criterion_parts(kb).items()
    }


def rank(kb: KnowledgeBase, weights: Mapping[str, float] | None = None) -> list[Score]:
    """Score the general certifications on :data:`CRITERIA`; highest first (by the middle of each
    score's range, then its low end), ties by id."""
    w = {c.id: c.weight for c in CRITERIA} | dict(weights or {})
    unknowns = kb.cached(_unknowns)
    scores = [_score(cid, parts, w, unknowns[cid]) for cid, parts in criterion_parts(kb).items()]
    return sorted(scores, key=lambda s: (-s.total, -s.min, s.credential))


def span(low: float, high: float) -> str:
    """A score or a score range as text: ``0.60`` or ``0.50-0.83``."""
    return f"{low:.2f}" if high == low else f"{low:.2f}-{high:.2f}"


def open_above(ranking: list[Score], i: int) -> list[str]:
    """Credentials ranked below ``ranking[i]`` whose score range reaches it: their order is open."""
    return [s.credential for s in ranking[i + 1 :] if s.max >= ranking[i].min and s.total != ranking[i].total]


def builds_on(c: Credential) -> set[str]:
    """Credentials this one can build on: its prerequisites and those its routes ask for."""
    named = set(c.prerequisites)
    for r in c.eligibility:
        if r.kind != "recertification":
            named |= set(r.requires.credentials_any)
    return named - {c.id}


def _chain(kb: KnowledgeBase, track: str) -> list[str]:
    """Credentials of a track ordered so that each comes after the ones it builds on (once per knowledge base)."""
    return kb.cached(_chains).get(track, [])


def _chains(kb: KnowledgeBase) -> dict[str, list[str]]:
    return {track: _order(kb, track) for track in sorted({c.track for c in kb.credentials.values()})}


def _order(kb: KnowledgeBase, track: str) -> list[str]:
    creds = [c for c in kb.credentials.values() if c.track == track]
    depth: dict[str, int] = {}

    def d(cid: str, seen: frozenset[str] = frozenset()) -> int:
        c = kb.credentials.get(cid)
        if c is None or cid in seen:
            return -1
        if cid not in depth:
            same_track = [p for p in builds_on(c) if p in kb.credentials and kb.credentials[p].track == track]
            depth[cid] = 1 + max((d(p, seen | {cid}) for p in same_track), default=-1)
        return depth[cid]

    return sorted((c.id for c in creds), key=lambda cid: (d(cid), cid))


def _careers(kb: KnowledgeBase, *kinds: str) -> list[str]:
    return sorted(r.id for r in kb.careers.values() if r.kind in kinds)


def levels(
    kb: KnowledgeBase, weights: Mapping[str, float] | None = None, ranking: list[Score] | None = None
) -> list[Level]:
    """The ladder from entry to the roles beyond the MA, each level with its credentials.

    ``ranking`` is :func:`rank`'s result where the caller has it already, so it is not computed twice.
    """
    ranked = [s.credential for s in (ranking if ranking is not None else rank(kb, weights))]
    return [
        msgspec.structs.replace(lvl, credentials=ranked) if lvl.id == "general" else lvl
        for lvl in kb.cached(_fixed_levels)
    ]


def _fixed_levels(kb: KnowledgeBase) -> list[Level]:
    """The levels with everything that does not depend on the weights (once per knowledge base);
    :func:`levels` fills in the general certifications in ranking order."""
    state_creds = sorted(c.id for s in kb.states.values() for c in s.state_credentials if c.ended is None)
    out = [
        Level(
            "entry",
            "Entry-level medical assistant",
            "Trained on the job or in a program, not yet certified. "
            "Most states do not require certification; see `ma-ladder states`.",
        ),
        Level(
            "general",
            "National general MA certification",
            "Peers: any one lets a person work as a certified MA. Listed by MA Ladder's criteria, highest first.",
            credentials=[c.id for c in general(kb)],
        ),
        Level(
            "administrative",
            "Administrative MA certification",
            "Front-office certification.",
            credentials=_chain(kb, "administrative"),
        ),
        Level(
            "state",
            "State-issued MA credentials",
            "Only some states issue their own MA credentials; where they exist they decide what an MA may do.",
            credentials=state_creds,
        ),
        Level(
            "specialty",
            "Specialty certifications",
            "Add-ons to an MA credential: phlebotomy, EKG, order entry, "
            "and the ophthalmic ladder (each rung usually builds on the one before; "
            "accredited programs can skip rungs).",
            credentials=_chain(kb, "phlebotomy")
            + _chain(kb, "ekg")
            + _chain(kb, "order_entry")
            + _chain(kb, "ophthalmic"),
            careers=_careers(kb, "specialty"),
        ),
        Level(
            "employer",
            "Employer tiers and lead roles",
            "Set by each employer, not by law or a certifying body.",
            careers=_careers(kb, "employer_tier"),
        ),
        Level(
            "beyond",
            "Beyond the MA role",
            "Management, teaching, or a licensed profession (LPN, RN) which needs its own education and licence.",
            credentials=_chain(kb, "management") + _chain(kb, "instructor"),
            careers=_careers(kb, "management", "education", "licensed_bridge"),
        ),
    ]
    names = credential_names(kb)
    return [
        _keep_encoded(msgspec.structs.replace(lvl, names={cid: names[cid] for cid in lvl.credentials}))
        for lvl in out
        if lvl.credentials or lvl.careers or lvl.id == "entry"
    ]


def credential_names(kb: KnowledgeBase) -> dict[str, str]:
    """Every credential id, national and state-issued, to its name."""
    return {c.id: c.name for c in kb.credentials.values()} | {
        sc.id: sc.name for _, sc in kb.state_credentials().values()
    }


def labels(kb: KnowledgeBase) -> dict[str, str]:
    """Credential id -> the abbreviation people know it by (``CMA`` -> ``CMA (AAMA)``), once per knowledge base."""
    return kb.cached(_labels)


def _labels(kb: KnowledgeBase) -> dict[str, str]:
    return {c.id: c.abbreviation for c in kb.credentials.values()}


def _part_text(p: Part) -> str:
    if p.unknown is None:
        return f"{words(p.criterion).lower()} {p.value:.2f} ({p.reason})"
    return f"{words(p.criterion).lower()} {span(p.min, p.max)} ({p.reason})"


def _part_texts(kb: KnowledgeBase) -> dict[str, str]:
    """Each credential's criterion values and reasons as text (weight-independent, so once per knowledge base)."""
    return {cid: "; ".join(map(_part_text, parts)) for cid, parts in criterion_parts(kb).items()}


def _citations(kb: KnowledgeBase, creds: list[str], careers: list[Career]) -> list[Source]:
    """The sources of the criteria's facts, in ranking order, then the careers' sources.

    Weights only reorder the five peers, so the de-duplicated list of each order is kept (at most
    120 orders) in an index of the knowledge base.
    """
    orders: dict[tuple[str, ...], list[Source]] = kb.cached(_citation_orders)
    key = (*creds, "|", *(r.id for r in careers))
    if key not in orders:
        of = kb.cached(_criterion_sources)
        orders[key] = _keep_encoded(
            unique_sources([*(s for c in creds for s in of[c]), *(s for r in careers for s in r.sources)])
        )
    return orders[key]


def _citation_orders(kb: KnowledgeBase) -> dict[tuple[str, ...], list[Source]]:
    return {}


def _criterion_sources(kb: KnowledgeBase) -> dict[str, list[Source]]:
    """Each credential's sources for the facts the criteria read (accreditation, renewal, routes)."""
    return {
        c.id: [s for b in (c.accreditation, c.renewal, *c.eligibility) for s in b.sources]
        for c in kb.credentials.values()
    }


def _beyond_the_peers(kb: KnowledgeBase) -> tuple[str, list[Career]]:
    """The answer's last sentence (what lies above a general certification) and the careers beyond the
    MA role: neither depends on the weights, so they are worked out once per knowledge base."""
    fixed = kb.cached(_fixed_levels)
    beyond = next((lvl for lvl in fixed if lvl.id == "beyond"), None)
    careers = [kb.careers[r] for r in beyond.careers] if beyond else []
    specialty = next((lvl for lvl in fixed if lvl.id == "specialty"), None)
    top = specialty.credentials[-1] if specialty and specialty.credentials else None
    names = labels(kb)
    text = (
        "Above a general certification, MAs add specialty certifications"
        + (f" (the ophthalmic ladder tops out at {names.get(top, top)})" if top else "")
        + ", may need a state credential where their state issues one, and advance beyond the MA role to "
        + (", ".join(c.name for c in careers) if careers else "management, teaching or nursing")
        + "."
    )
    return text, careers


def highest(kb: KnowledgeBase, weights: Mapping[str, float] | None = None) -> Highest:
    """Answer "what is the highest level of medical assistant?" with reasons and citations."""
    ranking, names = rank(kb, weights), labels(kb)

    def said(cid: str) -> str:
        return names.get(cid, cid)

    if not ranking:
        raise ValueError("the knowledge base has no general MA certification")
    top, peers = ranking[0], [s.credential for s in ranking]
    tied = [s.credential for s in ranking if s.total == top.total]
    lv = levels(kb, weights, ranking)
    tail, exit_careers = kb.cached(_beyond_the_peers)
    lead = (
        f"There is no official highest level of medical assistant. The national general certifications "
        f"({', '.join(said(p) for p in peers)}) are peers: each lets you work as a certified MA. "
    )
    rivals = [c for c in open_above(ranking, 0) if c not in tied]
    if len(tied) > 1:
        lead += f"By MA Ladder's criteria {', '.join(said(t) for t in tied)} tie at the top. "
    else:
        why = "; ".join(p.reason for p in top.parts[:2])
        lead += f"By MA Ladder's published criteria, {said(top.credential)} ranks highest ({why}). "
    if rivals:
        lead += (
            f"That is not certain: facts the sources leave open could put "
            f"{', '.join(said(r) for r in rivals)} level with it or above it. "
        )
    lead += tail
    texts, given = kb.cached(_part_texts), dict(weights or {})
    reasons = [f"{said(s.credential)} scores {span(s.min, s.max)}: {texts[s.credential]}" for s in ranking]
    return Highest(
        answer=lead,
        credential=top.credential,
        levels=lv,
        ranking=ranking,
        criteria=[Criterion(c.id, c.name, c.description, given.get(c.id, c.weight)) for c in CRITERIA],
        reasons=reasons,
        citations=_citations(kb, peers, exit_careers),
        dataset_version=kb.dataset.version,
    )
