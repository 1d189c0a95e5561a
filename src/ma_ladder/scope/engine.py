"""State scope of practice: may a medical assistant do task T in state S, on date D?

``evaluate`` is a pure function of the knowledge base. It picks the state's rule in force on the date,
applies the variant for the person's credential, adds the federal layer (CMS order entry, CLIA), and
returns the decision with its basis, confidence, conditions and every citation it rests on. A decision
resting on a general delegation rule is much weaker than one from a statute naming the task, so the
basis always travels with the decision.

Three questions share it. With a credential: may a holder of it do the task? With ``none``
(:data:`NO_CREDENTIAL`): may an MA who holds nothing do it? With no credential at all, the general
question people ask ("may a medical assistant in Connecticut give vaccines?"): the best decision any
credential, registration or training gives, what it takes first among the conditions, and
``by_credential``, each credential that changes the answer and ``none``. Answering "no" to the general
question because nobody said which credential is the mistake this layout exists to prevent.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import msgspec

from ..citations import Citation
from ..errors import UnknownName
from ..kb import KnowledgeBase
from ..kb.resolve import NO_CREDENTIAL
from ..kb.schema import (
    TASK_IDS,
    Law,
    NationalRule,
    RuleValue,
    Source,
    State,
    StateCredential,
    TitleRule,
    Variant,
)
from ..kb.schema.state import NationalValue
from ..words import decision as decision_words
from ..words import either
from .dated import InForce, Timeline

DISCLAIMER = "Not legal advice; confirm with the state board."


class ByCredential(msgspec.Struct, frozen=True, gc=False):
    """What one credential (or ``none``) gets, in a general answer."""

    credential: str
    decision: str


class Answer(msgspec.Struct, frozen=True):
    """One decision. ``credential`` is None for the general question, ``none`` for an MA who holds none."""

    state: str
    state_name: str
    task: str
    credential: str | None
    on: date
    decision: str
    basis: str
    confidence: str
    conditions: list[str]
    supervision: str | None
    delegators: list[str]
    excluded: list[str]
    training_hours: int | None
    effective_from: date | None
    effective_to: date | None
    citations: list[Citation]
    as_of: date
    dataset_version: str
    variant: list[str] | None = None
    base_decision: str | None = None
    base_conditions: list[str] = msgspec.field(default_factory=list)
    federal: list[str] = msgspec.field(default_factory=list)
    notes: str | None = None
    by_credential: list[ByCredential] | None = None  # the general question only
    disclaimer: str = DISCLAIMER


def _state(kb: KnowledgeBase, code: str) -> State:
    if code not in kb.states:
        raise UnknownName("state", code, kb.states)
    return kb.states[code]


def _check(kb: KnowledgeBase, task: str, credential: str | None) -> None:
    if task not in TASK_IDS:
        raise UnknownName("task", task, TASK_IDS)
    _check_credential(kb, credential)


def _check_credential(kb: KnowledgeBase, credential: str | None) -> None:
    if credential not in (None, NO_CREDENTIAL) and credential not in kb.credential_ids():
        raise UnknownName("credential", credential, kb.credential_ids())


def _hints(st: State, credential: str, rule: RuleValue) -> list[str]:
    """The state credentials a national credential helps qualify for, and what their holders get."""
    hints = []
    for sc in st.state_credentials:
        if credential in sc.satisfied_by:
            outcome = next((v for v in rule.variants if sc.id in v.credentials), None)
            then = f"; holders of {sc.id} get: {decision_words(outcome.decision).lower()}" if outcome else ""
            hints.append(
                f"Holding {credential} helps qualify for the state credential {sc.id} ({sc.name}), "
                f"which you must hold yourself{then}."
            )
    return hints


class _Federal(NamedTuple):
    rule: NationalRule
    values: Timeline[NationalValue]
    cites: list[Citation]


def _federal_all(kb: KnowledgeBase) -> list[_Federal]:
    """Every national rule with its dated values and its laws' citations, built once."""
    return [
        _Federal(rule, Timeline(rule.values), [Citation(law.title, law.url, law.citation) for law in rule.laws])
        for rule in kb.national.values()
    ]


def _federal_rules(kb: KnowledgeBase) -> dict[str, list[_Federal]]:
    """The national rules that touch each task."""
    out: dict[str, list[_Federal]] = {}
    for entry in kb.cached(_federal_all):
        for task in entry.rule.tasks:
            out.setdefault(task, []).append(entry)
    return out


