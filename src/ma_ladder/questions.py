"""The public questions, one function each: what the CLI's ``--json`` prints and the REST API returns.

Each function takes what a person typed (names in any case, dates as text), resolves it with the
same name lookups, calls the engine, and returns one answer object. The CLI and the web layer only
parse their input and print or serve :func:`ma_ladder.serialize.to_json` of that object, so the same
question gets the same JSON everywhere. Bad input raises :class:`~ma_ladder.errors.UsageError` (an
unknown name: :class:`~ma_ladder.errors.UnknownName`, with suggestions).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import msgspec

from .errors import UnknownName, UsageError, shown
from .kb import KnowledgeBase, resolve
from .kb.schema import Career, Claim, Credential, Organization, Source
from .kb.schema.common import Confidence

if TYPE_CHECKING:
    from .ladder import Highest, LadderAnswer
    from .ladder.compare import Comparison
    from .paths.advisor import Advice
    from .paths.eligibility import EligibilityAnswer
    from .paths.planner import Plan
    from .paths.profile import Profile
    from .scope import Answer, ScopeList, StateAnswer, StateList
    from .wages import WageReport

VERDICTS = ("true", "partly_true", "false", "outdated", "unverifiable")


class CredentialRow(msgspec.Struct, frozen=True):
    id: str
    name: str
    abbreviation: str
    issuer: str
    track: str


class StateCredentialRow(msgspec.Struct, frozen=True):
    id: str
    name: str
    state: str
    state_name: str
    ended: date | None


class CredentialList(msgspec.Struct, frozen=True):
    credentials: list[CredentialRow]
    dataset_version: str
    state_credentials: list[StateCredentialRow] = []


class CredentialAnswer(Credential, frozen=True):
    """A credential with every source its facts rest on, in one list."""

    sources: list[Source] = []
    dataset_version: str = ""
    state_credentials: list[str] = []  # state-issued credentials whose records say this one meets them


class StateCredentialAnswer(msgspec.Struct, frozen=True):
    """A credential a state issues (``WA:MA-C``), with exactly the facts its record holds.

    ``kind`` is ``state_credential`` (a national credential's is ``certification`` or
    ``recognition``). The record holds no exam, fee, duration or renewal rule, so ``exam``, ``fees``
    and ``renewal`` are always null: unknown, never zero.
    """

    id: str
    name: str
    kind: str
    issuer: str  # the issuing state's code
    state: str
    state_name: str
    summary: str
    requires: list[str]
    satisfied_by: list[str]
    ended: date | None
    sources: list[Source]
    as_of: date
    confidence: Confidence
    exam: None = None
    fees: None = None
    renewal: None = None
    dataset_version: str = ""


class OrganizationList(msgspec.Struct, frozen=True):
    organizations: list[Organization]
    dataset_version: str


class OrganizationAnswer(Organization, frozen=True):
    """An organization with the credentials it issues."""

    issues: list[str] = []
    dataset_version: str = ""


class CareerAnswer(Career, frozen=True):
    """A role beyond the entry MA job, with its BLS outlook, as its record holds it."""

    dataset_version: str = ""


class ClaimList(msgspec.Struct, frozen=True):
    claims: list[Claim]
    count: int
    dataset_version: str


def parse_date(text: str | None, field: str = "--on") -> date | None:
    """A YYYY-MM-DD date, or a clear error naming the field."""
    if text is None or text == "":
        return None
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"{field} {shown(text)} is not a date; use YYYY-MM-DD, e.g. 2025-01-31", field.lstrip("-")
        ) from None


def parse_weights(pairs: Mapping[str, str | float]) -> dict[str, float]:
    """Criterion weights from ``{name: number}``; unknown criteria and non-finite or negative weights refused."""
    from .ladder import CRITERIA

    valid = [c.id for c in CRITERIA]
    out: dict[str, float] = {}
    for name, value in pairs.items():
        if name not in valid:
            raise UnknownName("criterion", name, valid)
        try:
            weight = float(value)
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight) or weight < 0:
            raise UsageError(f"weight {name}={value!r}: the weight must be a number of 0 or more, e.g. {name}=0.5")
        out[name] = weight
    return out


def highest(kb: KnowledgeBase, weights: Mapping[str, float] | None = None) -> Highest:
    """What is the highest level of medical assistant?"""
    from . import ladder as engine

    return engine.highest(kb, weights)


def ladder(kb: KnowledgeBase, weights: Mapping[str, float] | None = None) -> LadderAnswer:
    """Every level of the ladder, with the criteria that order the general certifications."""
    from . import ladder as engine

    return engine.LadderAnswer(engine.levels(kb, weights), list(engine.CRITERIA), kb.dataset.version)


STATE_TRACK = "state"


def credentials(kb: KnowledgeBase, track: str | None = None, issuer: str | None = None) -> CredentialList:
    """The credentials, optionally of one track or one issuer; ``state_credentials`` lists the
    state-issued ones (track ``state``; an issuer, being an organization, issues none of them)."""
    creds = list(kb.credentials.values())
    state_rows = [
        StateCredentialRow(sc.id, sc.name, st.code, st.name, sc.ended) for st, sc in kb.state_credentials().values()
    ]
    if track:
        tracks = sorted({c.track for c in creds} | {STATE_TRACK})
        if track.lower() not in tracks:
            raise UnknownName("track", track, tracks)
        creds = [c for c in creds if c.track == track.lower()]
        state_rows = state_rows if track.lower() == STATE_TRACK else []
    if issuer:
        org = resolve.organization(kb, issuer)
        creds = [c for c in creds if c.issuer == org]
        state_rows = []
    rows = [CredentialRow(c.id, c.name, c.abbreviation, c.issuer, c.track) for c in creds]
    return CredentialList(rows, kb.dataset.version, state_rows)


def credential(kb: KnowledgeBase, given: str) -> CredentialAnswer | StateCredentialAnswer:
    """Everything about one credential, national or state-issued."""
    from .citations import unique_sources
    from .ladder.compare import meets

    cid = resolve.credential(kb, given)
    c = kb.credentials.get(cid)
    if c is None:
        st, sc = kb.state_credentials()[cid]
        return StateCredentialAnswer(
            id=sc.id,
            name=sc.name,
            kind="state_credential",
            issuer=st.code,
            state=st.code,
            state_name=st.name,
            summary=sc.summary,
            requires=list(sc.requires),
            satisfied_by=list(sc.satisfied_by),
            ended=sc.ended,
            sources=list(sc.sources),
            as_of=sc.as_of,
            confidence=sc.confidence,
            dataset_version=kb.dataset.version,
        )
    sources = unique_sources(s for b in c.blocks() for s in b.sources)
    fields = msgspec.structs.asdict(c)
    return CredentialAnswer(
        **fields, sources=sources, dataset_version=kb.dataset.version, state_credentials=meets(kb, c.id)
    )


def career(kb: KnowledgeBase, given: str) -> CareerAnswer:
    """One role beyond the MA (``phlebotomist``, ``practice-manager``), by its id or name."""
    key = resolve.norm(given)
    names = {resolve.norm(c.id): c.id for c in kb.careers.values()} | {
        resolve.norm(c.name): c.id for c in kb.careers.values()
    }
    if key not in names:
        raise UnknownName("career", given, set(kb.careers), field="career")
    c = kb.careers[names[key]]
    return CareerAnswer(**msgspec.structs.asdict(c), dataset_version=kb.dataset.version)


def organizations(kb: KnowledgeBase) -> OrganizationList:
    """The certifying bodies, accreditors and regulators."""
    return OrganizationList(sorted(kb.organizations.values(), key=lambda o: o.id), kb.dataset.version)


def organization(kb: KnowledgeBase, given: str) -> OrganizationAnswer:
    """One organization, with the credentials it issues."""
    o = kb.organizations[resolve.organization(kb, given)]
    issued = sorted(c.id for c in kb.credentials.values() if c.issuer == o.id)
    return OrganizationAnswer(**msgspec.structs.asdict(o), issues=issued, dataset_version=kb.dataset.version)


def compare(kb: KnowledgeBase, given: list[str]) -> Comparison:
    """Credentials side by side."""
    from .ladder import compare as engine

    if not given:
        raise UsageError("name at least one credential to compare, e.g. CMA,RMA")
    ids = [resolve.credential(kb, c) for c in given]
    return engine.compare(kb, list(dict.fromkeys(ids)))


def claims(kb: KnowledgeBase, verdict: str | None = None) -> ClaimList:
    """The claims of the article the project grew from, with verdicts and sources."""
    items = sorted(kb.claims.values(), key=lambda c: c.id)
    if verdict:
        if verdict.lower() not in VERDICTS:
            raise UnknownName("verdict", verdict, VERDICTS)
        items = [c for c in items if c.verdict == verdict.lower()]
    return ClaimList(items, len(items), kb.dataset.version)


def scope(
    kb: KnowledgeBase, state: str | None, task: str | None, credential: str | None = None, on: str | None = None
) -> Answer | ScopeList:
    """May an MA do a task in a state? One answer; or a state's every task; or a task's 51 jurisdictions."""
    from . import scope as engine

    if not state and not task:
        raise UsageError("give a state, a task or both, e.g. state=NY and task=injection")
    st = resolve.state(kb, state) if state else None
    tk = resolve.task(kb, task) if task else None
    cred = resolve.credential(kb, credential, st, allow_none=True) if credential is not None else None
    day = parse_date(on, "on")
    if st and tk:
        return engine.evaluate(kb, st, tk, cred, day)
    answers = engine.for_state(kb, st, cred, day) if st else engine.for_task(kb, tk or "", cred, day)
    return engine.ScopeList(st, tk, cred, answers, kb.dataset.as_of, engine.DISCLAIMER, kb.dataset.version)


def states(kb: KnowledgeBase, on: str | None = None) -> StateList:
    """How each state and DC regulates medical assistants."""
    from . import scope as engine

    day = parse_date(on, "on")
    rows = engine.summarize(kb, day)
    federal = engine.federal_baseline(kb, day)
    return engine.StateList(rows, kb.dataset.as_of, engine.DISCLAIMER, kb.dataset.version, federal)


def state(kb: KnowledgeBase, given: str, credential: str | None = None, on: str | None = None) -> StateAnswer:
    """One jurisdiction in full: its laws, credentials and an answer for every task."""
    from . import scope as engine

    st = kb.states[resolve.state(kb, given)]
    cred = resolve.credential(kb, credential, st.code, allow_none=True) if credential else None
    answers = engine.for_state(kb, st.code, cred, parse_date(on, "on"))
    defined = st.ma_defined_in_law
    return engine.StateAnswer(
        code=st.code,
        name=st.name,
        regulation=st.regulation,
        ma_defined_in_law=("yes" if defined else "no") if isinstance(defined, bool) else f"unclear: {defined.unclear}",
        summary=st.summary,
        laws=st.laws,
        state_credentials=st.state_credentials,
        who_may_delegate=list(st.who_may_delegate),
        notes=st.notes,
        answers=answers,
        sources=st.sources,
        as_of=st.as_of,
        confidence=st.confidence,
        disclaimer=engine.DISCLAIMER,
        dataset_version=kb.dataset.version,
        titles=st.titles,
    )


def person(kb: KnowledgeBase, data: Mapping[str, Any]) -> Profile:
    """A profile from data (a profile file's fields), validated and with names resolved."""
    from .paths import profile

    if not isinstance(data, Mapping):
        raise UsageError('a profile is an object of fields, e.g. {"state": "TX"}')
    return profile.normalise(kb, profile.from_dict(dict(data)))


def eligibility(kb: KnowledgeBase, who: Profile, on: str | None = None) -> EligibilityAnswer:
    """For every credential: eligible now (by which route), or what is missing."""
    from .paths import eligibility as engine

    results = engine.evaluate_all(kb, who, parse_date(on, "on"))
    return engine.EligibilityAnswer(who.model_dump(mode="json"), results, kb.dataset.version)


def plan(kb: KnowledgeBase, who: Profile, goal: str, on: str | None = None) -> Plan:
    """Every Pareto-optimal path from the profile to a goal."""
    from .paths import goals, planner

    if not goal or not goal.strip():
        raise UsageError("give a goal: a credential (CMA), a specialty (cardiology), a role, or task:injection@WA")
    return planner.plan(kb, who, goals.parse(kb, goal, who.state), parse_date(on, "on"))


def advise(kb: KnowledgeBase, who: Profile, on: str | None = None) -> Advice:
    """Ranked recommendations for the profile."""
    from .paths import advisor

    return advisor.advise(kb, who, parse_date(on, "on"))


def wages(
    kb: KnowledgeBase, state: str | None = None, metro: str | None = None, occupations: list[str] | None = None
) -> WageReport:
    """BLS wages for the nation, a state and/or metro areas."""
    from . import wages as engine

    if state is not None and not state.strip():
        raise UsageError("the state is empty; give a state code or name, or leave it out", "state")
    if metro is not None and not metro.strip():
        raise UsageError("the metro area is empty; give part of its name, or leave it out", "metro")
    st = resolve.state(kb, state) if state is not None else None
    areas = engine.resolve_metro(kb, metro) if metro is not None else None
    socs = [engine.resolve_occupation(kb, o) for o in occupations] if occupations else None
    return engine.query(kb, st, areas, socs)
