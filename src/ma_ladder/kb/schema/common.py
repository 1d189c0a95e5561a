"""Building blocks shared by every knowledge-base record.

Every fact in MA Ladder says where it came from (``sources``), when that was true (``as_of``) and how
sure the research is (``confidence``). A value that the sources leave open is never guessed: it is an
:class:`Unclear` that carries the reason, so every interface can show *why* it is open.

Records are frozen msgspec Structs: plain, immutable objects that the engines read and the serializer
writes without importing any validation library. Pydantic validates them, but only when the knowledge
base is built from YAML (see :mod:`ma_ladder.kb.validate`): each record class tells pydantic its
shape through ``__get_pydantic_core_schema__``, and the constraints below (:class:`Check`) are
metadata that only pydantic reads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeAlias, TypeVar, Union

import msgspec

Confidence = Literal["high", "medium", "low"]


class Check:
    """Validation metadata for a field (``min_length=1``, a check function), applied by pydantic at build."""

    __slots__ = ("check", "constraints")

    def __init__(self, check: Callable[[Any], Any] | None = None, **constraints: object) -> None:
        self.check, self.constraints = check, constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from .. import validate  # the validation layer loads only when a knowledge base is built

        return validate.constrained(handler(source), self.check, self.constraints)


class Record(msgspec.Struct, frozen=True, gc=False):
    """Base of every record: immutable, keyword-only; unknown keys are errors when the YAML is validated."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from .. import validate

        return validate.record_schema(cls, handler)


def _check_url(url: str) -> str:
    """A source must be a public web address a reader can open."""
    if not url.startswith(("https://", "http://")) or " " in url:
        raise ValueError(f"not a public http(s) URL: {url!r}")
    return url


Url = Annotated[str, Check(_check_url)]
Text = Annotated[str, Check(min_length=1)]
NonNegative = Annotated[int, Check(ge=0)]


class Source(Record, frozen=True):
    """One public document a fact rests on; ``date`` is the date the document states, if any."""

    title: Text
    url: Url
    date: str | None = None


class Unclear(Record, frozen=True):
    """A value the sources leave open or disagree on; ``unclear`` holds the reason."""

    unclear: Text


class Sourced(Record, frozen=True):
    """A block of facts that share their sources, as-of date and confidence."""

    sources: Annotated[list[Source], Check(min_length=1)]
    as_of: date
    confidence: Confidence


class Range(Record, frozen=True):
    """A span such as "9 to 24 months"; ``min == max`` for a single figure."""

    min: float
    max: float

    def __str__(self) -> str:
        lo, hi = _fmt(self.min), _fmt(self.max)
        return lo if lo == hi else f"{lo}-{hi}"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


T = TypeVar("T")
Maybe: TypeAlias = Union[T, Unclear]  # noqa: UP007 - a generic alias needs Union
"""A value or an explained :class:`Unclear`."""


def is_unclear(value: object) -> bool:
    """True for an :class:`Unclear` value."""
    return isinstance(value, Unclear)