def _federal_in(
    entries: list[_Federal] | None, credential: str | None, on: date
) -> tuple[list[str], list[Citation]]:
    notes: list[str] = []
    cites: list[Citation] = []
    for rule, values, rule_cites in entries or ():
        current = values.at(on)
        if current is None:
            continue
        if current.value is None:
            notes.append(f"Federal: the {rule.name} applied {_span(values, on)}.")
        else:
            text = f"Federal ({rule.name}, since {current.start.isoformat()}): {current.value.summary}"
            if credential and current.value.counts:
                counted = credential in current.value.counts
                text += f" {credential} {'is' if counted else 'is not'} among the credentials counted."
            if current.value.conditions:
                text += " Conditions: " + " ".join(current.value.conditions)
            notes.append(text)
        cites += rule_cites
    return notes, cites


def _laws(kb: KnowledgeBase) -> dict[str, dict[str, Law]]:
    """Each state's laws by id."""
    return {code: {law.id: law for law in st.laws} for code, st in kb.states.items()}


def _timelines(kb: KnowledgeBase) -> dict[tuple[str, str], Timeline[RuleValue]]:
    return {
        (code, task): Timeline(values, in_order=True)
        for code, st in kb.states.items()
        for task, values in st.tasks.items()
    }


def timeline(kb: KnowledgeBase, state: str, task: str) -> Timeline[RuleValue]:
    """The dated values of one state's rule for one task (stored in start order by the builder)."""
    return kb.cached(_timelines)[(state, task)]


ALLOWED = frozenset({"allowed", "allowed_with_conditions"})
DECISION_RANK = {"not_allowed": 0, "unclear": 1, "allowed_with_conditions": 2, "allowed": 3}


def variant_for(rule: RuleValue, credential: str | None) -> Variant | None:
    """The variant of a rule that a credential selects (the first that names it), if any."""
    return next((v for v in rule.variants if credential in v.credentials), None) if credential else None


def decide(rule: RuleValue, credential: str | None) -> tuple[str, Variant | None]:
    """The decision for one person's credential, and the variant that gave it (None when the base rule did).

    A credential adds to what its holder may do, never takes away: the general rule covers holders
    too, so a variant less permissive than the base rule does not apply. None and ``none`` both
    mean a person who holds no credential; the general question is :func:`best`.
    """
    v = variant_for(rule, credential)
    if v is None or DECISION_RANK[v.decision] < DECISION_RANK[rule.decision]:
        return rule.decision, None
    return v.decision, v


def by_credential(rule: RuleValue) -> list[ByCredential]:
    """Each credential that changes a rule's answer (most permissive first), then ``none``.

    Decided by :func:`decide`, exactly as a holder's own question is, so the general answer can never
    promise a holder more than their own answer gives.
    """
    named = dict.fromkeys(c for v in rule.variants for c in v.credentials)
    better = [ByCredential(c, d) for c in named if (d := decide(rule, c)[0]) != rule.decision]
    better.sort(key=lambda b: -DECISION_RANK[b.decision])
    return [*better, ByCredential(NO_CREDENTIAL, rule.decision)]


def best(rule: RuleValue) -> str:
    """The general question's decision: the best any credential gives.

    Where only a credential makes a task allowed, the answer is allowed *with conditions*: holding
    the credential is itself a condition.
    """
    top = by_credential(rule)[0]
    if top.credential != NO_CREDENTIAL and top.decision == "allowed":
        return "allowed_with_conditions"
    return top.decision


def decision(kb: KnowledgeBase, state: str, task: str, credential: str | None, on: date) -> str:
    """Only the decision of :func:`evaluate` (same rule, same :func:`decide`), for engines that weigh many.

    ``credential`` is one person's (None or ``none``: they hold none); see :func:`best` for the
    general question.
    """
    current = timeline(kb, state, task).at(on)
    return "unclear" if current is None or current.value is None else decide(current.value, credential)[0]


def allowed_tasks(kb: KnowledgeBase, state: str, credential: str | None, on: date) -> frozenset[str]:
    """The tasks a holder of ``credential`` (None or ``none`` = no credential) may do in ``state`` on ``on``.

    Each task's rule is decided by :func:`decision`, exactly as :func:`evaluate` decides; engines that
    weigh many credentials call this instead of 20 full evaluations.
    """
    return frozenset(t for t in TASK_IDS if decision(kb, state, t, credential, on) in ALLOWED)


def evaluate(kb: KnowledgeBase, state: str, task: str, credential: str | None = None, on: date | None = None) -> Answer:
    """The decision for one state and task on a date (default today).

    ``credential`` None asks the general question (see the module's docstring); ``none`` asks about an
    MA who holds no credential; an id asks about a holder of it.
    """
    st = _state(kb, state)
    _check(kb, task, credential)
    return _answer(kb, st, task, credential, on or date.today())


