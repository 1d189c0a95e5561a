"""Building blocks shared by every knowledge-base schema.

Every fact in MA Ladder says where it came from (``sources``), when that was true (``as_of``) and how
sure the research is (``confidence``). A value that the sources leave open is never guessed: it is an
:class:`Unclear` that carries the reason, so every interface can show *why* it is open.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, TypeAlias, TypeVar, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Confidence = Literal["high", "medium", "low"]


class Strict(BaseModel):
    """Base of every schema: unknown keys are errors, so a misspelt key can't silently drop a fact."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _check_url(url: str) -> str:
    """A source must be a public web address a reader can open."""
    if not url.startswith(("https://", "http://")) or " " in url:
        raise ValueError(f"not a public http(s) URL: {url!r}")
    return url


Url = Annotated[str, AfterValidator(_check_url)]
Text = Annotated[str, Field(min_length=1)]


class Source(Strict):
    """One public document a fact rests on."""

    title: Text
    url: Url
    date: Annotated[str | None, Field(description="date the document states, if any")] = None


class Unclear(Strict):
    """A value the sources leave open or disagree on; ``unclear`` holds the reason."""

    unclear: Text


class Sourced(Strict):
    """A block of facts that share their sources, as-of date and confidence."""

    sources: Annotated[list[Source], Field(min_length=1)]
    as_of: date
    confidence: Confidence


class Range(Strict):
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
