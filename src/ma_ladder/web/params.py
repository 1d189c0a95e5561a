"""Request parameters, for the API and the pages alike: declared once as a msgspec ``Struct``, checked
by msgspec, and listed in the OpenAPI document from the same declaration.

FastAPI's own parameter machinery costs about 17 µs per parameter per request on this machine, more
than answering a scope question; a Struct is checked in a microsecond or two. A bad value is a
:class:`~ma_ladder.errors.UsageError` naming its parameter, which the app answers with a 422 (JSON
for the API, a page for the pages).
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any, TypeVar

import msgspec
from msgspec import Meta
from starlette.requests import Request

from ..errors import UsageError

Day = Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD; default today")] | None
Text = Annotated[str, Meta(max_length=80)] | None  # a page's free-text field: a name, a state, an id
Many = list[Annotated[str, Meta(max_length=80)]] | None  # a page's repeatable field (ticked boxes)
PATH_MAX = 80  # the longest id, code or slug a path may carry


class Query(msgspec.Struct, frozen=True):
    """Query parameters, declared once: msgspec checks them and the OpenAPI document lists them."""


class NoQuery(Query, frozen=True):
    pass


Q = TypeVar("Q", bound=Query)


@functools.cache
def _repeatable(model: type[Query]) -> frozenset[str]:
    """The parameters of a query model that may repeat (lists); worked out once per model."""
    return frozenset(f.name for f in msgspec.structs.fields(model) if "list" in repr(f.type))


def read(request: Request, model: type[Q]) -> Q:
    """The request's query parameters as ``model``; a bad one is a 422 that names it. Parameters the
    model does not declare are ignored, as a browser's form may send more."""
    lists = _repeatable(model)
    given: dict[str, Any] = {}
    for key, value in request.query_params.multi_items():
        if key in lists:
            given.setdefault(key, []).append(value)
        elif key in model.__struct_fields__:
            given[key] = value
    try:
        return msgspec.convert(given, model, strict=False)
    except msgspec.ValidationError as exc:
        text = str(exc)  # e.g. "Expected `float` >= 0.0 - at `$.renewal`"
        where = re.search(r" - at `\$\.([A-Za-z_]+)", text)
        field = where.group(1) if where else None
        said = _said(text.split(" - at ")[0])
        raise UsageError(f"{field}: {said}" if field else said, field) from None


def _said(problem: str) -> str:
    """msgspec's words for a bad value, in a person's: "Expected `str` of length <= 80" is "longer
    than 80 characters; shorten it"."""
    longest = re.fullmatch(r"Expected `str` of length <= (\d+)", problem)
    if longest:
        return f"longer than {longest.group(1)} characters; shorten it"
    if re.fullmatch(r"Expected `(float|int)( \| null)?`, got `str`", problem):
        return "expected a number, e.g. 0.5"
    if problem.startswith("Expected `str` matching regex") and "d{4}" in problem:
        return "expected a date as YYYY-MM-DD, e.g. 2026-01-31"
    return problem.replace("Expected `float`", "expected a number")


def path_param(request: Request, name: str, max_length: int = PATH_MAX) -> str:
    """A parameter of the URL's path, bounded in length like every other parameter (a 422 past it)."""
    value: str = request.path_params[name]
    if len(value) > max_length:
        raise UsageError(f"{name}: longer than {max_length} characters", name)
    return value


def etag_matches(header: str | None, etag: str) -> bool:
    """Does an If-None-Match header name this ETag (or ``*``)? Weak tags compare equal to strong ones."""
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag in tags


def parameters(model: type[Query]) -> list[dict[str, Any]]:
    """The OpenAPI entries of a query model's fields."""
    out = []
    for f in msgspec.structs.fields(model):
        schema = msgspec.json.schema(f.type)
        out.append({"name": f.name, "in": "query", "required": f.required, "schema": schema, **(
            {"description": schema["description"]} if "description" in schema else {}
        )})  # fmt: skip
    return out