def _answer(kb: KnowledgeBase, st: State, task: str, credential: str | None, on: date) -> Answer:
    """:func:`evaluate` once its names are checked."""
    return _answer_in(kb, _plan(kb, st), kb.cached(_federal_rules), task, credential, on)


def _answer_in(
    kb: KnowledgeBase,
    plan: _StatePlan,
    federal_rules: dict[str, list[_Federal]],
    task: str,
    credential: str | None,
    on: date,
) -> Answer:
    """One answer from a state's prepared rules: what a question decides (the rule in force on its date,
    the credential's variant, the federal layer on that date) is worked out here on every call; what
    only the knowledge base decides comes from the plan. A state's twenty answers share one plan."""
    st = plan.state
    federal, federal_cites = _federal_in(federal_rules.get(task), credential, on)
    rules = plan.timelines[task]
    current = rules.at(on)
    if current is None or current.value is None:
        return _no_rule(kb, st, task, credential, on, current, rules.starts[0], federal, federal_cites)
    rule = current.value
    known = plan.rules[id(rule)]
    base_conditions: list[str] = []
    if credential is None:
        decision, by, held = known.best, known.by_credential, known.variant_credentials
        conditions = list(known.conditions)
    else:
        variant = known.chosen.get(credential)  # what decide() picks, worked out per rule once
        by = None
        if variant is None:
            decision, held, conditions = rule.decision, None, list(rule.conditions)
        else:
            decision, held = variant.decision, variant.credentials
            conditions, base_conditions = list(variant.conditions), list(rule.conditions)
        hint = known.hints.get(credential)
        if ":" in credential and not credential.startswith(plan.prefix):
            conditions.append(f"{credential} is issued by another state and has no standing in {st.name}.")
        if hint:
            conditions += hint
    # positional, in the order Answer declares its fields: matching 24 keywords cost an answer about 9,500
    # instructions (two fifths of it); mypy checks each argument's type against its field
    return Answer(
        st.code,
        st.name,
        task,
        credential,
        on,
        decision,
        rule.basis,
        rule.confidence,
        conditions,
        rule.supervision,
        list(rule.delegators),
        list(rule.excluded),
        rule.training_hours,
        current.start,
        current.end,
        known.citations + federal_cites,
        rule.reviewed,
        kb.dataset.version,
        list(held) if held else None,  # variant
        rule.decision if held else None,  # base_decision
        base_conditions,
        federal,
        rule.notes,
        by,  # by_credential
    )


class _Prepared(NamedTuple):
    """What every answer from one dated rule shares, derived once per knowledge base, not per question."""

    citations: list[Citation]
    by_credential: list[ByCredential]
    best: str
    conditions: list[str]  # the general answer's, what it takes first
    variant_credentials: list[str]  # the credentials of the variants that give the general answer
    chosen: dict[str, Variant]  # credential -> the variant :func:`decide` applies to its holders
    hints: dict[str, list[str]]  # credential -> what it means here though the rule does not name it


class _StatePlan(NamedTuple):
    """One state's rules ready to answer from: its timelines by task and its rule values prepared."""

    state: State
    prefix: str  # "WA:", how this state's own credential ids begin
    timelines: dict[str, Timeline[RuleValue]]
    rules: dict[int, _Prepared]  # keyed by the identity of a rule value (the knowledge base is immutable)


def _plan_store(kb: KnowledgeBase) -> dict[str, _StatePlan]:
    return {}


def _plan(kb: KnowledgeBase, st: State) -> _StatePlan:
    """A state's plan, derived once per knowledge base, state by state on first use (a one-question
    command pays for one state, not 51; the server prepares every state before it listens)."""
    store = kb.cached(_plan_store)
    plan = store.get(st.code)
    if plan is None:
        laws, timelines = kb.cached(_laws)[st.code], kb.cached(_timelines)
        rules = {id(r): _prepare(st, laws, r) for values in st.tasks.values() for r in values.values() if r is not None}
        plan = store[st.code] = _StatePlan(st, f"{st.code}:", {t: timelines[(st.code, t)] for t in st.tasks}, rules)
    return plan


def prepare(kb: KnowledgeBase) -> None:
    """Derive every state's plan now, so that no question (the first one included) waits for one."""
    for st in kb.states.values():
        _plan(kb, st)
    kb.cached(_federal_rules)


