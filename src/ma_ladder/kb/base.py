"""The loaded knowledge base: every record by id, read-only, plus the indexes engines derive from it.

Engines are pure functions of a :class:`KnowledgeBase`. An index an engine needs (names to ids, the
start dates of a rule, wage rows by area) is built once per loaded knowledge base with
:meth:`KnowledgeBase.cached`, never per call, and lives next to the engine that uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import msgspec

from .schema import (
    Career,
    Claim,
    Credential,
    Dataset,
    NationalRule,
    Organization,
    ProgramType,
    SourceHost,
    State,
    StateCredential,
    Task,
    WageTable,
)

T = TypeVar("T")


class KnowledgeBase(msgspec.Struct, frozen=True, dict=True):
    """All knowledge, read-only, keyed by id. Only these fields are compiled; indexes are rebuilt on load."""

    dataset: Dataset
    organizations: dict[str, Organization]
    credentials: dict[str, Credential]
    program_types: dict[str, ProgramType]
    tasks: dict[str, Task]
    careers: dict[str, Career]
    claims: dict[str, Claim]
    states: dict[str, State]
    national: dict[str, NationalRule]
    wages: WageTable | None  # None where a knowledge base carries no wage data (test fixtures)
    # host -> how far it is trusted (knowledge/source_hosts.yaml); empty where a knowledge base has no
    # host list (test fixtures), and the default keeps records built before the list existed readable
    source_hosts: dict[str, SourceHost] = {}

    def cached(self, build: Callable[[KnowledgeBase], T]) -> T:
        """What ``build`` derives from this knowledge base, computed on first use and kept with it.

        Kept under the function itself, not its name: two builders may share a module and a name, and
        a state page asks for derived indexes about eighty times, where spelling a key from the
        function's module and name cost 0.3 µs each time."""
        derived: dict[Callable[..., Any], Any] = self.__dict__.get("_derived") or self.__dict__.setdefault(
            "_derived", {}
        )
        try:
            return derived[build]  # type: ignore[no-any-return]
        except KeyError:
            value = derived[build] = build(self)
            return value

    def state_credentials(self) -> dict[str, tuple[State, StateCredential]]:
        """State-issued credentials (``WA:MA-C``) with the state that issues each."""
        return self.cached(_state_credentials)

    def state_credential_ids(self) -> frozenset[str]:
        """Ids of credentials issued by states."""
        return self.cached(_state_credential_ids)

    def credential_ids(self) -> frozenset[str]:
        """Every credential id, national and state-issued."""
        return self.cached(_credential_ids)


def _state_credentials(kb: KnowledgeBase) -> dict[str, tuple[State, StateCredential]]:
    return {sc.id: (s, sc) for s in kb.states.values() for sc in s.state_credentials}


def _state_credential_ids(kb: KnowledgeBase) -> frozenset[str]:
    return frozenset(kb.state_credentials())


def _credential_ids(kb: KnowledgeBase) -> frozenset[str]:
    return frozenset(kb.credentials) | kb.state_credential_ids()
