"""Schema of a jurisdiction's scope-of-practice rules (50 states and DC) and the national layer.

Rules are dated the OpenFisca way: each task maps effective-from dates to a value, the newest start
on or before the query date wins, ``null`` means repealed, and the end of a value is derived from the
next start, never stored twice.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from .catalog import TaskId
from .common import Check, Confidence, Maybe, Record, Source, Sourced, Text, Url

Decision = Literal["allowed", "allowed_with_conditions", "not_allowed", "unclear"]
Basis = Literal["express", "general_delegation", "board_guidance", "secondary_only", "none_found"]
Delegator = Literal["physician", "physician_assistant", "nurse_practitioner", "podiatrist", "other"]
Regulation = Literal["state_credential", "ma_statute", "board_rule", "general_delegation", "none_found"]


class Law(Record, frozen=True):
    """A statute, rule or guidance document, cited the way the state cites it."""

    id: Text
    citation: Text
    title: Text
    kind: Literal["statute", "regulation", "board_guidance", "attorney_general", "bill"]
    summary: Text
    url: Url | None = None
    effective: date | None = None


class StateCredential(Sourced, frozen=True):
    """A credential or registration the state itself issues (e.g. ``WA:MA-C``)."""

    id: Text
    name: Text
    summary: Text
    requires: list[Text]
    satisfied_by: list[str] = []  # national credential ids
    ended: date | None = None  # the day the state stopped issuing it, if it did


class Variant(Record, frozen=True):
    """The outcome for holders of particular credentials, overriding the rule's base decision."""

    credentials: Annotated[list[str], Check(min_length=1)]
    decision: Decision
    conditions: list[Text] = []


class RuleValue(Record, frozen=True):
    """One dated value of a task rule."""

    decision: Decision
    basis: Basis
    sources: Annotated[list[Source], Check(min_length=1)]
    confidence: Confidence
    reviewed: date
    conditions: list[Text] = []
    supervision: str | None = None
    delegators: list[Delegator] = []
    training_hours: int | None = None
    excluded: list[Text] = []  # routes or substances excluded
    variants: list[Variant] = []
    laws: list[str] = []  # ids of laws in this file
    notes: str | None = None


TitleKind = Literal["nurse", "certified_medical_assistant", "state_ma_credential", "other"]


class TitleRule(Sourced, frozen=True):
    """A law that restricts who may use a title an MA might be called by (``nurse``, ``certified medical assistant``).

    ``rule`` says in plain words who may use the title and what it means for an MA; ``citation`` and
    ``url`` name the law itself (``sources`` are the pages the rule was read on, which may be the same).
    A state without an entry has not been researched: absence never means "no protection".
    """

    title: Text  # the protected words, e.g. "nurse"
    kind: TitleKind
    rule: Text
    citation: Text
    url: Url
    effective: date | None = None
    notes: str | None = None


class State(Sourced, frozen=True):
    """One jurisdiction: its laws, state credentials and an explicit rule for every task."""

    code: Text
    name: Text
    regulation: Regulation
    ma_defined_in_law: Maybe[bool]
    summary: Text
    laws: list[Law]
    who_may_delegate: list[Delegator]
    tasks: dict[TaskId, dict[date, RuleValue | None]]
    state_credentials: list[StateCredential] = []
    notes: list[Text] = []
    titles: list[TitleRule] = []  # title-protection laws found for this state (absent = not researched)


class NationalValue(Record, frozen=True):
    """One dated value of a national (federal) rule."""

    summary: Text
    counts: list[str] = []  # credential ids the rule recognises
    conditions: list[Text] = []


class NationalRule(Sourced, frozen=True):
    """A federal layer on top of state law: CMS order entry, CLIA."""

    id: Text
    name: Text
    tasks: list[TaskId]
    summary: Text
    laws: list[Law]
    values: dict[date, NationalValue | None]
    reviewed: date
    notes: str | None = None