def _prepare(st: State, laws: dict[str, Law], rule: RuleValue) -> _Prepared:
    cites = [Citation(laws[i].title, laws[i].url, laws[i].citation) for i in rule.laws if i in laws]
    cited = {c.url for c in cites}  # every law is kept, even two sections on one page; sources add new pages only
    cites += [Citation(s.title, s.url) for s in rule.sources if s.url not in cited]
    named = dict.fromkeys(c for v in rule.variants for c in v.credentials)
    chosen = {c: v for c in named if (v := decide(rule, c)[1]) is not None}
    hints = {c: h for c in {x for sc in st.state_credentials for x in sc.satisfied_by} if (h := _hints(st, c, rule))}
    by = by_credential(rule)
    if by[0].credential == NO_CREDENTIAL:  # no credential changes the answer: it is the base rule's
        return _Prepared(cites, by, best(rule), list(rule.conditions), [], chosen, hints)
    top = [b.credential for b in by if b.decision == by[0].decision]
    variants = list({id(v): v for c in top if (v := variant_for(rule, c)) is not None}.values())
    conditions = [_what_it_takes(st, top, rule.decision)]
    for text in [*(c for v in variants for c in v.conditions), *rule.conditions]:
        if text not in conditions:
            conditions.append(text)
    return _Prepared(cites, by, best(rule), conditions, [c for v in variants for c in v.credentials], chosen, hints)


def _what_it_takes(st: State, credentials: list[str], without: str) -> str:
    """The condition a general answer lists first: which credential it takes, and what holding none gets."""
    text = f"It takes holding {either(credentials)}; for an MA who holds none: {decision_words(without).lower()}."
    for c in credentials:
        sc = next((x for x in st.state_credentials if x.id == c), None)
        if sc is not None and sc.satisfied_by:
            text += f" National certifications that count toward {sc.id}: {', '.join(sc.satisfied_by)}."
    return text


def _no_rule(
    kb: KnowledgeBase,
    st: State,
    task: str,
    credential: str | None,
    on: date,
    current: InForce[RuleValue] | None,
    first: date,
    federal: list[str],
    federal_cites: list[Citation],
) -> Answer:
    """``unclear`` before the first encoded rule or after a repeal with nothing after it: never a guess."""
    why = (
        f"No rule is encoded for {st.name} before {first.isoformat()}."
        if current is None
        else f"The rule was repealed on {current.start.isoformat()} and no later rule is encoded."
    )
    return Answer(
        st.code,
        st.name,
        task,
        credential,
        on,
        decision="unclear",
        basis="none_found",
        confidence="low",
        conditions=[why],
        supervision=None,
        delegators=[],
        excluded=[],
        training_hours=None,
        effective_from=current.start if current else None,
        effective_to=current.end if current else first,
        citations=federal_cites,
        as_of=st.as_of,
        dataset_version=kb.dataset.version,
        federal=federal,
        by_credential=[ByCredential(NO_CREDENTIAL, "unclear")] if credential is None else None,
    )


def for_state(kb: KnowledgeBase, state: str, credential: str | None = None, on: date | None = None) -> list[Answer]:
    """Every task in one state: the answers :func:`evaluate` gives, with the names checked once."""
    plan = _plan(kb, _state(kb, state))
    _check_credential(kb, credential)
    day, federal = on or date.today(), kb.cached(_federal_rules)
    return [_answer_in(kb, plan, federal, t, credential, day) for t in TASK_IDS]


def for_task(kb: KnowledgeBase, task: str, credential: str | None = None, on: date | None = None) -> list[Answer]:
    """One task in every jurisdiction: the answers :func:`evaluate` gives, with the names checked once."""
    _check(kb, task, credential)
    day = on or date.today()
    return [_answer(kb, kb.states[s], task, credential, day) for s in sorted(kb.states)]


class Cell(msgspec.Struct, frozen=True, gc=False):
    """One decision of the matrix; ``evaluate`` gives the full answer with conditions and citations."""

    state: str
    task: str
    credential: str | None
    decision: str
    basis: str
    confidence: str
    effective_from: date | None


def matrix(kb: KnowledgeBase, on: date | None = None) -> list[Cell]:
    """Every jurisdiction x task x credential, as compact decisions: ``credential`` None is the general
    question (the best any credential gives), ``none`` an MA who holds none.

    The rule in force is found once per state and task and shared by every credential; the decision
    comes from the same :func:`decide` that :func:`evaluate` uses, so the two cannot disagree
    (a test checks every cell against ``evaluate``).
    """
    on = on or date.today()
    creds: list[str | None] = [NO_CREDENTIAL, *sorted(kb.credentials), *sorted(kb.state_credential_ids())]
    cells = []
    for code in sorted(kb.states):
        for task in TASK_IDS:
            current = timeline(kb, code, task).at(on)
            rule = current.value if current else None
            if rule is None:
                start = current.start if current else None
                cells += [Cell(code, task, c, "unclear", "none_found", "low", start) for c in [None, *creds]]
                continue
            assert current is not None
            named = {c for v in rule.variants for c in v.credentials}  # only these can differ from the base
            basis, confidence, start = rule.basis, rule.confidence, current.start
            cells.append(Cell(code, task, None, best(rule), basis, confidence, start))
            for c in creds:
                d = decide(rule, c)[0] if c in named else rule.decision
                cells.append(Cell(code, task, c, d, basis, confidence, start))
    return cells


