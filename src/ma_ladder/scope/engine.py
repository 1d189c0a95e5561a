"""State scope of practice: may a medical assistant do task T in state S, on date D?

``evaluate`` is a pure function of the knowledge base. It picks the state's rule in force on the date,
applies the variant for the person's credential, adds the federal layer (CMS order entry, CLIA), and
returns the decision with its basis, confidence, conditions and every citation it rests on. A decision
resting on a general delegation rule is much weaker than one from a statute naming the task, so the
basis always travels with the decision.
"""

from __future__ import annotations

from datetime import date

import msgspec

from ..citations import Citation
from ..errors import UnknownName
from ..kb import KnowledgeBase
from ..kb.schema import TASK_IDS, Law, RuleValue, Source, State, StateCredential, Variant
from .dated import Timeline, in_force

DISCLAIMER = "Not legal advice; confirm with the state board."


class Answer(msgspec.Struct, frozen=True):
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
    disclaimer: str = DISCLAIMER


def _state(kb: KnowledgeBase, code: str) -> State:
    if code not in kb.states:
        raise UnknownName("state", code, kb.states)
    return kb.states[code]


def _check(kb: KnowledgeBase, task: str, credential: str | None) -> None:
    if task not in TASK_IDS:
        raise UnknownName("task", task, TASK_IDS)
    if credential is not None and credential not in kb.credential_ids():
        raise UnknownName("credential", credential, kb.credential_ids())


def _credential_hints(kb: KnowledgeBase, st: State, credential: str | None, rule: RuleValue) -> list[str]:
    """What a credential means here when the rule doesn't name it directly."""
    if credential is None:
        return []
    hints = []
    if ":" in credential and not credential.startswith(f"{st.code}:"):
        hints.append(f"{credential} is issued by another state and has no standing in {st.name}.")
    for sc in st.state_credentials:
        if credential in sc.satisfied_by:
            outcome = next((v for v in rule.variants if sc.id in v.credentials), None)
            then = f"; holders of {sc.id} get: {outcome.decision}" if outcome else ""
            hints.append(
                f"Holding {credential} helps qualify for the state credential {sc.id} ({sc.name}), "
                f"which you must hold yourself{then}."
            )
    return hints


def _federal(kb: KnowledgeBase, task: str, credential: str | None, on: date) -> tuple[list[str], list[Citation]]:
    notes, cites = [], []
    for rule in kb.national.values():
        if task not in rule.tasks:
            continue
        current = in_force(rule.values, on)
        if current is None:
            continue
        if current.value is None:
            notes.append(f"Federal: the {rule.name} no longer applies (ended {current.start.isoformat()}).")
        else:
            text = f"Federal ({rule.name}): {current.value.summary}"
            if credential and current.value.counts:
                counted = credential in current.value.counts
                text += f" {credential} {'is' if counted else 'is not'} among the credentials counted."
            if current.value.conditions:
                text += " Conditions: " + " ".join(current.value.conditions)
            notes.append(text)
        cites += [Citation(law.title, law.url, law.citation) for law in rule.laws]
    return notes, cites


def _laws(kb: KnowledgeBase) -> dict[str, dict[str, Law]]:
    """Each state's laws by id."""
    return {code: {law.id: law for law in st.laws} for code, st in kb.states.items()}


def timeline(kb: KnowledgeBase, state: str, task: str) -> Timeline[RuleValue]:
    """The dated values of one state's rule for one task (stored in start order by the builder)."""
    return Timeline(kb.states[state].tasks[task], in_order=True)  # type: ignore[index]


ALLOWED = frozenset({"allowed", "allowed_with_conditions"})
DECISION_RANK = {"not_allowed": 0, "unclear": 1, "allowed_with_conditions": 2, "allowed": 3}


def variant_for(rule: RuleValue, credential: str | None) -> Variant | None:
    """The variant of a rule that a credential selects (the first that names it), if any."""
    return next((v for v in rule.variants if credential in v.credentials), None) if credential else None


def decide(rule: RuleValue, credential: str | None) -> tuple[str, Variant | None]:
    """The decision for a credential, and the variant that gave it (None when the base rule did).

    A credential adds to what its holder may do, never takes away: the general rule covers holders
    too, so a variant less permissive than the base rule does not apply.
    """
    v = variant_for(rule, credential)
    if v is None or DECISION_RANK[v.decision] < DECISION_RANK[rule.decision]:
        return rule.decision, None
    return v.decision, v


