"""Schema of a jurisdiction's scope-of-practice rules (50 states and DC) and the national layer.

Rules are dated the OpenFisca way: each task maps effective-from dates to a value, the newest start
on or before the query date wins, ``null`` means repealed, and the end of a value is derived from the
next start, never stored twice.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from .catalog import TaskId
from .common import Confidence, Maybe, Source, Sourced, Strict, Text, Url

Decision = Literal["allowed", "allowed_with_conditions", "not_allowed", "unclear"]
Basis = Literal["express", "general_delegation", "board_guidance", "secondary_only", "none_found"]
Delegator = Literal["physician", "physician_assistant", "nurse_practitioner", "podiatrist", "other"]
Regulation = Literal["state_credential", "ma_statute", "board_rule", "general_delegation", "none_found"]


class Law(Strict):
    """A statute, rule or guidance document, cited the way the state cites it."""

    id: Text
    citation: Text
    title: Text
    url: Url | None = None
    kind: Literal["statute", "regulation", "board_guidance", "attorney_general", "bill"]
    effective: date | None = None
    summary: Text


class StateCredential(Sourced):
    """A credential or registration the state itself issues (e.g. ``WA:MA-C``)."""

    id: Text
    name: Text
    summary: Text
    requires: list[Text]
    satisfied_by: list[str] = Field(default_factory=list, description="national credential ids")
    ended: date | None = Field(None, description="the day the state stopped issuing it, if it did")


class Variant(Strict):
    """The outcome for holders of particular credentials, overriding the rule's base decision."""

    credentials: list[str] = Field(min_length=1)
    decision: Decision
    conditions: list[Text] = Field(default_factory=list)


class RuleValue(Strict):
    """One dated value of a task rule."""

    decision: Decision
    conditions: list[Text] = Field(default_factory=list)
    supervision: str | None = None
    delegators: list[Delegator] = Field(default_factory=list)
    training_hours: int | None = None
    excluded: list[Text] = Field(default_factory=list, description="routes or substances excluded")
    variants: list[Variant] = Field(default_factory=list)
    basis: Basis
    laws: list[str] = Field(default_factory=list, description="ids of laws in this file")
    sources: list[Source] = Field(min_length=1)
    confidence: Confidence
    reviewed: date
    notes: str | None = None


class State(Sourced):
    """One jurisdiction: its laws, state credentials and an explicit rule for every task."""

    code: Text
    name: Text
    regulation: Regulation
    ma_defined_in_law: Maybe[bool]
    summary: Text
    laws: list[Law]
    state_credentials: list[StateCredential] = Field(default_factory=list)
    who_may_delegate: list[Delegator]
    tasks: dict[TaskId, dict[date, RuleValue | None]]
    notes: list[Text] = Field(default_factory=list)


class NationalValue(Strict):
    """One dated value of a national (federal) rule."""

    summary: Text
    counts: list[str] = Field(default_factory=list, description="credential ids the rule recognises")
    conditions: list[Text] = Field(default_factory=list)


class NationalRule(Sourced):
    """A federal layer on top of state law: CMS order entry, CLIA."""

    id: Text
    name: Text
    tasks: list[TaskId]
    summary: Text
    laws: list[Law]
    values: dict[date, NationalValue | None]
    reviewed: date