class StateSummary(msgspec.Struct, frozen=True):
    code: str
    name: str
    regulation: str
    ma_defined_in_law: str
    state_credentials: list[str]
    injection: str  # the general question: may an MA here give injections (with the right credential)?
    injection_no_credential: str
    injection_basis: str
    injection_confidence: str
    confidence: str
    summary: str


def summarize(kb: KnowledgeBase, on: date | None = None) -> list[StateSummary]:
    """How each jurisdiction regulates MAs, one row each."""
    rows = []
    for code in sorted(kb.states):
        st = kb.states[code]
        inj = evaluate(kb, code, "injection", None, on)
        bare = next(b.decision for b in inj.by_credential or [] if b.credential == NO_CREDENTIAL)
        defined = st.ma_defined_in_law
        rows.append(
            StateSummary(
                code,
                st.name,
                st.regulation,
                ("yes" if defined else "no") if isinstance(defined, bool) else f"unclear: {defined.unclear}",
                [c.id for c in st.state_credentials if c.ended is None or (on or date.today()) < c.ended],
                inj.decision,
                bare,
                inj.basis,
                inj.confidence,
                st.confidence,
                st.summary,
            )
        )
    return rows


class ScopeList(msgspec.Struct, frozen=True):
    state: str | None
    task: str | None
    credential: str | None
    answers: list[Answer]
    as_of: date
    disclaimer: str
    dataset_version: str


class FederalRule(msgspec.Struct, frozen=True):
    """One federal rule as the baseline under every state's law: what it says, and when."""

    id: str
    name: str
    summary: str
    in_force: str  # "since 2015-10-16", "from 2015-10-16 until 2019-01-01 (no longer applies)", ...
    tasks: list[str]
    citations: list[Citation]
    notes: str | None
    as_of: date
    confidence: str


def federal_baseline(kb: KnowledgeBase, on: date | None = None) -> list[FederalRule]:
    """What federal law does and does not require of MAs, each rule with the dates it applies."""
    on = on or date.today()
    out = []
    entries = sorted(kb.cached(_federal_all), key=lambda f: (bool(f.rule.tasks), bool(f.rule.values), f.rule.name))
    for rule, values, law_cites in entries:
        cites = law_cites + [Citation(s.title, s.url) for s in rule.sources if s.url not in {c.url for c in law_cites}]
        out.append(
            FederalRule(
                rule.id,
                rule.name,
                rule.summary,
                _span(values, on),
                list(rule.tasks),
                cites,
                rule.notes,
                rule.as_of,
                rule.confidence,
            )
        )
    return out


def _span(values: Timeline[NationalValue], on: date) -> str:
    """When a federal rule applies, in words: never a bare "no longer applies" without its dates."""
    if not values.starts:
        return "no dates (the rule records an absence of law)"
    current = values.at(on)
    if current is None:
        return f"from {values.starts[0].isoformat()} (not yet in force on {on.isoformat()})"
    if current.value is None:
        i = values.starts.index(current.start)
        began = f"from {values.starts[i - 1].isoformat()} " if i else ""
        return f"{began}until {current.start.isoformat()} (no longer applies)"
    return f"since {current.start.isoformat()}"


class StateList(msgspec.Struct, frozen=True):
    states: list[StateSummary]
    as_of: date
    disclaimer: str
    dataset_version: str
    federal: list[FederalRule] = msgspec.field(default_factory=list)


class StateAnswer(msgspec.Struct, frozen=True):
    """One jurisdiction: how it regulates MAs, its laws and credentials, and every task's answer."""

    code: str
    name: str
    regulation: str
    ma_defined_in_law: str
    summary: str
    laws: list[Law]
    state_credentials: list[StateCredential]
    who_may_delegate: list[str]
    notes: list[str]
    answers: list[Answer]
    sources: list[Source]
    as_of: date
    confidence: str
    disclaimer: str
    dataset_version: str
    titles: list[TitleRule] = msgspec.field(default_factory=list)  # title-protection laws found; empty: none researched