def decision(kb: KnowledgeBase, state: str, task: str, credential: str | None, on: date) -> str:
    """Only the decision of :func:`evaluate` (same rule, same :func:`decide`), for engines that weigh many."""
    current = timeline(kb, state, task).at(on)
    return "unclear" if current is None or current.value is None else decide(current.value, credential)[0]


def allowed_tasks(kb: KnowledgeBase, state: str, credential: str | None, on: date) -> frozenset[str]:
    """The tasks a holder of ``credential`` (None = no credential) may do in ``state`` on ``on``.

    Each task's rule is decided by :func:`decision`, exactly as :func:`evaluate` decides; engines that
    weigh many credentials call this instead of 20 full evaluations.
    """
    return frozenset(t for t in TASK_IDS if decision(kb, state, t, credential, on) in ALLOWED)


def evaluate(kb: KnowledgeBase, state: str, task: str, credential: str | None = None, on: date | None = None) -> Answer:
    """The decision for one state, task and credential (None = no credential) on a date (default today)."""
    st = _state(kb, state)
    _check(kb, task, credential)
    on = on or date.today()
    federal, federal_cites = _federal(kb, task, credential, on)
    rules = timeline(kb, st.code, task)
    current = rules.at(on)
    if current is None or current.value is None:
        first = rules.starts[0]
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
        )
    rule = current.value
    decision, variant = decide(rule, credential)
    laws = kb.cached(_laws)[st.code]
    cites = [Citation(laws[i].title, laws[i].url, laws[i].citation) for i in rule.laws if i in laws]
    cited = {c.url for c in cites}  # every law is kept, even two sections on one page; sources add new pages only
    cites += [Citation(s.title, s.url) for s in rule.sources if s.url not in cited]
    conditions = list(variant.conditions if variant else rule.conditions)
    conditions += _credential_hints(kb, st, credential, rule)
    return Answer(
        st.code,
        st.name,
        task,
        credential,
        on,
        decision=decision,
        basis=rule.basis,
        confidence=rule.confidence,
        conditions=conditions,
        supervision=rule.supervision,
        delegators=list(rule.delegators),
        excluded=list(rule.excluded),
        training_hours=rule.training_hours,
        effective_from=current.start,
        effective_to=current.end,
        citations=cites + federal_cites,
        as_of=rule.reviewed,
        dataset_version=kb.dataset.version,
        variant=variant.credentials if variant else None,
        federal=federal,
        notes=rule.notes,
        base_decision=rule.decision if variant else None,
        base_conditions=list(rule.conditions) if variant else [],
    )


def for_state(kb: KnowledgeBase, state: str, credential: str | None = None, on: date | None = None) -> list[Answer]:
    """Every task in one state."""
    return [evaluate(kb, state, t, credential, on) for t in TASK_IDS]


def for_task(kb: KnowledgeBase, task: str, credential: str | None = None, on: date | None = None) -> list[Answer]:
    """One task in every jurisdiction."""
    return [evaluate(kb, s, task, credential, on) for s in sorted(kb.states)]


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
    """Every jurisdiction x task x credential (and no credential), as compact decisions.

    The rule in force is found once per state and task and shared by every credential; the decision
    comes from the same :func:`decide` that :func:`evaluate` uses, so the two cannot disagree
    (a test checks every cell against ``evaluate``).
    """
    on = on or date.today()
    creds: list[str | None] = [None, *sorted(kb.credentials), *sorted(kb.state_credential_ids())]
    cells = []
    for code in sorted(kb.states):
        for task in TASK_IDS:
            current = timeline(kb, code, task).at(on)
            rule = current.value if current else None
            if rule is None:
                start = current.start if current else None
                cells += [Cell(code, task, c, "unclear", "none_found", "low", start) for c in creds]
                continue
            assert current is not None
            named = {c for v in rule.variants for c in v.credentials}  # only these can differ from the base
            basis, confidence, start = rule.basis, rule.confidence, current.start
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
        defined = st.ma_defined_in_law
        rows.append(
            StateSummary(
                code,
                st.name,
                st.regulation,
                ("yes" if defined else "no") if isinstance(defined, bool) else f"unclear: {defined.unclear}",
                [c.id for c in st.state_credentials if c.ended is None or (on or date.today()) < c.ended],
                inj.decision,
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


class StateList(msgspec.Struct, frozen=True):
    states: list[StateSummary]
    as_of: date
    disclaimer: str
    dataset_version: str


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
