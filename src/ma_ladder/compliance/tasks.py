"""May this person do each task they perform, with the credentials that are current on the date?

The law's answer comes from :func:`ma_ladder.scope.evaluate`, never from a rule copied here. A person
gets the best decision (:data:`ma_ladder.scope.DECISION_RANK`) among their current credentials and
``none``. A credential whose status is unknown is never counted as held; where holding it would give a
better answer, the answer is ``unclear``: the roster cannot show whether the person may do the task.
Training the rule asks for is checked against the roster's training records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import msgspec

from ..citations import Citation
from ..errors import UnknownName
from ..kb import KnowledgeBase
from ..kb.resolve import NO_CREDENTIAL
from ..kb.schema import TASK_IDS
from ..scope import DECISION_RANK, DISCLAIMER, decision, evaluate
from ..words import decision as words
from .records import StaffMember, TrainingRecord
from .renewal import CredentialStatus

NO_RECORD = "none"  # the training key of a person with no training record for the task
"""What :func:`training_key` gives when the roster records no training for a task."""


class TaskCheck(msgspec.Struct, frozen=True):
    """The law's answer for one person and one task, and what the roster shows is not met."""

    task: str
    decision: str
    conditions: list[str]
    unmet: list[str]
    credential: str  # the held credential the decision rests on, or "none"
    citations: list[Citation]
    disclaimer: str = DISCLAIMER

    @property
    def flagged(self) -> bool:
        """A row an employer must act on: not allowed, or a condition the roster shows is unmet."""
        return self.decision == "not_allowed" or bool(self.unmet)


def training_key(training: Iterable[TrainingRecord], task: str) -> float | str | None:
    """The hours a person trained for a task: a number, None (completed, hours not recorded) or
    :data:`NO_RECORD`. The largest figure wins where the roster has several records."""
    found = [t for t in training if t.task == task]
    if not found:
        return NO_RECORD
    hours = [t.hours for t in found if t.hours is not None]
    return max(hours) if hours else None


_TASKS = frozenset(TASK_IDS)
Rank = Callable[[str], int]
"""The rank (:data:`ma_ladder.scope.DECISION_RANK`) of holding a credential, for one (state, task, date)."""


def ranks(kb: KnowledgeBase, state: str, task: str, on: date) -> Rank:
    """How :func:`best_held` and :func:`better_unknown` rank credentials for one cell, by
    :func:`ma_ladder.scope.decision`; nothing is kept between calls. A whole roster's evaluation passes
    its own ranking instead, which asks each (state, task, credential) once for that one question."""

    def rank(credential: str) -> int:
        return DECISION_RANK[decision(kb, state, task, credential, on)]

    return rank


def check_task(
    kb: KnowledgeBase,
    state: str,
    task: str,
    current: frozenset[str],
    unknown: frozenset[str],
    trained: float | str | None,
    on: date,
) -> TaskCheck:
    """One task for a person who holds ``current`` (counted) and ``unknown`` (status unknown)
    credentials and trained ``trained`` hours (see :func:`training_key`): a pure function of these,
    so a roster of a million people asks it once per distinct combination.

    It is three steps, each a pure function of fewer inputs, so a roster can ask each step once per
    distinct input of that step: :func:`best_held`, :func:`better_unknown`, :func:`decided`."""
    best = best_held(kb, state, task, current, on)
    return decided(kb, state, task, best, better_unknown(kb, state, task, best, unknown, on), trained, on)


def best_held(
    kb: KnowledgeBase, state: str, task: str, current: frozenset[str], on: date, rank: Rank | None = None
) -> str:
    """The credential among those counted as held (or ``none``) that gives the best decision; on a tie,
    ``none`` (the task needs no credential), else the first id."""
    if state not in kb.states:
        raise UnknownName("state", state, kb.states, field="state")
    if task not in _TASKS:
        raise UnknownName("task", task, TASK_IDS, field="tasks")
    rank = rank or ranks(kb, state, task, on)
    return max([NO_CREDENTIAL, *sorted(current)], key=lambda c: (rank(c), c == NO_CREDENTIAL))


def better_unknown(
    kb: KnowledgeBase, state: str, task: str, best: str, unknown: frozenset[str], on: date, rank: Rank | None = None
) -> tuple[str, ...]:
    """The credentials of unknown status that would give a better decision than ``best``, in id order."""
    if not unknown:
        return ()
    rank = rank or ranks(kb, state, task, on)
    least = rank(best)
    return tuple(sorted(c for c in unknown if rank(c) > least))


def decided(
    kb: KnowledgeBase,
    state: str,
    task: str,
    best: str,
    better: tuple[str, ...],
    trained: float | str | None,
    on: date,
) -> TaskCheck:
    """The check, given the best held credential and the better ones of unknown status: ``unclear`` if
    any (the roster cannot show whether the person may do the task), with the training left unmet."""
    answer = evaluate(kb, state, task, best, on)
    conditions = list(answer.conditions)
    verdict, basis = answer.decision, best
    if better:
        verdict, basis = "unclear", better[0]
        for c in better:
            conditions.insert(
                0,
                f"Depends on {c} being current: its status is unknown, and holding it gives "
                f"{words(decision(kb, state, task, c, on)).lower()} instead of {words(answer.decision).lower()}.",
            )
    unmet = _training(kb, task, answer.training_hours, trained) if verdict != "not_allowed" else []
    return TaskCheck(task, verdict, conditions, unmet, basis, list(answer.citations))


def _training(kb: KnowledgeBase, task: str, required: int | None, trained: float | str | None) -> list[str]:
    """An unmet entry where the rule asks for training hours the roster does not show."""
    if not required:
        return []
    name = kb.tasks[task].name if task in kb.tasks else task
    if trained == NO_RECORD:
        return [f"{name} training: none recorded, {required} hours required"]
    if trained is None:
        return [f"{name} training: completed but hours not recorded, {required} hours required"]
    assert isinstance(trained, float | int)
    if trained < required:
        return [f"{name} training: {trained:g} hours recorded, {required} required"]
    return []


def held(statuses: Iterable[CredentialStatus]) -> tuple[frozenset[str], frozenset[str]]:
    """(credentials that count as held, credentials whose status is unknown) from a person's statuses."""
    current, unknown = set(), set()
    for s in statuses:
        if s.current:
            current.add(s.credential)
        elif s.current is None:
            unknown.add(s.credential)
    return frozenset(current), frozenset(unknown - current)


def check_tasks(
    kb: KnowledgeBase, member: StaffMember, statuses: Iterable[CredentialStatus], on: date
) -> list[TaskCheck]:
    """Every task the person performs, in roster order (a task listed twice is checked once)."""
    current, unknown = held(statuses)
    return [
        check_task(kb, member.state, task, current, unknown, training_key(member.training, task), on)
        for task in dict.fromkeys(member.tasks)
    ]
